/* Choosing and killing a process when memory runs out. */
#include "oom.h"

#include "abi/signal.h"
#include "printf.h"
#include "proc.h"
#include "sched.h"
#include "signal.h"

void oom_kill_largest(void)
{
    struct proc *self = current_proc();
    if (self->killed)
        return; /* it ends on its way back to user mode */
    struct proc *victim = NULL;
    uint32_t most = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &procs[i];
        if (p->state != PROC_ALIVE)
            continue;
        if (p->killed && p != self) {
            /* Its memory comes back once it has run to its exit: wait for that. */
            yield();
            return;
        }
        if (p->pid == 1 && p != self)
            continue; /* init keeps the system up */
        uint32_t pages = addrspace_resident_pages(&p->as);
        if (!victim || pages > most) {
            victim = p;
            most = pages;
        }
    }
    kprintf("out of memory: killed pid %d (%s), the largest process (%u KiB resident)\n", victim->pid,
            victim->name, (unsigned)most * 4);
    signal_post(victim, SIGKILL);
    if (victim != self)
        yield();
}
