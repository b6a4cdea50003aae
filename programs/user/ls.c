/* ls [-l] [PATHS...]: lists directories (or names files). -l adds the type, inode,
 * links, owner, mode and size. */
#include "lib/user.h"

static bool long_format;

static void show(const char *name, const struct stat *st)
{
    if (!long_format) {
        printf("%s%s\n", name, st->type == S_TYPE_DIR ? "/" : "");
        return;
    }
    const char *type = st->type == S_TYPE_DIR ? "dir " : st->type == S_TYPE_DEV ? "dev " : "file";
    printf("%s %5u %3u %4u %04o %8u %s%s\n", type, (unsigned)st->ino, st->nlink, st->uid, st->mode,
           (unsigned)st->size, name, st->type == S_TYPE_DIR ? "/" : "");
}

static int list(const char *path)
{
    struct stat st;
    int error = stat(path, &st);
    if (error < 0) {
        dprintf(2, "ls: %s: %s\n", path, strerror(error));
        return 1;
    }
    if (st.type != S_TYPE_DIR) {
        show(path, &st);
        return 0;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        dprintf(2, "ls: %s: %s\n", path, strerror(fd));
        return 1;
    }
    struct fs_dirent e;
    while (read(fd, &e, sizeof e) == sizeof e) {
        if (!e.ino || e.name[0] == '.')
            continue;
        char full[PATH_MAX];
        snprintf(full, sizeof full, "%s/%s", path, e.name);
        struct stat entry;
        if (stat(full, &entry) == 0)
            show(e.name, &entry);
    }
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "-l") == 0) {
        long_format = true;
        i++;
    }
    if (i == argc)
        return list(".");
    int status = 0;
    for (; i < argc; i++) {
        if (argc - i > 1 || (i > 1 && argc - i > 1))
            printf("%s:\n", argv[i]);
        status |= list(argv[i]);
    }
    return status;
}
