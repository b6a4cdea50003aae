/* The buffer cache: copies of disk blocks in memory, so that blocks in use are read once
 * and the log can hold the blocks of a transaction until it commits. */
#ifndef OS_BIO_H
#define OS_BIO_H

#include "abi/fs_format.h"
#include "types.h"

struct buf {
    uint32_t blockno;
    bool valid;     /* data holds the block's contents */
    int refs;       /* users; a referenced buffer is never recycled */
    uint32_t last_use;
    uint8_t data[FS_BLOCK_SIZE];
};

/* The block, read from the disk unless cached; the caller must brelse it. A disk error
 * is fatal (panic): the kernel cannot go on with a disk it cannot read. */
struct buf *bread(uint32_t blockno);
/* Writes the buffer to its home on the disk now (the log uses it when it installs). */
void bwrite(struct buf *b);
void brelse(struct buf *b);

/* Block I/O that bypasses the cache (the log's own blocks, replay). */
void block_read(uint32_t blockno, void *data);
void block_write(uint32_t blockno, const void *data);

#endif
