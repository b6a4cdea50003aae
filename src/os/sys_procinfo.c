/* procinfo(slot, info): what ps shows, one process at a time. */
#include "abi/errno.h"
#include "abi/procinfo.h"
#include "proc.h"
#include "string.h"
#include "syscall.h"
#include "uaccess.h"

static uint32_t state_of(const struct proc *p)
{
    if (p->state == PROC_ZOMBIE)
        return PROC_STATE_ZOMBIE;
    if (p->stopped)
        return PROC_STATE_STOPPED;
    uint32_t state = PROC_STATE_SLEEPING;
    for (int i = 0; i < (int)thread_slots_used; i++) {
        const struct thread *t = &threads[i];
        if (t->proc != p || t->state == THREAD_UNUSED)
            continue;
        if (t->state == THREAD_RUNNING)
            return PROC_STATE_RUNNING;
        if (t->state == THREAD_RUNNABLE)
            state = PROC_STATE_RUNNABLE;
    }
    return state;
}

/* Fills info with the first process at or after slot; returns the slot after it, or 0
 * when there is none. */
int32_t sys_procinfo(void)
{
    for (int slot = (int)syscall_argument(0); slot >= 0 && slot < NPROC; slot++) {
        const struct proc *p = &procs[slot];
        if (p->state == PROC_UNUSED)
            continue;
        struct procinfo info;
        memset(&info, 0, sizeof info);
        info.pid = p->pid;
        info.ppid = p->parent ? p->parent->pid : 0;
        info.uid = p->uid;
        info.state = state_of(p);
        info.cpu_ms = p->cpu_ticks;
        info.threads = (uint32_t)p->live_threads;
        info.priority = (uint32_t)p->priority;
        strlcpy(info.name, p->name, sizeof info.name);
        if (copy_to_user(&current_proc()->as, syscall_argument(1), &info, sizeof info) < 0)
            return -EFAULT;
        return slot + 1;
    }
    return 0;
}
