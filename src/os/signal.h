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
 * thread while its process is stopped, and delivers at most one pending signal (the rest
 * follow at the next return, e.g. after sigreturn). */
void signal_deliver(struct thread *t);

/* Installs handler for sig; the old handler, or -EINVAL for a signal that cannot be
 * caught (SIGKILL, SIGSTOP) or does not exist. */
int signal_set_handler(struct proc *p, int sig, uint32_t handler, uint32_t trampoline);

/* Restores the registers a handler's frame saved (the sigreturn system call); returns
 * the restored a0 so the system-call return does not clobber it. */
int signal_return(struct thread *t);

#endif
