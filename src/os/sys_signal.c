/* System calls about signals: kill, sigaction (and the older sethandler), sigprocmask,
 * sigpending, sigreturn. */
#include "abi/errno.h"
#include "proc.h"
#include "signal.h"
#include "syscall.h"
#include "uaccess.h"

/* kill(pid, sig): sig 0 only checks that the process exists and may be signalled. A user
 * may signal only their own processes; root may signal any. */
int32_t sys_kill(void)
{
    int pid = (int)syscall_argument(0);
    int sig = (int)syscall_argument(1);
    if (sig < 0 || sig >= NSIG)
        return -EINVAL;
    struct proc *target = proc_find(pid);
    if (!target || target->state != PROC_ALIVE)
        return -ESRCH;
    struct proc *self = current_proc();
    if (self->uid != 0 && self->uid != target->uid)
        return -EPERM;
    if (sig != 0)
        signal_post(target, sig);
    return 0;
}

/* sethandler(sig, handler, trampoline): the older library's signal(), a sigaction with no
 * flags and no mask. Returns the previous handler. */
int32_t sys_sethandler(void)
{
    struct kernel_sigaction action = {.handler = syscall_argument(1), .restorer = syscall_argument(2)}, old;
    int error = signal_set_action(current_thread(), (int)syscall_argument(0), &action, &old);
    return error < 0 ? error : (int32_t)old.handler;
}

/* sigaction(sig, const struct kernel_sigaction *act or 0, struct kernel_sigaction *old or 0) */
int32_t sys_sigaction(void)
{
    struct address_space *as = &current_proc()->as;
    uint32_t act_address = syscall_argument(1), old_address = syscall_argument(2);
    struct kernel_sigaction action, old;
    if (act_address && copy_from_user(as, &action, act_address, sizeof action) < 0)
        return -EFAULT;
    int error = signal_set_action(current_thread(), (int)syscall_argument(0), act_address ? &action : NULL, &old);
    if (error < 0)
        return error;
    /* Written after the change, as Linux does: act and old may be the same struct. */
    if (old_address && copy_to_user(as, old_address, &old, sizeof old) < 0)
        return -EFAULT;
    return 0;
}

/* sigprocmask(how, const uint32_t *set or 0, uint32_t *old or 0): with no set, only
 * reads the mask (how is not looked at, as in Linux). */
int32_t sys_sigprocmask(void)
{
    struct thread *t = current_thread();
    struct address_space *as = &t->proc->as;
    uint32_t set_address = syscall_argument(1), old_address = syscall_argument(2);
    uint32_t old = t->signal_mask, set;
    if (set_address) {
        if (copy_from_user(as, &set, set_address, sizeof set) < 0)
            return -EFAULT;
        int error = signal_set_mask(t, (int)syscall_argument(0), set);
        if (error < 0)
            return error;
    }
    if (old_address && copy_to_user(as, old_address, &old, sizeof old) < 0)
        return -EFAULT;
    return 0;
}

/* sigpending(uint32_t *set): the signals waiting because this thread blocks them. */
int32_t sys_sigpending(void)
{
    struct thread *t = current_thread();
    uint32_t pending = t->proc->pending_signals & t->signal_mask;
    return copy_to_user(&t->proc->as, syscall_argument(0), &pending, sizeof pending) < 0 ? -EFAULT : 0;
}

int32_t sys_sigreturn(void)
{
    return signal_return(current_thread());
}
