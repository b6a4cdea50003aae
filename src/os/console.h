/* The console: the UART 16550 at VMSIM_UART0_BASE. Output is polled (the UART is always
 * ready on vmsim); input comes by interrupt and goes to the line discipline (tty.h). */
#ifndef OS_CONSOLE_H
#define OS_CONSOLE_H

#include "types.h"

void console_put_char(char c);
void console_write(const char *buffer, size_t length);
void console_write_string(const char *s);
void console_write_hex(uint32_t value);

/* Turns on the UART's receive interrupt and routes it (PLIC source 10) to S mode.
 * Precondition: plic_init has run. */
void console_init_input(void);

/* The UART's interrupt: hands every received byte to tty_receive. Precondition: the
 * caller claimed PLIC source 10 and completes it afterwards; interrupts are off. */
void console_interrupt(void);

#endif
