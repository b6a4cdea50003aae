/* System-call stubs, one per line of src/os/abi/syscalls.h: number in a7, ecall; the
 * kernel leaves the result in a0. Each is __sys_NAME, and NAME too unless the library
 * defines NAME itself (exit runs the atexit functions first, then __sys_exit). */
#define SYSCALL(name, number) \
    .globl __sys_##name;      \
__sys_##name:                 \
    li a7, number;            \
    ecall;                    \
    ret;                      \
    .weak name;               \
    .set name, __sys_##name;

#include "abi/syscalls.h"

/* Where signal handlers return (src/os/signal.c): ask the kernel to restore the
 * interrupted registers. */
    .globl signal_trampoline
signal_trampoline:
    j sigreturn
