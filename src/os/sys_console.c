/* Choosing the console's foreground process. (Reading and writing the console go through
 * the file layer: file.c.) */
#include "abi/errno.h"
#include "proc.h"
#include "syscall.h"
#include "tty.h"

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
