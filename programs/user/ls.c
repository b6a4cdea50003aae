/* ls [-l] [PATHS...]: lists directories (or names files). -l adds the type, inode,
 * links, owner, mode and size. */
#include "lib/user.h"

static bool long_format;

static void show(const char *name, const struct stat *st)
{
    if (!long_format) {
        printf("%s%s\n", name, S_ISDIR(st->st_mode) ? "/" : "");
        return;
    }
    const char *type = S_ISDIR(st->st_mode) ? "dir " : S_ISCHR(st->st_mode) ? "dev " : "file";
    printf("%s %5u %3u %4u %04o %8u %s%s\n", type, (unsigned)st->st_ino, (unsigned)st->st_nlink,
           (unsigned)st->st_uid, (unsigned)(st->st_mode & 07777), (unsigned)st->st_size, name,
           S_ISDIR(st->st_mode) ? "/" : "");
}

static int list(const char *path)
{
    struct stat st;
    int error = stat(path, &st);
    if (error < 0) {
        dprintf(2, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        show(path, &st);
        return 0;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        dprintf(2, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char full[PATH_MAX];
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        struct stat entry;
        if (stat(full, &entry) == 0)
            show(e->d_name, &entry);
    }
    closedir(dir);
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
