/* Disk images of the guest OS's file system (format: src/os/abi/fs_format.h), from the
 * host: make one, read and change files in it, check it. Used by the vmsim-fs tool and by
 * vmsim itself when it boots the guest OS for a program.
 *
 * Every function reports failure with one line in img->error (or err) that says what is
 * wrong; none crashes on a corrupt image. An image whose log holds a committed
 * transaction (the guest was stopped before installing it) is read through that log; one
 * opened for writing has the log replayed first, as the guest kernel does at mount. */
#ifndef VMSIM_FSIMAGE_H
#define VMSIM_FSIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "os/abi/fs_format.h"

#define FSIMAGE_ERROR_SIZE 256

struct fsimage {
    int fd;
    bool writable;
    struct fs_superblock sb;
    uint64_t file_bytes;
    /* A committed but not installed transaction: block target[i] reads from the log. */
    struct fs_log_header pending;
    char error[FSIMAGE_ERROR_SIZE];
};

/* Sizes for fsimage_create. */
#define FSIMAGE_DEFAULT_MIB 16u
#define FSIMAGE_LOG_BLOCKS 64u

/* Writes a new, empty file system of `mib` MiB to path (made or overwritten): root
 * directory only. */
bool fsimage_create(const char *path, uint32_t mib, char *err, size_t err_size);

/* Opens an image; false with a reason in err when it is not one (too small, bad
 * superblock). */
bool fsimage_open(struct fsimage *img, const char *path, bool writable, char *err, size_t err_size);
void fsimage_close(struct fsimage *img);

/* The inode number of a path ("/a/b"), or 0 with img->error set. */
uint32_t fsimage_lookup(struct fsimage *img, const char *path);
bool fsimage_read_inode(struct fsimage *img, uint32_t inum, struct fs_inode *out);

/* Calls visit for each entry of the directory at path (not "." and ".."). */
bool fsimage_list(struct fsimage *img, const char *path,
                  void (*visit)(void *opaque, const char *name, uint32_t inum, const struct fs_inode *inode),
                  void *opaque);

/* A block as the file system sees it (through a committed log). */
bool fsimage_read_block(struct fsimage *img, uint32_t blockno, void *data);
/* The contents of an inode, malloc'd (*size bytes); NULL with img->error set. */
uint8_t *fsimage_read_contents(struct fsimage *img, const struct fs_inode *inode, uint32_t *size);

/* The contents of the file at path, malloc'd (*size bytes); NULL with img->error set. */
uint8_t *fsimage_read_file(struct fsimage *img, const char *path, uint32_t *size);

/* Makes a directory (and its missing parents); fine if it exists. */
bool fsimage_mkdir(struct fsimage *img, const char *path, uint16_t uid, uint16_t mode);
/* Creates or replaces the file at path with these contents. */
bool fsimage_write_file(struct fsimage *img, const char *path, const void *data, uint32_t size, uint16_t uid,
                        uint16_t mode);
/* Makes a device file (FS_T_DEV) with the given major number. */
bool fsimage_mknod(struct fsimage *img, const char *path, uint32_t major);

/* Checks the whole image; writes one line per problem to report (may be NULL) and
 * returns how many it found (0: consistent). */
unsigned fsimage_check(struct fsimage *img, FILE *report);

#endif
