/* Between picolibc's numbers and the kernel's (src/os/abi, Linux's values): errno values
 * from 35 up, open()'s flags and the clock ids differ, and the kernel's struct stat is not
 * picolibc's. Internal to the user library. */
#ifndef USER_LIB_KERNEL_ABI_H
#define USER_LIB_KERNEL_ABI_H

#include <stdint.h>

/* picolibc's errno for the kernel's error number (positive); an unknown one as it is. */
int errno_from_kernel(int kernel_errno);

/* open()'s flags in the kernel's values; flags the kernel does not know are dropped. */
int open_flags_to_kernel(int flags);

/* The kernel's clock id for picolibc's, or -1 (which the kernel refuses) for none. */
int clock_to_kernel(int clock);

/* What the kernel's stat and fstat report, in types both sides know. st_mode carries the
 * S_IF* type bits, whose values POSIX fixes (the same in picolibc and the kernel). */
struct file_status {
    uint32_t dev, ino, mode, nlink, uid, gid, size, blksize, blocks;
    int64_t atime_sec, mtime_sec, ctime_sec;
    uint32_t atime_nsec, mtime_nsec, ctime_nsec;
};

/* The kernel's stat and fstat: 0, or its -errno. */
int kernel_stat(const char *path, struct file_status *status);
int kernel_fstat(int fd, struct file_status *status);

#endif
