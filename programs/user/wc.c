/* wc [FILES...]: counts lines, words and bytes. */
#include "lib/user.h"

static int count(int fd, const char *name, unsigned totals[3])
{
    unsigned lines = 0, words = 0, bytes = 0;
    bool in_word = false;
    char buffer[1024];
    int n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        for (int i = 0; i < n; i++) {
            bytes++;
            if (buffer[i] == '\n')
                lines++;
            if (isspace((unsigned char)buffer[i])) {
                in_word = false;
            } else if (!in_word) {
                in_word = true;
                words++;
            }
        }
    }
    if (n < 0) {
        dprintf(2, "wc: %s: %s\n", name, strerror(errno));
        return 1;
    }
    printf("%7u %7u %7u%s%s\n", lines, words, bytes, *name ? " " : "", name);
    totals[0] += lines, totals[1] += words, totals[2] += bytes;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned totals[3] = {0, 0, 0};
    if (argc < 2)
        return count(0, "", totals);
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            dprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= count(fd, argv[i], totals);
        close(fd);
    }
    if (argc > 2)
        printf("%7u %7u %7u total\n", totals[0], totals[1], totals[2]);
    return status;
}
