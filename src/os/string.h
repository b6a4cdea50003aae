/* The few memory and string functions the kernel needs (GCC may also emit calls to
 * memset and memcpy for struct copies, so these names are the standard ones). */
#ifndef OS_STRING_H
#define OS_STRING_H

#include "types.h"

void *memset(void *destination, int value, size_t length);
void *memcpy(void *destination, const void *source, size_t length);
void *memmove(void *destination, const void *source, size_t length);
int memcmp(const void *a, const void *b, size_t length);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t length);
/* The first c in s (the terminating NUL counts), or NULL. */
char *strchr(const char *s, int c);
/* Copies at most size - 1 bytes and always terminates (size > 0). */
void strlcpy(char *destination, const char *source, size_t size);

#endif
