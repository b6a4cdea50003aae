/* picolibc's side of kernel_abi.h: the names of abi_names.def with picolibc's values, and
 * the translations (kernel_abi.c holds the kernel's values, in the same order). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <time.h>

#include "kernel_abi.h"

/* clock_gettime and nanosleep hand picolibc's struct timespec to the kernel as its
 * struct kernel_timespec (abi/time.h: int64 seconds, int32 nanoseconds, 16 bytes). */
_Static_assert(sizeof(struct timespec) == 16 && sizeof(time_t) == 8 &&
                   offsetof(struct timespec, tv_nsec) == 8 && sizeof(long) == 4,
               "picolibc's struct timespec is laid out as the kernel's struct kernel_timespec");

#define TABLE(kind) library_##kind
#define TABLE_STORAGE static
#include "abi_tables.inc"

#define COUNT(array) (sizeof(array) / sizeof(array)[0])

extern const int kernel_errno_values[COUNT(library_errno_values)];
extern const int kernel_open_flag_values[COUNT(library_open_flag_values)];
extern const int kernel_clock_values[COUNT(library_clock_values)];

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

int clock_to_kernel(int clock)
{
    for (unsigned i = 0; i < COUNT(library_clock_values); i++)
        if (library_clock_values[i] == clock)
            return kernel_clock_values[i];
    return -1;
}
