/* The buffer cache: NBUF block buffers, least recently used recycled first.
 *
 * No locks: a file-system call never sleeps (the disk driver polls) and the kernel is not
 * preemptible, so one call runs from start to end before another thread can touch the
 * cache. */
#include "bio.h"

#include "printf.h"
#include "virtio_disk.h"

/* Room for a full transaction (pinned by the log until it commits) and a working set. */
#define NBUF 96

static struct buf bufs[NBUF];
static uint32_t use_clock;

void block_read(uint32_t blockno, void *data)
{
    if (!disk_transfer((uint64_t)blockno * FS_SECTORS_PER_BLOCK, data, FS_SECTORS_PER_BLOCK, false))
        panic("disk: cannot read block %u", (unsigned)blockno);
}

void block_write(uint32_t blockno, const void *data)
{
    if (!disk_transfer((uint64_t)blockno * FS_SECTORS_PER_BLOCK, (void *)data, FS_SECTORS_PER_BLOCK, true))
        panic("disk: cannot write block %u", (unsigned)blockno);
}

struct buf *bread(uint32_t blockno)
{
    struct buf *victim = NULL;
    for (int i = 0; i < NBUF; i++) {
        struct buf *b = &bufs[i];
        if (b->valid && b->blockno == blockno) {
            b->refs++;
            b->last_use = ++use_clock;
            return b;
        }
        if (b->refs == 0 && (!victim || !b->valid || (victim->valid && b->last_use < victim->last_use)))
            victim = b;
    }
    if (!victim)
        panic("bread: every buffer is in use");
    victim->blockno = blockno;
    victim->refs = 1;
    victim->last_use = ++use_clock;
    victim->valid = false;
    block_read(blockno, victim->data);
    victim->valid = true;
    return victim;
}

void bwrite(struct buf *b)
{
    block_write(b->blockno, b->data);
}

void brelse(struct buf *b)
{
    if (b->refs <= 0)
        panic("brelse: buffer of block %u is not in use", (unsigned)b->blockno);
    b->refs--;
}
