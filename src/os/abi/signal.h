/* Signal numbers (Linux's values), the kernel's side of sigaction and sigprocmask.
 * Shared by the kernel and user programs. How a signal's death shows in a wait status:
 * abi/wait.h. A C library defines SIG_DFL, SIG_IGN and SIG_ERR as the pointer constants
 * POSIX wants; the kernel sees handler values SIG_HANDLER_*. */
#ifndef OS_ABI_SIGNAL_H
#define OS_ABI_SIGNAL_H

#include <stdint.h>

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define NSIG 32

#define SIG_HANDLER_DFL 0u /* the default action */
#define SIG_HANDLER_IGN 1u /* ignore the signal */

/* sigaction(sig, act, oldact), Linux's kernel layout. restorer is the user code a
 * handler returns into (it calls sigreturn); it must be set with a handler. mask: bit s
 * blocks signal s while the handler runs (the signal itself is blocked too, unless
 * SA_NODEFER). */
struct kernel_sigaction {
    uint32_t handler; /* SIG_HANDLER_DFL, SIG_HANDLER_IGN or the handler's address */
    uint32_t flags;   /* SA_* */
    uint32_t restorer;
    uint32_t mask;
};

#define SA_NOCLDSTOP 0x00000001u /* accepted; the kernel sends no SIGCHLD for stops anyway */
#define SA_RESTART 0x10000000u   /* a blocking call the handler interrupted starts again */
#define SA_NODEFER 0x40000000u   /* do not block the signal during its own handler */
#define SA_RESETHAND 0x80000000u /* back to SIG_DFL once the handler is called */

/* sigprocmask(how, set, oldset): sets are uint32_t, bit s for signal s. */
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SIGNAL_BIT(s) (1u << (s))
/* SIGKILL and SIGSTOP can be neither blocked, caught nor ignored. */
#define SIGNALS_UNBLOCKABLE (SIGNAL_BIT(SIGKILL) | SIGNAL_BIT(SIGSTOP))

#endif
