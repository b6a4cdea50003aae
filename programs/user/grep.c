/* grep [-v] [-c] TEXT [FILES...]: prints the lines that contain TEXT (a fixed string);
 * -v the lines that do not, -c only how many. Exit status 0 if a line was selected. */
#include "lib/user.h"

static bool invert, count_only;
static unsigned selected;

static void consider(const char *line, const char *text, const char *prefix)
{
    if ((strstr(line, text) != NULL) == invert)
        return;
    selected++;
    if (!count_only)
        printf("%s%s\n", prefix, line);
}

static int search(int fd, const char *name, const char *text, bool show_name)
{
    char buffer[1024], line[512], prefix[64] = "";
    if (show_name)
        snprintf(prefix, sizeof prefix, "%s:", name);
    int length = 0, n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                line[length] = '\0';
                consider(line, text, prefix);
                length = 0;
            } else if (length < (int)sizeof line - 1) {
                line[length++] = buffer[i];
            }
        }
    }
    if (length > 0) {
        line[length] = '\0';
        consider(line, text, prefix);
    }
    if (n < 0) {
        dprintf(2, "grep: %s: %s\n", name, strerror(errno));
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-v") == 0)
            invert = true;
        else if (strcmp(argv[i], "-c") == 0)
            count_only = true;
        else {
            dprintf(2, "grep: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (i >= argc) {
        dprintf(2, "usage: grep [-v] [-c] TEXT [FILE...]\n");
        return 2;
    }
    const char *text = argv[i++];
    int status = 0;
    if (i == argc) {
        status = search(0, "standard input", text, false);
    } else {
        bool several = argc - i > 1;
        for (; i < argc; i++) {
            int fd = open(argv[i], O_RDONLY);
            if (fd < 0) {
                dprintf(2, "grep: %s: %s\n", argv[i], strerror(errno));
                status = 2;
                continue;
            }
            status |= search(fd, argv[i], text, several);
            close(fd);
        }
    }
    if (count_only)
        printf("%u\n", selected);
    return status ? status : selected ? 0 : 1;
}
