/* <dirent.h> for guest OS programs (picolibc has none for this system): opendir, readdir
 * and closedir over a directory's descriptor (programs/user/lib/dirent.c). */
#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>

struct dirent {
    ino_t d_ino;
    char d_name[28]; /* the file system's longest name (FS_NAME_MAX) and a NUL */
};

typedef struct dir DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

#endif
