/* The console: the UART 16550 at VMSIM_UART0_BASE. Output is polled (the UART is always
 * ready on vmsim); input comes by interrupt and goes to the line discipline (tty.h), never faster than
 * the line discipline makes room for it. */
#ifndef OS_CONSOLE_H
#define OS_CONSOLE_H

#include "types.h"

void console_put_char(char c);
void console_write(const char *buffer, size_t length);
void console_write_string(const char *s);
void console_write_hex(uint32_t value);

/* Turns on the UART's receive and modem-status interrupts and routes them (PLIC source
 * 10) to S mode. Precondition: plic_init has run. */
void console_init_input(void);

/* The UART's interrupt: hands received bytes to tty_receive while tty_has_room; when it
 * has none, leaves the rest in the UART and turns the receive interrupt off. Once the
 * carrier has dropped and the FIFO is empty, tells the line discipline (tty_hang_up).
 * Precondition: the caller claimed PLIC source 10 and completes it afterwards;
 * interrupts are off. */
void console_interrupt(void);

/* Turns the receive interrupt back on after console_interrupt stopped it (harmless if it
 * is on): bytes waiting in the UART raise it at once. */
void console_resume_input(void);

#endif
