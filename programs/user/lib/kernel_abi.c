/* The kernel's side of kernel_abi.h: its errno values, open() flags and clock ids by name,
 * in the order of abi_names.def (generated from src/os/abi/errno.h, fcntl.h and time.h, so a
 * name the kernel adds is translated too), and its struct stat. This file sees only the
 * kernel's headers; posix_abi.c lists the same names with picolibc's values. */
#include "os/abi/errno.h"
#include "os/abi/fcntl.h"
#include "os/abi/stat.h"
#include "os/abi/time.h"

#include "kernel_abi.h"

#define TABLE(kind) kernel_##kind
#define TABLE_STORAGE
#include "abi_tables.inc"

int __sys_stat(const char *path, struct stat *st);
int __sys_fstat(int fd, struct stat *st);

static int status_from_kernel(int result, const struct stat *st, struct file_status *status)
{
    if (result < 0)
        return result;
    *status = (struct file_status){
        .dev = st->st_dev, .ino = st->st_ino, .mode = st->st_mode, .nlink = st->st_nlink,
        .uid = st->st_uid, .gid = st->st_gid, .size = st->st_size, .blksize = st->st_blksize,
        .blocks = st->st_blocks, .atime_sec = st->st_atime_sec, .mtime_sec = st->st_mtime_sec,
        .ctime_sec = st->st_ctime_sec, .atime_nsec = st->st_atime_nsec,
        .mtime_nsec = st->st_mtime_nsec, .ctime_nsec = st->st_ctime_nsec};
    return 0;
}

int kernel_stat(const char *path, struct file_status *status)
{
    struct stat st;
    return status_from_kernel(__sys_stat(path, &st), &st, status);
}

int kernel_fstat(int fd, struct file_status *status)
{
    struct stat st;
    return status_from_kernel(__sys_fstat(fd, &st), &st, status);
}
