/* What stat() and fstat() report, with POSIX's field names and Linux's S_IF* values.
 * Shared by the kernel and user programs.
 *
 * The times are kept by the kernel while it holds the inode in memory, not on the disk
 * (the on-disk inode has no room for them): a file the inode cache has let go of reports
 * 0 for each. They are guest time, seconds and nanoseconds of CLOCK_REALTIME (abi/time.h).
 * The time fields are named *_sec rather than st_atime..., so that a C library whose
 * <sys/stat.h> makes st_atime a macro can include this header too. */
#ifndef OS_ABI_STAT_H
#define OS_ABI_STAT_H

#include <stdint.h>

#define S_IFMT 0170000
#define S_IFIFO 0010000 /* a pipe */
#define S_IFCHR 0020000 /* a device: the console, /dev/null */
#define S_IFDIR 0040000
#define S_IFREG 0100000

#define S_ISFIFO(mode) (((mode) & S_IFMT) == S_IFIFO)
#define S_ISCHR(mode) (((mode) & S_IFMT) == S_IFCHR)
#define S_ISDIR(mode) (((mode) & S_IFMT) == S_IFDIR)
#define S_ISREG(mode) (((mode) & S_IFMT) == S_IFREG)

/* Permission bits: owner, group, others. The file system has no groups: a user who does
 * not own a file gets its "others" bits (docs/os.md, "Users and permissions"). */
#define S_IRWXU 0700
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXG 0070
#define S_IRGRP 0040
#define S_IWGRP 0020
#define S_IXGRP 0010
#define S_IRWXO 0007
#define S_IROTH 0004
#define S_IWOTH 0002
#define S_IXOTH 0001
#define S_ISUID 04000 /* kept, not acted on */
#define S_ISGID 02000 /* kept, not acted on */
#define S_ISVTX 01000 /* kept, not acted on */

struct stat {
    uint32_t st_dev;     /* 1 for the disk, 0 for a pipe or the console */
    uint32_t st_ino;
    uint32_t st_mode;    /* S_IF* type | permission bits */
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;     /* always 0: no groups */
    uint32_t st_size;    /* bytes; for a pipe, bytes waiting to be read */
    uint32_t st_blksize; /* the file system's block size */
    uint32_t st_blocks;  /* 512-byte units of disk the file uses, its block tables included */
    uint32_t st_reserved;
    int64_t st_atime_sec;
    int64_t st_mtime_sec;
    int64_t st_ctime_sec;
    uint32_t st_atime_nsec;
    uint32_t st_mtime_nsec;
    uint32_t st_ctime_nsec;
    uint32_t st_reserved2;
};

_Static_assert(sizeof(struct stat) == 80, "struct stat is 80 bytes, the same in every build");

#endif
