/* What fsimage.c and fsimage_check.c share: the open image and block-level helpers. */
#ifndef VMSIM_FSIMAGE_FSIMAGE_INTERNAL_H
#define VMSIM_FSIMAGE_FSIMAGE_INTERNAL_H

#include "fsimage/fsimage.h"

#include "abi/fs_format.h"

struct fsimage {
    uint8_t *data;     /* the whole image */
    size_t size;       /* bytes in data (the file's size) */
    uint8_t *dirty;    /* one byte per block of data: changed since loading */
    uint32_t dirty_blocks; /* blocks in `dirty` */
    struct fs_superblock sb; /* checked copy of block 1 */
    uint32_t inode_blocks, bitmap_blocks;
    uint32_t log_replayed;
    uint32_t log_to_finish; /* blocks of the replayed log the file still holds committed */
    int fd;            /* the file fsimage_open read, or -1 */
    char *path;        /* its real name, for saving by copy and rename */
    enum fsimage_save_way last_save_way;
    /* Tests only: a save stops (as if the host crashed) before its write number
     * crash_before_write (counting from 0, renames included); -1: never. */
    int64_t crash_before_write;
    bool writable;
    char error[256];
};

static inline uint8_t *fsimage_block(struct fsimage *fs, uint32_t b)
{
    return fs->data + (size_t)b * FS_BLOCK_SIZE;
}

/* True if b may hold file contents, a directory or an indirect block. */
static inline bool fsimage_is_data_block(const struct fsimage *fs, uint32_t b)
{
    return b >= fs->sb.data_start && b < fs->sb.size;
}

static inline struct fs_inode *fsimage_inode(struct fsimage *fs, uint32_t ino)
{
    return (struct fs_inode *)(fsimage_block(fs, fs->sb.inode_start + ino / FS_INODES_PER_BLOCK)) +
           ino % FS_INODES_PER_BLOCK;
}

static inline bool fsimage_bitmap_get(struct fsimage *fs, uint32_t b)
{
    uint8_t *bitmap = fsimage_block(fs, fs->sb.bitmap_start);
    return (bitmap[b / 8] >> (b % 8)) & 1;
}

/* Records a failure in fs->error and returns status. */
enum fsimage_status fsimage_fail(struct fsimage *fs, enum fsimage_status status,
                                 const char *format, ...) __attribute__((format(printf, 3, 4)));

#endif
