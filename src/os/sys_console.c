/* Choosing the console's foreground process (and job). (Reading and writing the console go through
 * the file layer: file.c.) */
#include "abi/errno.h"
#include "proc.h"
#include "syscall.h"
#include "tty.h"

/* setpgid(pid, pgid): puts pid (0: the caller) into the process group pgid (0: its own,
 * led by itself), so that Ctrl-C reaches a whole job (tty.c). Only the caller or its
 * child. */
int32_t sys_setpgid(void)
{
    int pid = (int)syscall_argument(0), pgid = (int)syscall_argument(1);
    struct proc *self = current_proc();
    struct proc *target = pid == 0 ? self : proc_find(pid);
    if (!target || target->state != PROC_ALIVE)
        return -ESRCH;
    if (target != self && target->parent != self)
        return -EPERM;
    if (pgid < 0)
        return -EINVAL;
    target->pgid = pgid ? pgid : target->pid;
    return 0;
}

/* A live process that is pid or in the group pid leads: a job whose first command has
 * ended already (`ls /nosuch | ...`) is still there. */
static struct proc *live_member(int pid)
{
    for (int i = 0; pid > 0 && i < NPROC; i++)
        if (procs[i].state == PROC_ALIVE && (procs[i].pid == pid || procs[i].pgid == pid))
            return &procs[i];
    return 0;
}

/* setforeground(pid): makes pid, and the group it leads, what Ctrl-C interrupts, e.g. a
 * parent hands the console to the job it starts. The same permission rule as kill: a
 * process of one's own user, or any process for root. */
int32_t sys_setforeground(void)
{
    int pid = (int)syscall_argument(0);
    struct proc *target = live_member(pid);
    if (!target)
        return -ESRCH;
    struct proc *self = current_proc();
    if (self->uid != 0 && self->uid != target->uid)
        return -EPERM;
    tty_set_foreground(pid);
    return 0;
}
