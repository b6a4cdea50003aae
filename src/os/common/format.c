/* The printf formatter shared by the kernel and user programs (see format.h). */
#include "common/format.h"

#include <stdbool.h>
#include <stdint.h>

struct output {
    void (*put)(void *opaque, char c);
    void *opaque;
};

static void put(const struct output *o, char c)
{
    o->put(o->opaque, c);
}

static void put_number(const struct output *o, uint32_t value, unsigned base, bool negative,
                       int width, char pad)
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

void format(void (*put_char)(void *opaque, char c), void *opaque, const char *f, va_list args)
{
    const struct output o = {put_char, opaque};
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
        case 'u': put_number(&o, va_arg(args, uint32_t), 10, false, width, pad); break;
        case 'x': put_number(&o, va_arg(args, uint32_t), 16, false, width, pad); break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_number(&o, (uint32_t)va_arg(args, void *), 16, false, 8, '0');
            break;
        case 'c': put(&o, (char)va_arg(args, int)); break;
        case 's': {
            const char *s = va_arg(args, const char *);
            if (!s)
                s = "(null)";
            int length = 0;
            for (const char *p = s; *p; p++)
                length++;
            for (int i = length; i < width; i++)
                put(&o, ' ');
            for (; *s; s++)
                put(&o, *s);
            break;
        }
        case '%': put(&o, '%'); break;
        case '\0': return;
        default:
            put(&o, '%');
            put(&o, *f);
            break;
        }
    }
}
