/* Between picolibc's numbers and the kernel's (src/os/abi, Linux's values): errno
 * values from 35 up and open()'s flags differ. Internal to the user library. */
#ifndef USER_LIB_KERNEL_ABI_H
#define USER_LIB_KERNEL_ABI_H

/* picolibc's errno for the kernel's error number (positive); an unknown one as it is. */
int errno_from_kernel(int kernel_errno);

/* open()'s flags in the kernel's values; flags the kernel does not know are dropped. */
int open_flags_to_kernel(int flags);

#endif
