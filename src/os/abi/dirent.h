/* A directory entry, as stored in a directory's data and as read() from a directory file
 * descriptor returns them. Shared by the kernel, user programs and the host image tool (the
 * fs_ prefix keeps clear of the host C library's struct dirent). */
#ifndef OS_ABI_DIRENT_H
#define OS_ABI_DIRENT_H

#include <stdint.h>

#define FS_NAME_MAX 27 /* longest file name; a name is NUL-padded to 28 bytes */

struct fs_dirent {
    uint32_t ino; /* 0: an empty slot */
    char name[FS_NAME_MAX + 1];
};

_Static_assert(sizeof(struct fs_dirent) == 32, "a directory entry is 32 bytes");

#endif
