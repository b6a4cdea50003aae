/* The kernel's printf formatter: kprintf, ksnprintf and panic drive it with their own
 * output callback. (User programs have picolibc's printf.) */
#ifndef OS_COMMON_FORMAT_H
#define OS_COMMON_FORMAT_H

#include <stdarg.h>

/* Formats `format` with `args`, handing each character to put(opaque, c). Understands
 * %d %i %u %x %o %p %s %c and %%, with flags - (left-align) and 0 (zero padding), a
 * field width as digits or *, and l or z (ignored: 32 bits) before the conversion. */
void format(void (*put)(void *opaque, char c), void *opaque, const char *format, va_list args);

#endif
