/* <sys/signal.h> for guest OS programs, in place of picolibc's: the signal numbers are the
 * kernel's (Linux's values, src/os/abi/signal.h), where picolibc's generic header numbers
 * SIGUSR1, SIGCHLD, SIGSTOP and others differently. picolibc's <signal.h> includes this
 * and adds SIG_DFL, SIG_IGN, SIG_ERR, signal() and raise(). sigset_t is the kernel's
 * signal set: bit s for signal s. */
#ifndef _SYS_SIGNAL_H
#define _SYS_SIGNAL_H

#include <sys/_sigset.h>
#include <sys/_timespec.h>
#include <sys/cdefs.h>
#include <sys/types.h>

_BEGIN_STD_C

#ifndef _SIGSET_T_DECLARED
#define _SIGSET_T_DECLARED
typedef __sigset_t sigset_t;
#endif

/* The kernel's numbers, sigaction flags (SA_*) and sigprocmask's SIG_BLOCK, SIG_UNBLOCK,
 * SIG_SETMASK; the signals it never sends are numbered as Linux does. */
#include "os/abi/signal.h"

#ifndef SIGTRAP
#define SIGTRAP 5
#endif
#define SIGIOT SIGABRT
#ifndef SIGTTIN
#define SIGTTIN 21
#endif
#ifndef SIGTTOU
#define SIGTTOU 22
#endif
#ifndef SIGURG
#define SIGURG 23
#endif
#ifndef SIGXCPU
#define SIGXCPU 24
#endif
#ifndef SIGXFSZ
#define SIGXFSZ 25
#endif
#ifndef SIGVTALRM
#define SIGVTALRM 26
#endif
#ifndef SIGPROF
#define SIGPROF 27
#endif
#ifndef SIGWINCH
#define SIGWINCH 28
#endif
#ifndef SIGIO
#define SIGIO 29
#endif
#ifndef SIGPWR
#define SIGPWR 30
#endif
#ifndef SIGSYS
#define SIGSYS 31
#endif

typedef void (*_sig_func_ptr)(int);

union sigval {
    int sival_int;
    void *sival_ptr;
};

struct sigevent {
    int sigev_notify;
    int sigev_signo;
    union sigval sigev_value;
};

#define SIGEV_NONE 1
#define SIGEV_SIGNAL 2
#define SIGEV_THREAD 3

typedef struct {
    int si_signo;
    int si_code;
    union sigval si_value;
} siginfo_t;

#define SI_USER 1

struct sigaction {
    _sig_func_ptr sa_handler;
    sigset_t sa_mask;
    int sa_flags;
};

int sigaction(int sig, const struct sigaction *action, struct sigaction *old_action);
int sigprocmask(int how, const sigset_t *set, sigset_t *old_set);
int sigpending(sigset_t *set);
int kill(pid_t pid, int sig);

#define sigemptyset(set) (*(set) = 0, 0)
#define sigfillset(set) (*(set) = ~(sigset_t)0, 0)
#define sigaddset(set, sig) (*(set) |= (sigset_t)1 << (sig), 0)
#define sigdelset(set, sig) (*(set) &= ~((sigset_t)1 << (sig)), 0)
#define sigismember(set, sig) ((*(set) & ((sigset_t)1 << (sig))) != 0)

_END_STD_C

#endif
