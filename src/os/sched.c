/* The scheduling mechanism: a loop on the boot stack that asks the policy for a thread,
 * installs that thread's address space (satp with its ASID: no TLB flush) and switches to
 * it. A thread comes back here through sched() when it blocks, yields or exits. */
#include "sched.h"

#include "abi/kernel_options.h"
#include "annotate.h"
#include "printf.h"
#include "riscv.h"
#include "string.h"
#include "vm.h"

static struct context scheduler_context;
static const struct sched_policy *policy = &sched_round_robin;

bool sched_select_policy(const char *name)
{
    static const struct sched_policy *const all[] = {&sched_round_robin, &sched_priority};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(all[i]->name, name) == 0) {
            policy = all[i];
            return true;
        }
    }
    return false;
}

const struct sched_policy *sched_policy(void)
{
    return policy;
}

static uint32_t slice_ticks = KERNEL_SLICE_DEFAULT;

bool sched_set_slice(const char *ticks)
{
    uint32_t n = 0;
    if (!*ticks)
        return false;
    for (const char *p = ticks; *p; p++) {
        if (*p < '0' || *p > '9' || n > KERNEL_SLICE_MAX)
            return false;
        n = n * 10 + (uint32_t)(*p - '0');
    }
    if (n < KERNEL_SLICE_MIN || n > KERNEL_SLICE_MAX)
        return false;
    slice_ticks = n;
    return true;
}

uint32_t sched_slice(void)
{
    return slice_ticks;
}

bool thread_can_run(const struct thread *t)
{
    return t->state == THREAD_RUNNABLE && !(t->proc->stopped && !t->proc->killed);
}

void scheduler(void)
{
    annotate_scheduler_context(&scheduler_context, vm_kernel_satp());
    for (;;) {
        struct thread *t = policy->pick_next();
        if (!t) {
            /* Nothing to run: sleep until an interrupt. wfi wakes on a pending interrupt
             * even with SIE clear; enabling SIE then takes it (kernel_trap). */
            annotate_idle();
            interrupts_on();
            wait_for_interrupt();
            interrupts_off();
            continue;
        }
        thread_set_state(t, THREAD_RUNNING);
        t->slice_ticks = 0;
        set_current_thread(t);
        csr_write(satp, addrspace_satp(&t->proc->as));
        annotate_switch(t);
        annotate_memory();
        swtch(&scheduler_context, &t->context);
        set_current_thread(NULL);
    }
}

void sched(void)
{
    struct thread *t = current_thread();
    if (t->state == THREAD_RUNNING)
        panic("sched: thread %d is still RUNNING", t->tid);
    if (csr_read(sstatus) & MSTATUS_SIE)
        panic("sched: interrupts are on");
    swtch(&t->context, &scheduler_context);
}

void yield(void)
{
    thread_set_state(current_thread(), THREAD_RUNNABLE);
    sched();
}
