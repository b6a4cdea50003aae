/* Memory and string functions for the kernel (user programs have picolibc's); memset
 * and memcpy move words when they can, because clearing and copying pages is most of what
 * the kernel does with memory. */
#include "os/string.h"

void *memset(void *destination, int value, size_t length)
{
    uint8_t *d = destination;
    if ((((uint32_t)d | length) & 3) == 0) {
        uint32_t word = (uint8_t)value * 0x01010101u;
        for (uint32_t *w = (uint32_t *)d; length; length -= 4)
            *w++ = word;
        return destination;
    }
    while (length--)
        *d++ = (uint8_t)value;
    return destination;
}

void *memcpy(void *destination, const void *source, size_t length)
{
    uint8_t *d = destination;
    const uint8_t *s = source;
    if ((((uint32_t)d | (uint32_t)s | length) & 3) == 0) {
        uint32_t *dw = (uint32_t *)d;
        const uint32_t *sw = (const uint32_t *)s;
        for (; length; length -= 4)
            *dw++ = *sw++;
        return destination;
    }
    while (length--)
        *d++ = *s++;
    return destination;
}

void *memmove(void *destination, const void *source, size_t length)
{
    uint8_t *d = destination;
    const uint8_t *s = source;
    if (d <= s || d >= s + length)
        return memcpy(destination, source, length);
    while (length--)
        d[length] = s[length];
    return destination;
}

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
