/* Formatted console output for the kernel, and panic for broken invariants. */
#ifndef OS_PRINTF_H
#define OS_PRINTF_H

#include <stdarg.h>

#include "types.h"

/* Understands %d %u %x %p %s %c and %%, with an optional field width (%8x, %08x). */
void kprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Formats into buffer (always NUL-terminated); returns the length written. */
int ksnprintf(char *buffer, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));

/* Prints "panic: " and the message, then powers off with a failure status. */
void panic(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
