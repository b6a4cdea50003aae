/* <sys/signal.h> for guest OS programs, in place of picolibc's: the signal numbers are the
 * kernel's (Linux's values, src/os/abi/signal.h), where picolibc's generic header numbers
 * SIGUSR1, SIGCHLD, SIGSTOP and others differently. picolibc's <signal.h> includes this
 * and adds SIG_DFL, SIG_IGN, SIG_ERR, signal() and raise(). */
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

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGIOT SIGABRT
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
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 32

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

#define SA_NOCLDSTOP 1
#define SA_RESTART 0x10000000

#define SIG_SETMASK 0
#define SIG_BLOCK 1
#define SIG_UNBLOCK 2

int sigaction(int sig, const struct sigaction *action, struct sigaction *old_action);
int sigprocmask(int how, const sigset_t *set, sigset_t *old_set);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int kill(pid_t pid, int sig);
int killpg(pid_t group, int sig);

/* sigset_t is a bit per signal (1 << sig); signals are 1..31. */
#define sigemptyset(set) (*(set) = 0, 0)
#define sigfillset(set) (*(set) = ~(sigset_t)0, 0)
#define sigaddset(set, sig) (*(set) |= (sigset_t)1 << (sig), 0)
#define sigdelset(set, sig) (*(set) &= ~((sigset_t)1 << (sig)), 0)
#define sigismember(set, sig) ((*(set) & ((sigset_t)1 << (sig))) != 0)

_END_STD_C

#endif
