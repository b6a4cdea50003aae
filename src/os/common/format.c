/* The kernel's printf formatter (see format.h). */
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

/* Puts text of the given length, padded to width: on the left with pad, or on the right
 * with spaces when left-aligned. */
static void put_padded(const struct output *o, const char *text, int length, int width, char pad, bool left)
{
    if (!left)
        for (int i = length; i < width; i++)
            put(o, pad);
    for (int i = 0; i < length; i++)
        put(o, text[i]);
    if (left)
        for (int i = length; i < width; i++)
            put(o, ' ');
}

static void put_number(const struct output *o, uint32_t value, unsigned base, bool negative, int width,
                       char pad, bool left)
{
    char digits[12], text[13];
    int count = 0, length = 0;
    do {
        digits[count++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    if (negative && pad == '0' && !left) {
        put(o, '-'); /* the sign goes before zero padding */
        width--;
    } else if (negative) {
        text[length++] = '-';
    }
    while (count > 0)
        text[length++] = digits[--count];
    put_padded(o, text, length, width, left ? ' ' : pad, left);
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
        bool left = false;
        for (;; f++) {
            if (*f == '0')
                pad = '0';
            else if (*f == '-')
                left = true;
            else
                break;
        }
        int width = 0;
        if (*f == '*') {
            width = va_arg(args, int);
            if (width < 0) {
                left = true;
                width = -width;
            }
            f++;
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        while (*f == 'l' || *f == 'z')
            f++; /* long and size_t are 32 bits here */
        switch (*f) {
        case 'd':
        case 'i': {
            int v = va_arg(args, int);
            put_number(&o, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, v < 0, width, pad, left);
            break;
        }
        case 'u': put_number(&o, va_arg(args, uint32_t), 10, false, width, pad, left); break;
        case 'x': put_number(&o, va_arg(args, uint32_t), 16, false, width, pad, left); break;
        case 'o': put_number(&o, va_arg(args, uint32_t), 8, false, width, pad, left); break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_number(&o, (uint32_t)va_arg(args, void *), 16, false, 8, '0', false);
            break;
        case 'c': {
            char c = (char)va_arg(args, int);
            put_padded(&o, &c, 1, width, ' ', left);
            break;
        }
        case 's': {
            const char *s = va_arg(args, const char *);
            if (!s)
                s = "(null)";
            int length = 0;
            while (s[length])
                length++;
            put_padded(&o, s, length, width, ' ', left);
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
