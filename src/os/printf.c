/* A small printf: one formatter that writes through a callback, used for the console and
 * for strings. */
#include "printf.h"

#include "console.h"
#include "power.h"

struct sink {
    char *buffer; /* NULL: write to the console */
    size_t size, length;
};

static void put(struct sink *s, char c)
{
    if (!s->buffer)
        console_put_char(c);
    else if (s->length + 1 < s->size)
        s->buffer[s->length] = c;
    s->length++;
}

static void put_number(struct sink *s, uint32_t value, unsigned base, bool negative, int width, char pad)
{
    char digits[12];
    int count = 0;
    do {
        digits[count++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    if (negative)
        digits[count++] = '-';
    for (int i = count; i < width; i++)
        put(s, pad);
    while (count > 0)
        put(s, digits[--count]);
}

static void format(struct sink *s, const char *f, va_list args)
{
    for (; *f; f++) {
        if (*f != '%') {
            put(s, *f);
            continue;
        }
        f++;
        char pad = ' ';
        if (*f == '0') {
            pad = '0';
            f++;
        }
        int width = 0;
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        switch (*f) {
        case 'd': {
            int v = va_arg(args, int);
            put_number(s, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u': put_number(s, va_arg(args, uint32_t), 10, false, width, pad); break;
        case 'x': put_number(s, va_arg(args, uint32_t), 16, false, width, pad); break;
        case 'p':
            put(s, '0');
            put(s, 'x');
            put_number(s, (uint32_t)va_arg(args, void *), 16, false, 8, '0');
            break;
        case 'c': put(s, (char)va_arg(args, int)); break;
        case 's': {
            const char *str = va_arg(args, const char *);
            int length = 0;
            for (const char *p = str ? str : "(null)"; *p; p++)
                length++;
            for (int i = length; i < width; i++)
                put(s, ' ');
            for (const char *p = str ? str : "(null)"; *p; p++)
                put(s, *p);
            break;
        }
        case '%': put(s, '%'); break;
        case '\0': return;
        default:
            put(s, '%');
            put(s, *f);
            break;
        }
    }
}

void kprintf(const char *f, ...)
{
    struct sink s = {0};
    va_list args;
    va_start(args, f);
    format(&s, f, args);
    va_end(args);
}

int ksnprintf(char *buffer, size_t size, const char *f, ...)
{
    struct sink s = {.buffer = buffer, .size = size};
    va_list args;
    va_start(args, f);
    format(&s, f, args);
    va_end(args);
    if (size)
        buffer[s.length < size ? s.length : size - 1] = '\0';
    return (int)s.length;
}

void panic(const char *f, ...)
{
    struct sink s = {0};
    console_write_string("panic: ");
    va_list args;
    va_start(args, f);
    format(&s, f, args);
    va_end(args);
    console_put_char('\n');
    power_off(99);
}
