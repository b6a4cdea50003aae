/* The printf formatter, one copy for both sides: the kernel's kprintf/ksnprintf/panic and
 * the user library's printf/snprintf drive it with their own output callback. */
#ifndef OS_COMMON_FORMAT_H
#define OS_COMMON_FORMAT_H

#include <stdarg.h>

/* Formats `format` with `args`, handing each character to put(opaque, c). Understands
 * %d %u %x %p %s %c and %%, with an optional field width and 0 padding (%8x, %08x). */
void format(void (*put)(void *opaque, char c), void *opaque, const char *format, va_list args);

#endif
