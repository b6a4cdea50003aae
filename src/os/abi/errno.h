/* Error numbers, returned negated by system calls. The values are Linux's, so they read
 * familiar in a debugger. Shared by the kernel and user programs. */
#ifndef OS_ABI_ERRNO_H
#define OS_ABI_ERRNO_H

#define EPERM 1   /* not allowed: another user's process, or not root */
#define ENOENT 2  /* no such program */
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

#endif
