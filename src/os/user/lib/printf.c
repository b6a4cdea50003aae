/* printf for user programs: formats into a buffer, then one write system call, so the
 * lines of processes running at the same time do not interleave mid-line. Understands
 * %d %u %x %p %s %c %% with an optional width and 0 padding. */
#include "user.h"

struct out {
    char *buffer;
    size_t size, length;
};

static void put(struct out *o, char c)
{
    if (o->length + 1 < o->size)
        o->buffer[o->length] = c;
    o->length++;
}

static void put_number(struct out *o, uint32_t value, unsigned base, int negative, int width, char pad)
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
        put(o, pad);
    while (count > 0)
        put(o, digits[--count]);
}

int vsnprintf(char *buffer, size_t size, const char *f, va_list args)
{
    struct out o = {buffer, size, 0};
    for (; *f; f++) {
        if (*f != '%') {
            put(&o, *f);
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
            put_number(&o, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u': put_number(&o, va_arg(args, uint32_t), 10, 0, width, pad); break;
        case 'x': put_number(&o, va_arg(args, uint32_t), 16, 0, width, pad); break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_number(&o, (uint32_t)va_arg(args, void *), 16, 0, 8, '0');
            break;
        case 'c': put(&o, (char)va_arg(args, int)); break;
        case 's': {
            const char *s = va_arg(args, const char *);
            for (s = s ? s : "(null)"; *s; s++)
                put(&o, *s);
            break;
        }
        case '%': put(&o, '%'); break;
        case '\0': f--; break;
        default:
            put(&o, '%');
            put(&o, *f);
            break;
        }
    }
    if (size)
        buffer[o.length < size ? o.length : size - 1] = '\0';
    return (int)o.length;
}

int snprintf(char *buffer, size_t size, const char *f, ...)
{
    va_list args;
    va_start(args, f);
    int n = vsnprintf(buffer, size, f, args);
    va_end(args);
    return n;
}

int printf(const char *f, ...)
{
    char buffer[256];
    va_list args;
    va_start(args, f);
    int n = vsnprintf(buffer, sizeof buffer, f, args);
    va_end(args);
    write(1, buffer, n < (int)sizeof buffer ? (unsigned)n : sizeof buffer - 1);
    return n;
}
