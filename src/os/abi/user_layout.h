/* Where user programs live in a guest OS address space. Shared by the kernel (memlayout.h),
 * the user linker script's users, and vmsim, which tells a guest OS program (linked here)
 * from a bare-metal one (linked in RAM). */
#ifndef OS_ABI_USER_LAYOUT_H
#define OS_ABI_USER_LAYOUT_H

#define USER_BASE 0x00400000u /* program text, then data, bss and the heap */
#define USER_TOP 0x0c000000u  /* the stack's top; the kernel's below USER_BASE and from here up */

#endif
