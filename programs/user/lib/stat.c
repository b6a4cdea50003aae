/* fstat, stat and isatty: the kernel's record (kernel_abi.c) in picolibc's struct stat. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel_abi.h"
#include "vmsim.h"

int __sys_isatty(int fd);

static int stat_from_kernel(int result, const struct file_status *kernel, struct stat *st)
{
    if (result < 0)
        return (int)__syscall_failed(result);
    memset(st, 0, sizeof *st);
    st->st_dev = (dev_t)kernel->dev;
    st->st_ino = (ino_t)kernel->ino;
    st->st_mode = (mode_t)kernel->mode;
    st->st_nlink = (nlink_t)kernel->nlink;
    st->st_uid = (uid_t)kernel->uid;
    st->st_gid = (gid_t)kernel->gid;
    st->st_size = (off_t)kernel->size;
    st->st_blksize = (blksize_t)kernel->blksize;
    st->st_blocks = (blkcnt_t)kernel->blocks;
    st->st_atim = (struct timespec){kernel->atime_sec, (long)kernel->atime_nsec};
    st->st_mtim = (struct timespec){kernel->mtime_sec, (long)kernel->mtime_nsec};
    st->st_ctim = (struct timespec){kernel->ctime_sec, (long)kernel->ctime_nsec};
    return 0;
}

int fstat(int fd, struct stat *st)
{
    struct file_status kernel;
    return stat_from_kernel(kernel_fstat(fd, &kernel), &kernel, st);
}

int stat(const char *path, struct stat *st)
{
    struct file_status kernel;
    return stat_from_kernel(kernel_stat(path, &kernel), &kernel, st);
}

int lstat(const char *path, struct stat *st)
{
    return stat(path, st); /* there are no symbolic links */
}

/* 1 for the console; else 0 with errno ENOTTY or EBADF (the kernel's -errno). */
int isatty(int fd)
{
    int result = __sys_isatty(fd);
    if (result < 0) {
        __syscall_failed(result);
        return 0;
    }
    return result;
}
