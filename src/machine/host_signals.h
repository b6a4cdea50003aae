/* SIGINT, SIGTERM, SIGHUP and SIGPIPE end a run the orderly way: the handler only notes the
 * signal, the machine loop stops before its next batch, vmsim closes the disk image and
 * restores the terminal as on any other exit, and then dies of the same signal so that
 * the shell sees what happened. A second signal while that is under way kills at once. */
#ifndef VMSIM_MACHINE_HOST_SIGNALS_H
#define VMSIM_MACHINE_HOST_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the handlers. False (message in err) if the wake-up pipe cannot be made. */
bool host_signals_install(char *err, size_t err_size);

/* The signal caught, or 0. */
int host_signals_caught(void);

/* A descriptor that becomes readable when a signal is caught, for poll(); -1 before
 * host_signals_install(). */
int host_signals_fd(void);

/* `fn` runs inside the handler of a second signal, just before vmsim dies of it; it must be
 * async-signal-safe (the console restores the terminal with it). */
void host_signals_set_last_resort(void (*fn)(void));

/* "SIGINT", "SIGTERM", "SIGHUP" or "SIGPIPE" for the signals caught here. */
const char *host_signals_name(int signal_number);

/* Ends the process with the caught signal's default action. Returns only if no signal
 * was caught. */
void host_signals_reraise(void);

#endif
