/* System-call stubs, one per line of src/os/abi/syscalls.h: number in a7, ecall; the
 * kernel leaves the result in a0. */
#define SYSCALL(name, number) \
    .globl name;              \
name:                         \
    li a7, number;            \
    ecall;                    \
    ret;

#include "abi/syscalls.h"

/* Where signal handlers return (src/os/signal.c): ask the kernel to restore the
 * interrupted registers. */
    .globl signal_trampoline
signal_trampoline:
    j sigreturn
