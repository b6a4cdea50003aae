/* Telling vmsim who runs: the kernel reports every context switch to the annotation
 * device (src/devices/annotation.h), so that vmsim's statistics and trace name processes,
 * not only ASIDs. On other machines the writes would go nowhere harmful: the device page
 * is mapped by the kernel only. */
#ifndef OS_ANNOTATE_H
#define OS_ANNOTATE_H

#include "devices/annotation.h"
#include "proc.h"

/* t is about to run (satp already selects its address space). */
void annotate_switch(const struct thread *t);

/* Reports an event (ANNOTATION_EVENT_*, src/devices/annotation.h) with its arguments;
 * name, when not NULL, goes in the NAME registers for the kinds that carry one. */
void annotate_event(uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS], const char *name);

/* Tells the debugger where t's registers are saved while it does not run (its trapframe
 * and its swtch context, physical addresses: the kernel maps RAM at its physical
 * addresses) and which satp its address space has. Called when a thread is created and
 * when its process execs. */
void annotate_thread_context(const struct thread *t);

/* t's slot is free again: the debugger forgets it. */
void annotate_thread_context_gone(const struct thread *t);

/* The scheduler's own context (pid 0, tid 0): where the kernel is when no thread runs. */
void annotate_scheduler_context(const struct context *context, uint32_t satp);

/* Nothing runs: the CPU idles in the scheduler (pid 0, ASID 0, "idle"). */
void annotate_idle(void);

/* PROCESS: t's entry in the process table as it is now (its state, its process's name,
 * user, parent and address space). Called at every change of a thread's state, at exec and
 * setuid. A thread whose process is a zombie is reported ZOMBIE with the exit status. */
void annotate_thread(const struct thread *t);
/* PROCESS GONE: thread tid of p left the table (joined, reaped, or its process ended). */
void annotate_thread_gone(const struct proc *p, int tid);

/* PROCESS ZOMBIE: p ended; its main thread's row holds the exit status until the reap. */
void annotate_zombie(const struct proc *p);

/* SYSCALL_ENTER and SYSCALL_EXIT of system call `number` by t. */
void annotate_syscall_enter(const struct thread *t, uint32_t number);
void annotate_syscall_exit(const struct thread *t, uint32_t number, int32_t result);

/* MEMORY: free and managed frames, when they changed since the last report. */
void annotate_memory(void);

/* FRAME_TABLE: where the allocator keeps each frame's reference count (once, after
 * kalloc_init). */
void annotate_frame_table(void);

#endif
