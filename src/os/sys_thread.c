/* System calls about threads: several threads share one process's address space. */
#include "abi/errno.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"

/* thread_spawn(entry, a0, a1, stack_top): the new thread starts at entry with a0, a1 and
 * sp set; the user library passes its own start routine as entry (user/lib/thread.c). */
int32_t sys_thread_spawn(void)
{
    return thread_create(syscall_argument(0), syscall_argument(1), syscall_argument(2), syscall_argument(3));
}

int32_t sys_thread_exit(void)
{
    thread_exit(syscall_argument(0));
}

/* thread_join(tid, uint32_t *value or 0) */
int32_t sys_thread_join(void)
{
    uint32_t value;
    int error = thread_join((int)syscall_argument(0), &value);
    uint32_t address = syscall_argument(1);
    if (error == 0 && address && copy_to_user(&current_proc()->as, address, &value, sizeof value) < 0)
        return -EFAULT;
    return error;
}

int32_t sys_gettid(void)
{
    return current_thread()->tid;
}
