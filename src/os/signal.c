/* Signal delivery. A handler runs in user mode on the thread's own stack: the kernel
 * pushes a frame holding every user register, and points ra at the trampoline the user
 * library registered with signal() (it calls sigreturn). sigreturn puts the registers
 * back, so the interrupted code continues as if nothing happened.
 *
 *   user stack during a handler:
 *
 *     |  interrupted code's stack  |
 *     +----------------------------+  <- the interrupted sp
 *     |  (alignment to 16 bytes)   |
 *     |  struct signal_frame       |
 *     +----------------------------+  <- sp when the handler starts (a0 = signal number,
 *                                        ra = trampoline, pc = handler)
 */
#include "signal.h"

#include "abi/errno.h"
#include "printf.h"
#include "sched.h"
#include "uaccess.h"

struct signal_frame {
    struct trapframe saved;
    uint32_t signal;
};

static bool default_is_ignore(int sig)
{
    return sig == SIGCHLD || sig == SIGCONT;
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
    uint32_t handler = p->signal_handlers[sig];
    if (handler == SIG_IGN || (handler == SIG_DFL && default_is_ignore(sig)))
        return;
    p->pending_signals |= 1u << sig;
    /* Blocking calls give up with -EINTR so the signal is seen soon. */
    proc_wake_all_threads(p, false);
}

static void push_handler_frame(struct thread *t, int sig, uint32_t handler)
{
    struct proc *p = t->proc;
    struct trapframe *tf = t->trapframe;
    struct signal_frame frame = {.saved = *tf, .signal = (uint32_t)sig};
    uint32_t sp = (tf->regs[REG_SP] - sizeof frame) & ~15u;
    if (copy_to_user(&p->as, sp, &frame, sizeof frame) < 0) {
        kprintf("pid %d (%s): no room on the stack at %p for a handler of signal %d: killed\n", p->pid,
                p->name, (void *)sp, sig);
        proc_exit(W_EXITCODE(0, SIGSEGV));
    }
    tf->regs[REG_SP] = sp;
    tf->regs[REG_A0] = (uint32_t)sig;
    tf->regs[REG_RA] = p->signal_trampoline;
    tf->epc = handler;
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
    if (!p->pending_signals)
        return;
    int sig = __builtin_ctz(p->pending_signals);
    p->pending_signals &= ~(1u << sig);
    uint32_t handler = p->signal_handlers[sig];
    if (handler == SIG_IGN || (handler == SIG_DFL && default_is_ignore(sig)))
        return;
    if (handler == SIG_DFL)
        proc_exit(W_EXITCODE(0, sig));
    push_handler_frame(t, sig, handler);
}

int signal_set_handler(struct proc *p, int sig, uint32_t handler, uint32_t trampoline)
{
    if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP)
        return -EINVAL;
    uint32_t old = p->signal_handlers[sig];
    p->signal_handlers[sig] = handler;
    p->signal_trampoline = trampoline;
    return (int)old;
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
    /* Only user registers come back; the privilege level is set by user_trap_return, so a
     * forged frame can do no more than the user could anyway. */
    *tf = frame.saved;
    return (int)tf->regs[REG_A0];
}
