/* The system-call table, built from the one list in abi/syscalls.h with designated
 * initialisers: entry n is the handler of system call n. */
#include "syscall.h"

#include "abi/errno.h"

static int32_t (*const syscall_table[])(void) = {
#define SYSCALL(name, number) [number] = sys_##name,
#include "abi/syscalls.h"
#undef SYSCALL
};

/* Read from the calling thread's own trapframe, so a handler that blocks still sees its
 * own arguments when it resumes. */
uint32_t syscall_argument(int n)
{
    return current_thread()->trapframe->regs[REG_A0 + n];
}

int32_t syscall_dispatch(struct trapframe *frame)
{
    uint32_t number = frame->regs[REG_A7];
    if (number >= sizeof syscall_table / sizeof syscall_table[0] || !syscall_table[number])
        return -ENOSYS;
    return syscall_table[number]();
}
