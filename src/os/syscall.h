/* System-call dispatch: the number in a7 selects a handler from the table built from
 * abi/syscalls.h; arguments are in a0..a5 of the trapframe. */
#ifndef OS_SYSCALL_H
#define OS_SYSCALL_H

#include "proc.h"

/* Runs the system call the trapframe asks for; its result (>= 0, or -errno). */
int32_t syscall_dispatch(struct trapframe *frame);

/* Argument n (0..5) of the current system call. */
uint32_t syscall_argument(int n);

/* One handler per system call, defined in sys_*.c. */
#define SYSCALL(name, number, arguments) int32_t sys_##name(void);
#include "abi/syscalls.h"
#undef SYSCALL

#endif
