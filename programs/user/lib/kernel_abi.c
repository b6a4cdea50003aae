/* The kernel's side of kernel_abi.h: its errno values and open() flags by name, in the
 * order of abi_names.def (generated from src/os/abi/errno.h and fcntl.h, so a name the
 * kernel adds is translated too). This file sees only the kernel's headers; posix_abi.c
 * lists the same names with picolibc's values. */
#include "os/abi/errno.h"
#include "os/abi/fcntl.h"

#define ERRNO(name) name,
#define OPEN_FLAG(name)
const int kernel_errno_values[] = {
#include "abi_names.def"
};
#undef ERRNO
#undef OPEN_FLAG

#define ERRNO(name)
#define OPEN_FLAG(name) name,
const int kernel_open_flag_values[] = {
#include "abi_names.def"
};
