/* Signal numbers (Linux's values) and the special handler values. Shared by the kernel
 * and user programs. How a signal's death shows in a wait status: abi/wait.h. */
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

#endif
