/* Error numbers, returned negated by system calls. The values are Linux's, so they read
 * familiar in a debugger. Shared by the kernel and user programs. */
#ifndef OS_ABI_ERRNO_H
#define OS_ABI_ERRNO_H

#define EPERM 1   /* not allowed: another user's process, or not root */
#define ENOENT 2  /* no such file, directory or program */
#define ESRCH 3   /* no such process or thread */
#define EINTR 4   /* a signal interrupted a blocking call */
#define E2BIG 7   /* too many or too long exec arguments */
#define ECHILD 10 /* no child to wait for */
#define EAGAIN 11 /* process or thread table full */
#define ENOMEM 12 /* out of physical memory, or beyond the address-space limit */
#define EFAULT 14 /* a bad user pointer */
#define EBUSY 16  /* exec while other threads run */
#define EINVAL 22 /* a bad argument */
#define ENOSYS 38 /* no such system call */
#define ENOEXEC 8 /* the program is not a valid RV32 ELF executable */
#define EIO 5           /* the disk failed */
#define EBADF 9         /* not an open file descriptor, or not open for that */
#define EACCES 13       /* permission denied */
#define EEXIST 17       /* the name exists already */
#define EXDEV 18        /* not on the same device */
#define ENOTDIR 20      /* a path component is not a directory */
#define EISDIR 21       /* a directory where a file was wanted */
#define ENFILE 23       /* the kernel's open-file table is full */
#define EMFILE 24       /* this process's descriptor table is full */
#define EFBIG 27        /* the file would grow past the largest size */
#define ENOSPC 28       /* no free block or inode on the disk */
#define ESPIPE 29       /* lseek on a pipe or the console */
#define EPIPE 32        /* write to a pipe nobody reads (SIGPIPE comes too) */
#define ENAMETOOLONG 36 /* a path or a name too long */
#define ENOTEMPTY 39    /* rmdir of a directory that is not empty */
#define ENOTTY 25       /* not a terminal (isatty) */
#define ELOOP 40        /* rename of a directory into itself */
#define ETIMEDOUT 110   /* futex_wait's timeout passed */
#define EMLINK 31       /* a file with 65535 names already */
#define ETXTBSY 26      /* writing a running program's file, or running one open for writing */

#endif
