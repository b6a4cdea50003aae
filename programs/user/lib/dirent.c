/* opendir/readdir/closedir: a directory's descriptor reads as struct fs_dirent records
 * (abi/dirent.h); readdir hands them out in the standard struct dirent shape. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/abi/dirent.h"

_Static_assert(sizeof((struct dirent *)0)->d_name == FS_NAME_MAX + 1, "<dirent.h> fits the longest name");

struct dir {
    int fd;
    struct dirent entry;
};

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    DIR *dir = NULL;
    errno = 0;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        dir = malloc(sizeof *dir);
    if (!dir) {
        int error = errno == 0 ? ENOTDIR : errno;
        close(fd);
        errno = error;
        return NULL;
    }
    dir->fd = fd;
    return dir;
}

struct dirent *readdir(DIR *dir)
{
    struct fs_dirent record;
    while (read(dir->fd, &record, sizeof record) == sizeof record) {
        if (record.ino != 0) {
            dir->entry.d_ino = record.ino;
            memcpy(dir->entry.d_name, record.name, sizeof record.name);
            dir->entry.d_name[FS_NAME_MAX] = '\0';
            return &dir->entry;
        }
    }
    return NULL;
}

int closedir(DIR *dir)
{
    int result = close(dir->fd);
    free(dir);
    return result;
}
