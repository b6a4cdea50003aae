/* String and memory functions for the kernel (user programs have picolibc's); memset,
 * memcpy and memmove are in memory.c, which user programs share. */
#include "os/string.h"

int memcmp(const void *a, const void *b, size_t length)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < length; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t length)
{
    for (; length; length--, a++, b++) {
        if (*a != *b || !*a)
            return (uint8_t)*a - (uint8_t)*b;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

void strlcpy(char *destination, const char *source, size_t size)
{
    size_t i = 0;
    for (; i + 1 < size && source[i]; i++)
        destination[i] = source[i];
    destination[i] = '\0';
}
