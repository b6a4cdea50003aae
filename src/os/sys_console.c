/* System calls on the console: write to file descriptors 1 and 2, read from 0 (through
 * the line discipline, tty.c), and choosing the foreground process. There are no other
 * files until the file system comes (issue 6). */
#include "abi/errno.h"
#include "console.h"
#include "proc.h"
#include "syscall.h"
#include "tty.h"
#include "uaccess.h"

#define CHUNK 128

/* write(fd, buffer, length): the number of bytes written. */
int32_t sys_write(void)
{
    int fd = (int)syscall_argument(0);
    uint32_t buffer = syscall_argument(1);
    uint32_t length = syscall_argument(2);
    if (fd != 1 && fd != 2)
        return -EINVAL;
    char chunk[CHUNK];
    for (uint32_t done = 0; done < length;) {
        uint32_t n = length - done < CHUNK ? length - done : CHUNK;
        if (copy_from_user(&current_proc()->as, chunk, buffer + done, n) < 0)
            return done ? (int32_t)done : -EFAULT;
        console_write(chunk, n);
        done += n;
    }
    return (int32_t)length;
}

/* read(fd, buffer, length): blocks until a line is typed (see tty.h); the caller becomes
 * the console's foreground process. */
int32_t sys_read(void)
{
    int fd = (int)syscall_argument(0);
    if (fd != 0)
        return -EINVAL;
    return tty_read(syscall_argument(1), syscall_argument(2));
}

/* setforeground(pid): makes pid the process Ctrl-C interrupts, e.g. a parent hands the
 * console to the child it starts. The same permission rule as kill: a process of one's
 * own user, or any process for root. */
int32_t sys_setforeground(void)
{
    int pid = (int)syscall_argument(0);
    struct proc *target = proc_find(pid);
    if (!target || target->state != PROC_ALIVE)
        return -ESRCH;
    struct proc *self = current_proc();
    if (self->uid != 0 && self->uid != target->uid)
        return -EPERM;
    tty_set_foreground(pid);
    return 0;
}
