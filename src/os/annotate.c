/* Writes the annotation device's registers: pid, tid, ASID and name, then COMMIT; and the
 * events that tell vmsim about the process table, system calls and memory. */
#include "annotate.h"

#include "board.h"
#include "devices/annotation.h"
#include "kalloc.h"
#include "machine_map.h"
#include "string.h"
#include "swap.h"

static volatile uint32_t *const device = (volatile uint32_t *)VMSIM_ANNOTATION_BASE;

/* Repeated reports of the same thread (a thread that blocks and is chosen again) are
 * left out, so the trace shows changes only. */
static uint32_t last_pid = 0xffffffffu, last_tid, last_asid;

static void report(uint32_t pid, uint32_t tid, uint32_t asid, const char *name)
{
    if (!board.has_annotation || (pid == last_pid && tid == last_tid && asid == last_asid))
        return;
    last_pid = pid;
    last_tid = tid;
    last_asid = asid;
    uint32_t words[ANNOTATION_NAME_SIZE / 4] = {0};
    strlcpy((char *)words, name, sizeof words);
    device[ANNOTATION_PID / 4] = pid;
    device[ANNOTATION_TID / 4] = tid;
    device[ANNOTATION_ASID / 4] = asid;
    for (uint32_t i = 0; i < ANNOTATION_NAME_SIZE / 4; i++)
        device[ANNOTATION_NAME / 4 + i] = words[i];
    device[ANNOTATION_COMMIT / 4] = 1;
}

void annotate_switch(const struct thread *t)
{
    report((uint32_t)t->proc->pid, (uint32_t)t->tid, t->proc->as.asid, t->proc->name);
}

void annotate_event(uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS], const char *name)
{
    if (!board.has_annotation)
        return; /* not vmsim (QEMU): nobody listens, and the store would fault */
    if (name) {
        uint32_t words[ANNOTATION_NAME_SIZE / 4] = {0};
        strlcpy((char *)words, name, sizeof words);
        /* The device copied NAME at the last COMMIT, so changing it here changes nothing
         * about who runs; report() writes it afresh before each COMMIT. */
        for (uint32_t i = 0; i < ANNOTATION_NAME_SIZE / 4; i++)
            device[ANNOTATION_NAME / 4 + i] = words[i];
    }
    device[ANNOTATION_EVENT_KIND / 4] = kind;
    for (uint32_t i = 0; i < ANNOTATION_EVENT_ARGS; i++)
        device[ANNOTATION_EVENT_ARG0 / 4 + i] = args[i];
    device[ANNOTATION_EVENT_REPORT / 4] = 1;
}

void annotate_thread_context(const struct thread *t)
{
    const uint32_t args[ANNOTATION_EVENT_ARGS] = {
        (uint32_t)t->proc->pid, (uint32_t)t->tid, (uint32_t)t->trapframe, (uint32_t)&t->context,
        addrspace_satp(&t->proc->as), (uint32_t)&t->state};
    _Static_assert(sizeof t->state == 4, "the debugger reads the state as a word");
    annotate_event(ANNOTATION_EVENT_THREAD_CONTEXT, args, t->proc->name);
}

void annotate_thread_context_gone(const struct thread *t)
{
    const uint32_t args[ANNOTATION_EVENT_ARGS] = {(uint32_t)t->proc->pid, (uint32_t)t->tid, 0, 0, 0};
    annotate_event(ANNOTATION_EVENT_THREAD_CONTEXT, args, t->proc->name);
}

void annotate_scheduler_context(const struct context *context, uint32_t satp)
{
    const uint32_t args[ANNOTATION_EVENT_ARGS] = {0, 0, 0, (uint32_t)context, satp};
    annotate_event(ANNOTATION_EVENT_THREAD_CONTEXT, args, "kernel");
}

void annotate_idle(void)
{
    report(0, 0, 0, "idle");
}

static uint32_t reported_state(const struct thread *t)
{
    if (t->proc->state == PROC_ZOMBIE)
        return ANNOTATION_PROC_ZOMBIE;
    switch (t->state) {
    case THREAD_RUNNABLE: return ANNOTATION_PROC_RUNNABLE;
    case THREAD_RUNNING: return ANNOTATION_PROC_RUNNING;
    case THREAD_BLOCKED: return ANNOTATION_PROC_BLOCKED;
    case THREAD_STOPPED: return ANNOTATION_PROC_STOPPED;
    case THREAD_EXITED: return ANNOTATION_PROC_ZOMBIE; /* kept until thread_join */
    case THREAD_UNUSED: break;
    }
    return ANNOTATION_PROC_GONE;
}

static void report_process(const struct proc *p, int tid, uint32_t state)
{
    uint32_t args[ANNOTATION_EVENT_ARGS] = {
        (uint32_t)p->pid, (uint32_t)tid, p->parent ? (uint32_t)p->parent->pid : 0, (uint32_t)p->uid, state,
        state == ANNOTATION_PROC_ZOMBIE || state == ANNOTATION_PROC_GONE ? 0 : addrspace_satp(&p->as),
        (uint32_t)WAIT_STATUS_AS_CODE(p->exit_status),
    };
    annotate_event(ANNOTATION_EVENT_PROCESS, args, p->name);
}

void annotate_thread(const struct thread *t)
{
    report_process(t->proc, t->tid, reported_state(t));
}

void annotate_thread_gone(const struct proc *p, int tid)
{
    report_process(p, tid, ANNOTATION_PROC_GONE);
}

void annotate_zombie(const struct proc *p)
{
    report_process(p, p->pid, ANNOTATION_PROC_ZOMBIE);
}

void annotate_syscall_enter(const struct thread *t, uint32_t number)
{
    const struct trapframe *f = t->trapframe;
    uint32_t args[ANNOTATION_EVENT_ARGS] = {
        (uint32_t)t->proc->pid, (uint32_t)t->tid, number, f->regs[REG_A0], f->regs[REG_A0 + 1],
        f->regs[REG_A0 + 2], f->epc,
    };
    annotate_event(ANNOTATION_EVENT_SYSCALL_ENTER, args, NULL);
}

void annotate_syscall_exit(const struct thread *t, uint32_t number, int32_t result)
{
    uint32_t args[ANNOTATION_EVENT_ARGS] = {(uint32_t)t->proc->pid, (uint32_t)t->tid, number, (uint32_t)result};
    annotate_event(ANNOTATION_EVENT_SYSCALL_EXIT, args, NULL);
}

void annotate_memory(void)
{
    static uint32_t last_free = 0xffffffffu, last_swap_outs;
    uint32_t free = pages_free_count();
    if (free == last_free && swap_counters.swap_outs == last_swap_outs)
        return;
    last_free = free;
    last_swap_outs = swap_counters.swap_outs;
    uint32_t args[ANNOTATION_EVENT_ARGS] = {free, pages_managed_count(), swap_slots_used(), swap_slots_total(),
                                            swap_counters.swap_outs, swap_counters.swap_ins};
    annotate_event(ANNOTATION_EVENT_MEMORY, args, NULL);
}

void annotate_frame_table(void)
{
    struct frame_table_layout t = kalloc_frame_table(); /* RAM is mapped at its physical addresses */
    uint32_t args[ANNOTATION_EVENT_ARGS] = {t.records, t.stride, t.count_offset, t.count_size, t.first_frame,
                                            t.frames};
    annotate_event(ANNOTATION_EVENT_FRAME_TABLE, args, NULL);
}
