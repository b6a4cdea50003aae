/* <stdio.h> for guest OS programs: picolibc's, and POSIX's dprintf and vdprintf, which
 * picolibc leaves out (programs/user/lib/posix.c). */
#ifndef VMSIM_STDIO_H
#define VMSIM_STDIO_H

#include_next <stdio.h>

int dprintf(int fd, const char *__restrict format, ...) __attribute__((__format__(__printf__, 2, 3)));
int vdprintf(int fd, const char *__restrict format, va_list args) __attribute__((__format__(__printf__, 2, 0)));

#endif
