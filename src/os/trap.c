/* What happens at a trap. From U mode: a system call, an exception that belongs to the
 * thread that caused it (a page fault may be demand paging; anything else kills the
 * process with a message saying what and where), or an interrupt, handled whoever runs.
 * From S mode: only interrupts while the scheduler idles. */
#include "trap.h"

#include "abi/signal.h"
#include "annotate.h"
#include "console.h"
#include "machine_map.h"
#include "oom.h"
#include "plic.h"
#include "printf.h"
#include "riscv.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "timer.h"

void trap_vector(void);
void trap_return_to_user(struct trapframe *frame) __attribute__((noreturn));
void user_trap(struct trapframe *frame);
void kernel_trap(void);

void trap_init(void)
{
    csr_write(stvec, (uint32_t)trap_vector);
    csr_write(sscratch, 0);
}

/* The signal a fatal exception stands for, as on Unix. */
static int exception_signal(uint32_t cause)
{
    switch (cause) {
    case CAUSE_ILLEGAL_INSTRUCTION: return SIGILL;
    case CAUSE_MISALIGNED_FETCH:
    case CAUSE_MISALIGNED_LOAD:
    case CAUSE_MISALIGNED_STORE: return SIGBUS;
    default: return SIGSEGV;
    }
}

static bool is_page_fault(uint32_t cause)
{
    return cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT ||
           cause == CAUSE_STORE_PAGE_FAULT;
}

static enum access_kind page_fault_access(uint32_t cause)
{
    if (cause == CAUSE_FETCH_PAGE_FAULT)
        return ACCESS_EXECUTE;
    return cause == CAUSE_STORE_PAGE_FAULT ? ACCESS_WRITE : ACCESS_READ;
}

/* Tells vmsim (the trace, the statistics) what a page fault was. */
static void annotate_page_fault(const struct thread *t, uint32_t cause, uint32_t va, const struct fault_report *report)
{
    uint32_t args[ANNOTATION_EVENT_ARGS] = {(uint32_t)t->proc->pid, (uint32_t)t->tid, va, report->kind,
                                            report->frame, cause, t->trapframe->epc};
    annotate_event(ANNOTATION_EVENT_PAGE_FAULT, args, NULL);
}

/* An exception belongs to the thread that caused it: a page fault in a region the
 * process owns is demand paging or copy-on-write; everything else ends the process (only
 * it). */
static void user_exception(struct thread *t, uint32_t cause, uint32_t tval)
{
    struct proc *p = t->proc;
    const char *why = "";
    if (is_page_fault(cause)) {
        struct fault_report report;
        enum fault_result result = addrspace_fault(&p->as, tval, page_fault_access(cause), &report);
        if (result == FAULT_HANDLED) {
            if (report.kind)
                annotate_page_fault(t, cause, tval, &report);
            return;
        }
        if (result == FAULT_OUT_OF_MEMORY) {
            oom_kill_largest(); /* then the access is retried, or this process ends */
            return;
        }
        why = fault_result_name(result);
        report.kind = ANNOTATION_FAULT_PROTECTION;
        report.frame = 0;
        annotate_page_fault(t, cause, tval, &report);
    }
    kprintf("pid %d (%s): %s at address %p%s%s%s, pc %p: killed\n", p->pid, p->name, riscv_cause_name(cause),
            (void *)tval, *why ? " (" : "", why, *why ? ")" : "", (void *)t->trapframe->epc);
    proc_exit(STATUS_KILLED_BY(exception_signal(cause)));
}

/* A device interrupt, through the PLIC: claim each pending source, serve its device,
 * complete it. */
static void external_interrupt(void)
{
    unsigned source;
    while ((source = plic_claim()) != 0) {
        if (source == VMSIM_IRQ_UART0)
            console_interrupt();
        else
            kprintf("external_interrupt: no driver for PLIC source %u\n", source);
        plic_complete(source);
    }
}

/* Interrupts are handled whoever runs; returns true if the running thread's time slice
 * is over. */
static bool handle_interrupt(uint32_t cause, struct thread *running)
{
    switch (cause & ~CAUSE_INTERRUPT) {
    case INTERRUPT_S_TIMER:
        timer_interrupt();
        if (running)
            running->proc->cpu_ticks++;
        return running && sched_policy()->tick(running);
    case INTERRUPT_S_EXTERNAL:
        external_interrupt();
        return false;
    default:
        panic("handle_interrupt: unexpected interrupt %u", (unsigned)(cause & ~CAUSE_INTERRUPT));
    }
}

void user_trap(struct trapframe *frame)
{
    struct thread *t = current_thread();
    uint32_t cause = csr_read(scause);
    if (cause & CAUSE_INTERRUPT) {
        if (handle_interrupt(cause, t))
            yield();
    } else if (cause == CAUSE_USER_ECALL) {
        frame->epc += 4; /* return past the ecall */
        frame->regs[REG_A0] = (uint32_t)syscall_dispatch(frame);
    } else {
        user_exception(t, cause, csr_read(stval));
    }
    user_trap_return();
}

void user_trap_return(void)
{
    struct thread *t = current_thread();
    signal_deliver(t);
    uint32_t status = csr_read(sstatus);
    status &= ~SSTATUS_SPP;  /* sret goes to U mode */
    status |= SSTATUS_SPIE;  /* with interrupts enabled */
    csr_write(sstatus, status);
    trap_return_to_user(t->trapframe);
}

void kernel_trap(void)
{
    uint32_t cause = csr_read(scause);
    if (!(cause & CAUSE_INTERRUPT))
        panic("kernel_trap: %s in the kernel at pc %p, address %p", riscv_cause_name(cause),
              (void *)csr_read(sepc), (void *)csr_read(stval));
    handle_interrupt(cause, NULL);
}
