/* picolibc's side of kernel_abi.h: the names of abi_names.def with picolibc's values, and
 * the translations (kernel_abi.c holds the kernel's values, in the same order). */
#include <errno.h>
#include <fcntl.h>

#include "kernel_abi.h"

#define ERRNO(name) name,
#define OPEN_FLAG(name)
static const int library_errno_values[] = {
#include "abi_names.def"
};
#undef ERRNO
#undef OPEN_FLAG

#define ERRNO(name)
#define OPEN_FLAG(name) name,
static const int library_open_flag_values[] = {
#include "abi_names.def"
};

#define COUNT(array) (sizeof(array) / sizeof(array)[0])

extern const int kernel_errno_values[COUNT(library_errno_values)];
extern const int kernel_open_flag_values[COUNT(library_open_flag_values)];

int errno_from_kernel(int kernel_errno)
{
    for (unsigned i = 0; i < COUNT(library_errno_values); i++)
        if (kernel_errno_values[i] == kernel_errno)
            return library_errno_values[i];
    return kernel_errno;
}

int open_flags_to_kernel(int flags)
{
    /* O_RDONLY, O_WRONLY and O_RDWR are 0, 1 and 2 on both sides. */
    int kernel = flags & O_ACCMODE;
    for (unsigned i = 0; i < COUNT(library_open_flag_values); i++)
        if (library_open_flag_values[i] & ~O_ACCMODE && flags & library_open_flag_values[i])
            kernel |= kernel_open_flag_values[i];
    return kernel;
}
