/* TEMPORARY (issue 6 in progress): ENOSYS stand-ins for the system calls that are listed in
 * abi/syscalls.h but not written yet. They are weak, so the real handler in sys_*.c
 * replaces each one; this file goes once every call has its handler. */
#include "abi/errno.h"
#include "syscall.h"

#define PENDING(name) \
    __attribute__((weak)) int32_t sys_##name(void) { return -ENOSYS; }

PENDING(fbmap)
