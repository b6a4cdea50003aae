/* sleep SECONDS: waits (guest time). A fraction like 0.5 is allowed. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        dprintf(2, "usage: sleep SECONDS\n");
        return 2;
    }
    unsigned ms = 0;
    const char *s = argv[1];
    for (; isdigit((unsigned char)*s); s++)
        ms = ms * 10 + (unsigned)(*s - '0');
    ms *= 1000;
    if (*s == '.') {
        unsigned scale = 100;
        for (s++; isdigit((unsigned char)*s) && scale; s++, scale /= 10)
            ms += (unsigned)(*s - '0') * scale;
    }
    return msleep(ms) < 0 ? 1 : 0;
}
