/* Scheduling: the mechanism (the scheduler loop and swtch, sched.c) kept apart from the
 * policy (which runnable thread goes next and when a time slice ends, sched_*.c). */
#ifndef OS_SCHED_H
#define OS_SCHED_H

#include "proc.h"

struct sched_policy {
    const char *name;
    /* A RUNNABLE thread whose process is not stopped, or NULL if there is none. */
    struct thread *(*pick_next)(void);
    /* Called at every timer tick while `running` runs in user mode; true when its time
     * slice is used up and it should yield the CPU. */
    bool (*tick)(struct thread *running);
};

extern const struct sched_policy sched_round_robin;
extern const struct sched_policy sched_priority;

/* Chooses the policy by name ("rr", "priority"); false if there is no such policy. */
bool sched_select_policy(const char *name);
const struct sched_policy *sched_policy(void);

/* The time slice of every policy, in timer ticks (kernel option slice=, default
 * KERNEL_SLICE_DEFAULT). sched_set_slice takes the option's text; false if it is not a
 * number from KERNEL_SLICE_MIN to KERNEL_SLICE_MAX. */
bool sched_set_slice(const char *ticks);
uint32_t sched_slice(void);

/* The scheduler loop: picks a thread, switches to its address space and registers, and
 * runs it until it gives up the CPU. Never returns. */
void scheduler(void) __attribute__((noreturn));

/* Gives the CPU back to the scheduler. Precondition: the caller changed the current
 * thread's state away from RUNNING. Returns when the thread is chosen again. */
void sched(void);

/* RUNNING -> RUNNABLE, and let another thread run. */
void yield(void);

/* Saves the callee-saved registers in *old and loads them from *new (swtch.S). */
void swtch(struct context *old, struct context *new);

/* True if threads[i] may be chosen to run (used by the policies). */
bool thread_can_run(const struct thread *t);

#endif
