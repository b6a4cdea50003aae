/* A directory entry, as stored in a directory's data and as read() from a directory file
 * descriptor returns them. Shared by the kernel, user programs and the host image tool. */
#ifndef OS_ABI_DIRENT_H
#define OS_ABI_DIRENT_H

#include <stdint.h>

#define NAME_MAX 27 /* longest file name; a name is NUL-padded to 28 bytes */

struct dirent {
    uint32_t ino; /* 0: an empty slot */
    char name[NAME_MAX + 1];
};

_Static_assert(sizeof(struct dirent) == 32, "a directory entry is 32 bytes");

#endif
