/* printf for user programs: the shared formatter (common/format.c) into a buffer, then one
 * write system call, so the lines of processes running at the same time do not interleave
 * mid-line. */
#include "user.h"

#include "common/format.h"

struct buffer {
    char *bytes;
    size_t size, length;
};

static void put_buffer(void *opaque, char c)
{
    struct buffer *b = opaque;
    if (b->length + 1 < b->size)
        b->bytes[b->length] = c;
    b->length++;
}

int vsnprintf(char *buffer, size_t size, const char *f, va_list args)
{
    struct buffer b = {buffer, size, 0};
    format(put_buffer, &b, f, args);
    if (size)
        buffer[b.length < size ? b.length : size - 1] = '\0';
    return (int)b.length;
}

int snprintf(char *buffer, size_t size, const char *f, ...)
{
    va_list args;
    va_start(args, f);
    int n = vsnprintf(buffer, size, f, args);
    va_end(args);
    return n;
}

/* One write per call: lines of processes running at once do not interleave. Longer
 * output than the buffer is cut. */
int vdprintf(int fd, const char *f, va_list args)
{
    char buffer[512];
    int n = vsnprintf(buffer, sizeof buffer, f, args);
    write(fd, buffer, n < (int)sizeof buffer ? (unsigned)n : sizeof buffer - 1);
    return n;
}

int printf(const char *f, ...)
{
    va_list args;
    va_start(args, f);
    int n = vdprintf(1, f, args);
    va_end(args);
    return n;
}

int dprintf(int fd, const char *f, ...)
{
    va_list args;
    va_start(args, f);
    int n = vdprintf(fd, f, args);
    va_end(args);
    return n;
}

int puts(const char *s)
{
    return printf("%s\n", s);
}

int putchar(int c)
{
    char byte = (char)c;
    write(1, &byte, 1);
    return (unsigned char)c;
}
