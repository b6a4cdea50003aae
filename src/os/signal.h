/* Signals: posting one to a process (kill, SIGCHLD), and delivering pending ones when a
 * thread returns to user mode, either by the default action (terminate, stop, continue,
 * ignore) or by running the process's handler in user mode. */
#ifndef OS_SIGNAL_H
#define OS_SIGNAL_H

#include "proc.h"

/* Posts signal sig (1..NSIG-1) to p. SIGKILL and SIGSTOP act at once; SIGCONT resumes at
 * once; others become pending unless ignored. Precondition: p is ALIVE. */
void signal_post(struct proc *p, int sig);

/* Called on every return to user mode: ends the process if it was killed, parks the
 * thread while its process is stopped, and delivers at most one pending signal the thread
 * does not block (the rest follow at the next return, e.g. after sigreturn). */
void signal_deliver(struct thread *t);

/* sigaction for t's process: copies the current action for sig to *old (if old), then
 * installs *action (if action). -EINVAL for a signal that does not exist, for setting
 * SIGKILL or SIGSTOP, or for flags the kernel does not offer. */
int signal_set_action(struct thread *t, int sig, const struct kernel_sigaction *action,
                      struct kernel_sigaction *old);

/* sigprocmask for thread t: how is SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK (-EINVAL else). */
int signal_set_mask(struct thread *t, int how, uint32_t set);

/* Restores the registers and the signal mask a handler's frame saved (the sigreturn
 * system call); returns the restored a0 so the system-call return does not clobber it. */
int signal_return(struct thread *t);

#endif
