/* System calls about signals and users: kill, signal, sigreturn. */
#include "abi/errno.h"
#include "proc.h"
#include "signal.h"
#include "syscall.h"

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

/* sethandler(sig, handler, trampoline): the user library passes its trampoline, the code a
 * handler returns into, which calls sigreturn. Returns the previous handler. */
int32_t sys_sethandler(void)
{
    return signal_set_handler(current_proc(), (int)syscall_argument(0), syscall_argument(1), syscall_argument(2));
}

int32_t sys_sigreturn(void)
{
    return signal_return(current_thread());
}
