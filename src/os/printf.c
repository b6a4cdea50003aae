/* Kernel printf: the shared formatter (common/format.c) writing to the console or into a
 * buffer. */
#include "printf.h"

#include "common/format.h"
#include "console.h"
#include "power.h"

struct buffer {
    char *bytes;
    size_t size, length;
};

static void put_console(void *opaque, char c)
{
    (void)opaque;
    console_put_char(c);
}

static void put_buffer(void *opaque, char c)
{
    struct buffer *b = opaque;
    if (b->length + 1 < b->size)
        b->bytes[b->length] = c;
    b->length++;
}

void kprintf(const char *f, ...)
{
    va_list args;
    va_start(args, f);
    format(put_console, NULL, f, args);
    va_end(args);
}

int ksnprintf(char *buffer, size_t size, const char *f, ...)
{
    struct buffer b = {.bytes = buffer, .size = size};
    va_list args;
    va_start(args, f);
    format(put_buffer, &b, f, args);
    va_end(args);
    if (size)
        buffer[b.length < size ? b.length : size - 1] = '\0';
    return (int)b.length;
}

void panic(const char *f, ...)
{
    console_write_string("panic: ");
    va_list args;
    va_start(args, f);
    format(put_console, NULL, f, args);
    va_end(args);
    console_put_char('\n');
    power_off(99);
}
