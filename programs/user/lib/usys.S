/* System-call stubs, one per line of src/os/abi/syscalls.h (number in a7, ecall, result in
 * a0). Each system call gets two entry points:
 *   __sys_NAME  the raw call: the kernel's result as it is, >= 0 or -errno (Linux values);
 *   NAME        the POSIX convention: -1 with errno set (__syscall_failed in posix.c) when
 *               the kernel returned -1..-4095, else the result. Weak, so that the library's
 *               C wrappers (open, stat, sleep, ...) take the name where the call needs more.
 * exit becomes _exit (picolibc's exit runs the atexit functions, then calls _exit). */
    .macro syscall_stub name, number
    .globl __sys_\name
__sys_\name:
    li a7, \number
    ecall
    ret
    .ifc \name, exit
    .globl _exit
    .set _exit, __sys_exit
    .else
    .weak \name
\name:
    li a7, \number
    ecall
    li t0, -4095
    bgeu a0, t0, 1f
    ret
1:  tail __syscall_failed
    .endif
    .endm

#define SYSCALL(name, number, arguments) syscall_stub name, number;

#include "os/abi/syscalls.h"

/* Where signal handlers return (src/os/signal.c): ask the kernel to restore the
 * interrupted registers. */
    .globl signal_trampoline
signal_trampoline:
    j __sys_sigreturn
