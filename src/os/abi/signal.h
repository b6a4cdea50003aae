/* Signal numbers (Linux's values), the special handler values and the exit status of a
 * process that a signal terminated. Shared by the kernel and user programs. */
#ifndef OS_ABI_SIGNAL_H
#define OS_ABI_SIGNAL_H

#define SIGINT 2
#define SIGILL 4
#define SIGBUS 7
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define NSIG 32

#define SIG_DFL 0 /* the default action */
#define SIG_IGN 1 /* ignore the signal */

/* A process killed by signal s exits with status 128 + s, as shells report it. */
#define STATUS_KILLED_BY(s) (128 + (s))

/* waitpid options. */
#define WNOHANG 1

#endif
