/* System calls about processes: life and death, identity, memory, time. */
#include "abi/errno.h"
#include "abi/limits.h"
#include "abi/fcntl.h"
#include "annotate.h"
#include "exec.h"
#include "power.h"
#include "proc.h"
#include "string.h"
#include "sched.h"
#include "syscall.h"
#include "timer.h"
#include "uaccess.h"
#include "user_range.h"

int32_t sys_exit(void)
{
    proc_exit(W_EXITCODE(syscall_argument(0), 0));
}

int32_t sys_fork(void)
{
    return proc_fork();
}

/* waitpid(pid, int *status or 0, options) */
int32_t sys_waitpid(void)
{
    int status = 0;
    uint32_t status_address = syscall_argument(1);
    int pid = proc_wait((int)syscall_argument(0), &status, (int)syscall_argument(2));
    if (pid > 0 && status_address && copy_to_user(&current_proc()->as, status_address, &status, sizeof status) < 0)
        return -EFAULT;
    return pid;
}

/* Appends the strings of a user array (argv or envp: pointers ending with NULL) to the
 * block; a NULL array is empty. Returns how many, or -EFAULT / -E2BIG. */
static int copy_string_array(struct address_space *as, uint32_t user_array, struct exec_arguments *args,
                             char *buffer)
{
    int count = 0;
    for (; user_array; count++) {
        uint32_t pointer;
        if (!user_range_valid(user_array, ((uint32_t)count + 1) * 4) ||
            copy_from_user(as, &pointer, user_array + (uint32_t)count * 4, 4) < 0)
            return -EFAULT;
        if (!pointer)
            break;
        uint32_t room = ARG_MAX - args->bytes;
        int length = copy_string_from_user(as, buffer + args->bytes, pointer, room);
        if (length < 0)
            return length; /* -E2BIG when it does not fit */
        int error = exec_arguments_add(args, buffer, buffer + args->bytes, strlen(buffer + args->bytes));
        if (error < 0)
            return error;
    }
    return count;
}

/* exec(const char *name, char *const argv[], char *const envp[]) */
int32_t sys_exec(void)
{
    /* exec does not block, and the kernel runs one system call at a time, so static
     * buffers are safe. */
    static char name[PATH_MAX];
    static char strings[ARG_MAX];
    struct proc *p = current_proc();
    struct thread *t = current_thread();
    if (p->live_threads > 1)
        return -EBUSY;
    int error = copy_string_from_user(&p->as, name, syscall_argument(0), sizeof name);
    if (error < 0)
        return error == -E2BIG ? -ENAMETOOLONG : error;
    struct exec_arguments args = {.strings = strings};
    int argc = copy_string_array(&p->as, syscall_argument(1), &args, strings);
    if (argc < 0)
        return argc;
    args.argc = argc;
    int envc = copy_string_array(&p->as, syscall_argument(2), &args, strings);
    if (envc < 0)
        return envc;
    args.envc = envc;
    int result = exec_kernel(p, t->trapframe, name, &args);
    if (result >= 0) {
        annotate_thread(t); /* a new name and address space */
        annotate_thread_context(t);
        annotate_switch(t);
    }
    return result;
}

int32_t sys_getpid(void)
{
    return current_proc()->pid;
}

int32_t sys_getppid(void)
{
    struct proc *parent = current_proc()->parent;
    return parent ? parent->pid : 0;
}

int32_t sys_sbrk(void)
{
    return addrspace_grow(&current_proc()->as, (int32_t)syscall_argument(0));
}

int32_t sys_yield(void)
{
    yield();
    return 0;
}

/* sleep(milliseconds): 0, or -EINTR if a signal came first. */
int32_t sys_sleep(void)
{
    uint32_t start = timer_ticks;
    uint32_t ticks = syscall_argument(0) * TICKS_PER_SECOND / 1000;
    while (timer_ticks - start < ticks)
        if (timer_sleep_tick() < 0)
            return -EINTR;
    return 0;
}

int32_t sys_uptime(void)
{
    return (int32_t)timer_ticks;
}

int32_t sys_getuid(void)
{
    return current_proc()->uid;
}

/* There are no set-user-id programs, so the effective uid is always the real one. */
int32_t sys_geteuid(void)
{
    return current_proc()->uid;
}

/* setuid(uid): root may become anyone; others may only "become" themselves. */
int32_t sys_setuid(void)
{
    struct proc *p = current_proc();
    int uid = (int)syscall_argument(0);
    if (uid < 0)
        return -EINVAL;
    if (p->uid != 0 && uid != p->uid)
        return -EPERM;
    p->uid = uid;
    annotate_thread(current_thread());
    return 0;
}

/* setpriority(priority 0..9): 0 runs first under the priority policy. Only root may
 * raise its priority (choose a smaller number). */
int32_t sys_setpriority(void)
{
    struct proc *p = current_proc();
    int priority = (int)syscall_argument(0);
    if (priority < 0 || priority > 9)
        return -EINVAL;
    if (priority < p->priority && p->uid != 0)
        return -EPERM;
    p->priority = priority;
    return 0;
}

int32_t sys_getpriority(void)
{
    return current_proc()->priority;
}

/* poweroff(status): root only; ends the whole machine. */
int32_t sys_poweroff(void)
{
    if (current_proc()->uid != 0)
        return -EPERM;
    power_off(syscall_argument(0));
}
