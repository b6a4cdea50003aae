/* echo [WORDS...]: prints its arguments separated by spaces. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    char line[512];
    int n = 0;
    for (int i = 1; i < argc; i++)
        n += snprintf(line + n, n < (int)sizeof line ? sizeof line - (size_t)n : 0, "%s%s", i > 1 ? " " : "", argv[i]);
    if (n >= (int)sizeof line - 1)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    return write(1, line, (unsigned)n) == n ? 0 : 1;
}
