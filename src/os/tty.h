/* The console's line discipline: what the kernel does with typed bytes before a program
 * reads them. Bytes are edited into a line (echo, erase, kill line), a finished line
 * wakes the readers, Ctrl-C interrupts the foreground process and Ctrl-D ends input.
 *
 * The foreground process, the one Ctrl-C interrupts, is whichever process most recently
 * read from the console or was named with setforeground (tty_set_foreground). */
#ifndef OS_TTY_H
#define OS_TTY_H

#include "types.h"

/* True if tty_receive can take one more byte now (the buffer is not full). */
bool tty_has_room(void);

/* One byte from the UART. Precondition: tty_has_room(); interrupt context (interrupts
 * off). */
void tty_receive(char c);

/* Copies up to length bytes of typed input to the current process's user buffer, blocking
 * (BLOCKED) until a line is finished. Returns the byte count (a line with its newline, or
 * what came before a Ctrl-D), 0 at end of input (Ctrl-D at the start of a line),
 * -EINTR if a signal came while waiting, -EFAULT for a bad buffer. Makes the caller the
 * foreground process. */
int tty_read(uint32_t user_buffer, uint32_t length);

/* Makes pid the foreground process. Precondition: pid names a live process. */
void tty_set_foreground(int pid);

#endif
