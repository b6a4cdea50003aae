/* The console's line discipline: what the kernel does with typed bytes before a program
 * reads them. Bytes are edited into a line (echo, erase, kill line), a finished line
 * wakes the readers, Ctrl-C interrupts the foreground process and Ctrl-D ends input.
 * When the console's input is a pipe (the boot option console=pipe: vmsim's standard
 * input is not a terminal) bytes are kept as they come, with no echo, no editing and no
 * special bytes. Either way the line's hang-up (the input ended) is the end of file.
 *
 * The foreground process, the one Ctrl-C interrupts, is whichever process most recently
 * read from the console or was named with setforeground (tty_set_foreground). */
#ifndef OS_TTY_H
#define OS_TTY_H

#include "types.h"

/* console=pipe (true) or console=terminal (false, the default). Call it at boot, before
 * input comes. */
void tty_set_input_is_pipe(bool is_pipe);

/* True if the console's input is a pipe, not a terminal (isatty says no). */
bool tty_input_is_pipe(void);

/* The input has ended (the UART's carrier dropped): what is left is committed, and from
 * then on a read that finds nothing returns 0. Interrupt context. */
void tty_hang_up(void);

/* True if tty_receive can take one more byte now (the buffer is not full). */
bool tty_has_room(void);

/* One byte from the UART. Precondition: tty_has_room(); interrupt context (interrupts
 * off). */
void tty_receive(char c);

/* Copies up to length bytes of typed input to the current process's user buffer, blocking
 * (BLOCKED) until a line is finished. Returns the byte count (a line with its newline, or
 * what came before a Ctrl-D or the hang-up), 0 at end of input (Ctrl-D at the start of a
 * line; every read after the hang-up), -EINTR if a signal came while waiting, -EFAULT for
 * a bad buffer. Makes the caller the foreground process. */
int tty_read(uint32_t user_buffer, uint32_t length);

/* Makes pid the foreground process. Precondition: pid names a live process. */
void tty_set_foreground(int pid);

#endif
