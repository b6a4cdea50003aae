/* Signal delivery. A handler runs in user mode on the thread's own stack: the kernel
 * pushes a frame holding every user register and the thread's signal mask, and points ra
 * at the restorer the user library registered (it calls sigreturn). sigreturn puts the
 * registers and the mask back, so the interrupted code continues as if nothing happened.
 *
 *   user stack during a handler:
 *
 *     |  interrupted code's stack  |
 *     +----------------------------+  <- the interrupted sp
 *     |  (alignment to 16 bytes)   |
 *     |  struct signal_frame       |
 *     +----------------------------+  <- sp when the handler starts (a0 = signal number,
 *                                        ra = restorer, pc = handler)
 *
 * Signals are pending per process and blocked per thread: a pending signal goes to the
 * first thread returning to user mode that does not block it. */
#include "signal.h"

#include "abi/errno.h"
#include "printf.h"
#include "sched.h"
#include "uaccess.h"

struct signal_frame {
    struct trapframe saved;
    uint32_t signal;
    uint32_t mask; /* the thread's mask before the handler */
};

static bool default_is_ignore(int sig)
{
    return sig == SIGCHLD || sig == SIGCONT;
}

static bool is_ignored(const struct kernel_sigaction *action, int sig)
{
    return action->handler == SIG_HANDLER_IGN || (action->handler == SIG_HANDLER_DFL && default_is_ignore(sig));
}

void signal_post(struct proc *p, int sig)
{
    if (p->state != PROC_ALIVE)
        return;
    switch (sig) {
    case SIGKILL:
        if (!p->killed) {
            p->killed = true;
            p->exit_status = W_EXITCODE(0, SIGKILL);
        }
        proc_wake_all_threads(p, true);
        return;
    case SIGSTOP:
        /* Threads park at their next return to user mode (signal_deliver). */
        p->stopped = true;
        return;
    case SIGCONT:
        p->stopped = false;
        proc_wake_all_threads(p, true);
        break;
    default:
        break;
    }
    if (is_ignored(&p->signal_actions[sig], sig))
        return;
    p->pending_signals |= SIGNAL_BIT(sig);
    /* Blocking calls give up with -EINTR so the signal is seen soon (a thread that blocks
     * the signal goes back to sleep). */
    proc_wake_all_threads(p, false);
}

static void push_handler_frame(struct thread *t, int sig, const struct kernel_sigaction *action)
{
    struct proc *p = t->proc;
    struct trapframe *tf = t->trapframe;
    if (t->syscall_restartable && (action->flags & SA_RESTART)) {
        /* Back to the ecall, with its first argument: sigreturn makes the call again. */
        tf->epc -= 4;
        tf->regs[REG_A0] = t->syscall_first_argument;
    }
    struct signal_frame frame = {.saved = *tf, .signal = (uint32_t)sig, .mask = t->signal_mask};
    uint32_t sp = (tf->regs[REG_SP] - sizeof frame) & ~15u;
    if (copy_to_user(&p->as, sp, &frame, sizeof frame) < 0) {
        kprintf("pid %d (%s): no room on the stack at %p for a handler of signal %d: killed\n", p->pid,
                p->name, (void *)sp, sig);
        proc_exit(W_EXITCODE(0, SIGSEGV));
    }
    tf->regs[REG_SP] = sp;
    tf->regs[REG_A0] = (uint32_t)sig;
    tf->regs[REG_RA] = action->restorer;
    tf->epc = action->handler;
    t->signal_mask |= action->mask | (action->flags & SA_NODEFER ? 0 : SIGNAL_BIT(sig));
    t->signal_mask &= ~SIGNALS_UNBLOCKABLE;
}

void signal_deliver(struct thread *t)
{
    struct proc *p = t->proc;
    for (;;) {
        if (p->killed)
            proc_exit(p->exit_status);
        if (!p->stopped)
            break;
        thread_set_state(t, THREAD_STOPPED);
        sched();
    }
    uint32_t deliverable = p->pending_signals & ~t->signal_mask;
    if (deliverable) {
        int sig = __builtin_ctz(deliverable);
        p->pending_signals &= ~SIGNAL_BIT(sig);
        struct kernel_sigaction *action = &p->signal_actions[sig];
        if (!is_ignored(action, sig)) {
            if (action->handler == SIG_HANDLER_DFL)
                proc_exit(W_EXITCODE(0, sig));
            struct kernel_sigaction taken = *action;
            if (action->flags & SA_RESETHAND)
                *action = (struct kernel_sigaction){.handler = SIG_HANDLER_DFL};
            push_handler_frame(t, sig, &taken);
        }
    }
    t->syscall_restartable = false;
}

int signal_set_action(struct thread *t, int sig, const struct kernel_sigaction *action, struct kernel_sigaction *old)
{
    if (sig <= 0 || sig >= NSIG)
        return -EINVAL;
    struct proc *p = t->proc;
    if (old)
        *old = p->signal_actions[sig];
    if (!action)
        return 0;
    if (sig == SIGKILL || sig == SIGSTOP)
        return -EINVAL;
    if (action->flags & ~(SA_NOCLDSTOP | SA_RESTART | SA_NODEFER | SA_RESETHAND))
        return -EINVAL; /* SA_SIGINFO, SA_ONSTACK...: not offered */
    p->signal_actions[sig] = *action;
    p->signal_actions[sig].mask &= ~SIGNALS_UNBLOCKABLE;
    /* POSIX: setting a pending signal to be ignored discards it. */
    if (is_ignored(action, sig))
        p->pending_signals &= ~SIGNAL_BIT(sig);
    return 0;
}

int signal_set_mask(struct thread *t, int how, uint32_t set)
{
    switch (how) {
    case SIG_BLOCK: t->signal_mask |= set; break;
    case SIG_UNBLOCK: t->signal_mask &= ~set; break;
    case SIG_SETMASK: t->signal_mask = set; break;
    default: return -EINVAL;
    }
    t->signal_mask &= ~SIGNALS_UNBLOCKABLE;
    return 0;
}

int signal_return(struct thread *t)
{
    struct trapframe *tf = t->trapframe;
    struct signal_frame frame;
    if (copy_from_user(&t->proc->as, &frame, tf->regs[REG_SP], sizeof frame) < 0) {
        kprintf("pid %d (%s): sigreturn with a bad stack %p: killed\n", t->proc->pid, t->proc->name,
                (void *)tf->regs[REG_SP]);
        proc_exit(W_EXITCODE(0, SIGSEGV));
    }
    /* Only user registers and the mask come back; the privilege level is set by
     * user_trap_return, so a forged frame can do no more than the user could anyway. */
    *tf = frame.saved;
    t->signal_mask = frame.mask & ~SIGNALS_UNBLOCKABLE;
    return (int)tf->regs[REG_A0];
}
