/* opendir/readdir/closedir: a directory's descriptor reads as struct fs_dirent records
 * (abi/dirent.h); readdir hands them out in the standard struct dirent shape. */
#include "user.h"

struct dir {
    int fd;
    struct dirent entry;
};

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY, 0);
    if (fd < 0)
        return NULL;
    struct stat st;
    DIR *dir = NULL;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        dir = malloc(sizeof *dir);
    if (!dir) {
        close(fd);
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
            memcpy(dir->entry.d_name, record.name, sizeof dir->entry.d_name);
            dir->entry.d_name[FS_NAME_MAX] = '\0';
            return &dir->entry;
        }
    }
    return NULL;
}

int closedir(DIR *dir)
{
    int error = close(dir->fd);
    free(dir);
    return error;
}
