/* echo [WORDS...]: prints its arguments separated by spaces. The line goes out in one
 * write when it fits the buffer (so it is not interleaved with other writers), in pieces
 * of the buffer's size when it is longer. */
#include "lib/user.h"

static char line[512];
static unsigned used;

static int put(const char *s, unsigned length)
{
    while (length > 0) {
        if (used == sizeof line) {
            if (write(1, line, used) != (int)used)
                return -1;
            used = 0;
        }
        unsigned chunk = length < sizeof line - used ? length : (unsigned)sizeof line - used;
        memcpy(line + used, s, chunk);
        used += chunk;
        s += chunk;
        length -= chunk;
    }
    return 0;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if ((i > 1 && put(" ", 1) < 0) || put(argv[i], (unsigned)strlen(argv[i])) < 0)
            return 1;
    if (put("\n", 1) < 0)
        return 1;
    return write(1, line, used) == (int)used ? 0 : 1;
}
