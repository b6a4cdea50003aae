/* System calls on the console: write to file descriptors 1 and 2, read from 0. There are
 * no other files until the file system comes (issue 6). */
#include "abi/errno.h"
#include "console.h"
#include "proc.h"
#include "syscall.h"
#include "timer.h"
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

/* read(fd, buffer, length): waits for at least one byte, then returns what has arrived,
 * up to the end of a line. The UART is polled once a tick until interrupts come. */
int32_t sys_read(void)
{
    int fd = (int)syscall_argument(0);
    uint32_t buffer = syscall_argument(1);
    uint32_t length = syscall_argument(2);
    if (fd != 0)
        return -EINVAL;
    uint32_t done = 0;
    while (done < length) {
        int c = console_get_char();
        if (c < 0) {
            if (done)
                break;
            if (sleep_on((const void *)&timer_ticks) < 0)
                return -EINTR;
            continue;
        }
        char byte = (char)c;
        if (copy_to_user(&current_proc()->as, buffer + done, &byte, 1) < 0)
            return -EFAULT;
        done++;
        if (byte == '\n')
            break;
    }
    return (int32_t)done;
}
