/* What stat() and fstat() report. Shared by the kernel and user programs. */
#ifndef OS_ABI_STAT_H
#define OS_ABI_STAT_H

#include <stdint.h>

/* type: the inode types of abi/fs_format.h, plus pipes. */
#define S_TYPE_DIR 1
#define S_TYPE_FILE 2
#define S_TYPE_DEV 3
#define S_TYPE_PIPE 4

struct stat {
    uint32_t dev;   /* 1 for the disk, 0 for a pipe */
    uint32_t ino;
    uint16_t type;  /* S_TYPE_* */
    uint16_t nlink;
    uint16_t uid;
    uint16_t mode;
    uint32_t size;  /* bytes; for a pipe, bytes waiting to be read */
};

#endif
