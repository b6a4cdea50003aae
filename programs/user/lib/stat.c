/* fstat, stat and isatty: the kernel's struct stat (src/os/abi/stat.h, named kernel_stat
 * here) in picolibc's struct stat, its type as the S_IF* bits of st_mode. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#define stat kernel_stat
#include "os/abi/stat.h"
#undef stat

#include "vmsim.h"

int __sys_fstat(int fd, struct kernel_stat *st);
int __sys_stat(const char *path, struct kernel_stat *st);
long __syscall_failed(long result);

static mode_t mode_of_type(unsigned type)
{
    switch (type) {
    case S_TYPE_DIR: return S_IFDIR;
    case S_TYPE_FILE: return S_IFREG;
    case S_TYPE_DEV: return S_IFCHR;
    case S_TYPE_PIPE: return S_IFIFO;
    default: return 0;
    }
}

static int stat_from_kernel(int result, const struct kernel_stat *kernel, struct stat *st)
{
    if (result < 0)
        return (int)__syscall_failed(result);
    memset(st, 0, sizeof *st);
    st->st_dev = (dev_t)kernel->dev;
    st->st_ino = (ino_t)kernel->ino;
    st->st_mode = mode_of_type(kernel->type) | (kernel->mode & 07777);
    st->st_nlink = kernel->nlink;
    st->st_uid = kernel->uid;
    st->st_size = (off_t)kernel->size;
    st->st_blksize = 1024;
    st->st_blocks = (blkcnt_t)((kernel->size + 511) / 512);
    return 0;
}

int fstat(int fd, struct stat *st)
{
    struct kernel_stat kernel;
    return stat_from_kernel(__sys_fstat(fd, &kernel), &kernel, st);
}

int stat(const char *path, struct stat *st)
{
    struct kernel_stat kernel;
    return stat_from_kernel(__sys_stat(path, &kernel), &kernel, st);
}

int lstat(const char *path, struct stat *st)
{
    return stat(path, st); /* there are no symbolic links */
}

int isatty(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return 0;
    if (!S_ISCHR(st.st_mode)) {
        errno = ENOTTY;
        return 0;
    }
    return 1;
}
