/* The redo log. A transaction collects the buffers it changes (pinned in the cache); the
 * outermost end_op commits: the blocks go to the log area, the header with their homes
 * is written (the commit point), the blocks go home, and the header is cleared.
 *
 * Transactions never overlap: file-system calls do not sleep and the kernel is not
 * preemptible (see bio.c), so unlike xv6 there is no group commit and no waiting for room.
 * A call whose changes could overflow the log splits its work (file writes go in chunks). */
#include "log.h"

#include "printf.h"

static struct {
    uint32_t start; /* the header block */
    uint32_t capacity; /* blocks a transaction may log */
    int depth;
    struct fs_log_header header;
    struct buf *bufs[FS_LOG_MAX_BLOCKS];
} log;

static uint8_t scratch[FS_BLOCK_SIZE];

static void write_header(void)
{
    block_write(log.start, &log.header);
}

static void install(void)
{
    for (uint32_t i = 0; i < log.header.n; i++) {
        block_read(log.start + 1 + i, scratch);
        block_write(log.header.target[i], scratch);
    }
}

void log_init(const struct fs_superblock *sb)
{
    log.start = sb->log_start;
    log.capacity = sb->nlog - 1;
    if (log.capacity > FS_LOG_MAX_BLOCKS)
        log.capacity = FS_LOG_MAX_BLOCKS;
    block_read(log.start, &log.header);
    if (log.header.n > log.capacity)
        panic("fs: the log header says %u blocks but the log holds %u", (unsigned)log.header.n,
              (unsigned)log.capacity);
    if (log.header.n) {
        kprintf("fs: replaying a committed transaction of %u blocks\n", (unsigned)log.header.n);
        install();
    }
    log.header.n = 0;
    write_header();
}

void begin_op(void)
{
    log.depth++;
}

static void commit(void)
{
    if (!log.header.n)
        return;
    for (uint32_t i = 0; i < log.header.n; i++)
        block_write(log.start + 1 + i, log.bufs[i]->data);
    write_header(); /* the commit point */
    for (uint32_t i = 0; i < log.header.n; i++) {
        bwrite(log.bufs[i]);
        brelse(log.bufs[i]); /* unpin */
    }
    log.header.n = 0;
    write_header();
}

void end_op(void)
{
    if (log.depth <= 0)
        panic("end_op without begin_op");
    if (--log.depth == 0)
        commit();
}

void log_write(struct buf *b)
{
    if (log.depth <= 0)
        panic("log_write outside a transaction");
    for (uint32_t i = 0; i < log.header.n; i++)
        if (log.header.target[i] == b->blockno)
            return; /* already logged: the commit writes its latest contents */
    if (log.header.n == log.capacity)
        panic("log_write: transaction larger than the log (%u blocks)", (unsigned)log.capacity);
    log.header.target[log.header.n] = b->blockno;
    log.bufs[log.header.n] = b;
    log.header.n++;
    b->refs++; /* pinned until the commit */
}

uint32_t log_room(void)
{
    return log.capacity - log.header.n;
}
