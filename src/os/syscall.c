/* The system-call table, built from the one list in abi/syscalls.h with designated
 * initialisers: entry n is the handler of system call n. */
#include "syscall.h"

#include "abi/errno.h"
#include "annotate.h"

static int32_t (*const syscall_table[])(void) = {
#define SYSCALL(name, number, arguments) [number] = sys_##name,
#include "abi/syscalls.h"
#undef SYSCALL
};

/* Read from the calling thread's own trapframe, so a handler that blocks still sees its
 * own arguments when it resumes. */
uint32_t syscall_argument(int n)
{
    return current_thread()->trapframe->regs[REG_A0 + n];
}

enum syscall_number {
#define SYSCALL(name, number, arguments) SYSCALL_NUMBER_##name = number,
#include "abi/syscalls.h"
#undef SYSCALL
};

/* The blocking calls a handler installed with SA_RESTART makes run again after it
 * interrupted them (-EINTR). Sleeps are not among them, as in Linux: they would start
 * their whole time again. */
static bool restartable(uint32_t number)
{
    switch (number) {
    case SYSCALL_NUMBER_read:
    case SYSCALL_NUMBER_write:
    case SYSCALL_NUMBER_open:
    case SYSCALL_NUMBER_waitpid:
    case SYSCALL_NUMBER_thread_join:
        return true;
    default:
        return false;
    }
}

/* Each call is reported to vmsim on entry and on return (abi/syscalls.h names them there);
 * exit and a successful exec do not return to their caller, so they report no return. */
int32_t syscall_dispatch(struct trapframe *frame)
{
    uint32_t number = frame->regs[REG_A7];
    uint32_t first_argument = frame->regs[REG_A0];
    struct thread *t = current_thread();
    annotate_syscall_enter(t, number);
    int32_t result = -ENOSYS;
    if (number < sizeof syscall_table / sizeof syscall_table[0] && syscall_table[number])
        result = syscall_table[number]();
    if (!(number == SYSCALL_NUMBER_exec && result >= 0))
        annotate_syscall_exit(t, number, result);
    if (result == -EINTR && restartable(number)) {
        t->syscall_restartable = true; /* signal_deliver acts on it, and clears it */
        t->syscall_first_argument = first_argument;
    }
    return result;
}
