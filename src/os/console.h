/* The console: the UART 16550 at VMSIM_UART0_BASE. Output is polled (the UART is always
 * ready on vmsim); input is read by polling the receive register. */
#ifndef OS_CONSOLE_H
#define OS_CONSOLE_H

#include "types.h"

void console_put_char(char c);
void console_write(const char *buffer, size_t length);
void console_write_string(const char *s);
void console_write_hex(uint32_t value);

/* The next received byte, or -1 if none has arrived. */
int console_get_char(void);

#endif
