/* The signal handlers and their self-pipe: the pipe lets a poll() that waits for console
 * input wake up for a signal without a race between checking the flag and sleeping. */
#define _GNU_SOURCE /* pipe2 */
#include "machine/host_signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

static volatile sig_atomic_t caught_signal;
static int wake_pipe[2] = {-1, -1};
static void (*last_resort)(void);

static void on_signal(int signal_number)
{
    int saved_errno = errno;
    if (caught_signal) {
        if (last_resort)
            last_resort();
        signal(signal_number, SIG_DFL);
        raise(signal_number); /* delivered when this handler returns */
    } else {
        caught_signal = signal_number;
        if (wake_pipe[1] >= 0 && write(wake_pipe[1], "", 1) < 0) {
            /* The pipe is full: a wake-up is already waiting. */
        }
    }
    errno = saved_errno;
}

bool host_signals_install(char *err, size_t err_size)
{
    if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf(err, err_size, "cannot make a pipe for signals: %s", strerror(errno));
        return false;
    }
    /* No SA_RESTART: a blocking call returns EINTR and the caller looks at the flag. */
    struct sigaction action = {.sa_handler = on_signal};
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof handled_signals / sizeof handled_signals[0]; i++)
        sigaction(handled_signals[i], &action, NULL);
    return true;
}

int host_signals_caught(void)
{
    return caught_signal;
}

int host_signals_fd(void)
{
    return wake_pipe[0];
}

void host_signals_set_last_resort(void (*fn)(void))
{
    last_resort = fn;
}

const char *host_signals_name(int signal_number)
{
    switch (signal_number) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGPIPE: return "SIGPIPE";
    default: return "a signal";
    }
}

void host_signals_reraise(void)
{
    int signal_number = caught_signal;
    if (!signal_number)
        return;
    signal(signal_number, SIG_DFL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, signal_number);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    raise(signal_number);
    _exit(128 + signal_number);
}
