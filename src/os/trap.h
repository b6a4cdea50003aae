/* Traps: system calls, exceptions and interrupts, from U mode and from S mode. */
#ifndef OS_TRAP_H
#define OS_TRAP_H

#include "proc.h"

/* Points stvec at trap_vector and enables the interrupts the kernel uses. */
void trap_init(void);

/* Returns the current thread to U mode: delivers signals (which may stop or end it),
 * then restores its registers from its trapframe. */
void user_trap_return(void) __attribute__((noreturn));

#endif
