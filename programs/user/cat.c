/* cat [FILES...]: copies each file (or standard input) to standard output. */
#include "lib/user.h"

static int copy(int fd, const char *name)
{
    char buffer[1024];
    int n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        if (write(1, buffer, (unsigned)n) != n)
            return 1;
    if (n < 0) {
        dprintf(2, "cat: %s: %s\n", name, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return copy(0, "standard input");
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            dprintf(2, "cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= copy(fd, argv[i]);
        close(fd);
    }
    return status;
}
