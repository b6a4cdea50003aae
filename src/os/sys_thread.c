/* System calls about threads: several threads share one process's address space; futexes
 * let them sleep until a word in it changes. */
#include "abi/errno.h"
#include "clock.h"
#include "proc.h"
#include "syscall.h"
#include "timer.h"
#include "uaccess.h"

/* thread_spawn(entry, a0, a1, stack_top): the new thread starts at entry with a0, a1 and
 * sp set; the user library passes its own start routine as entry (user/lib/thread.c). */
int32_t sys_thread_spawn(void)
{
    return thread_create(syscall_argument(0), syscall_argument(1), syscall_argument(2), syscall_argument(3));
}

int32_t sys_thread_exit(void)
{
    thread_exit(syscall_argument(0));
}

/* thread_join(tid, uint32_t *value or 0) */
int32_t sys_thread_join(void)
{
    uint32_t value;
    int error = thread_join((int)syscall_argument(0), &value);
    uint32_t address = syscall_argument(1);
    if (error == 0 && address && copy_to_user(&current_proc()->as, address, &value, sizeof value) < 0)
        return -EFAULT;
    return error;
}

int32_t sys_gettid(void)
{
    return current_thread()->tid;
}

/* futex_wait(uint32_t *address, expected, const struct kernel_timespec *timeout or 0):
 * sleeps while *address == expected, until futex_wake on the address (0), the relative
 * timeout (-ETIMEDOUT) or a signal (-EINTR); -EAGAIN at once when the word differs. The
 * check and the sleep cannot be split by another thread: the kernel runs one system call
 * at a time and does not preempt itself. What pthread mutexes and condition variables
 * sleep on. */
int32_t sys_futex_wait(void)
{
    struct thread *t = current_thread();
    struct address_space *as = &t->proc->as;
    uint32_t address = syscall_argument(0), timeout_address = syscall_argument(2);
    if (address % 4)
        return -EINVAL;
    uint32_t value;
    if (copy_from_user(as, &value, address, sizeof value) < 0)
        return -EFAULT;
    uint64_t deadline = 0;
    if (timeout_address) {
        struct kernel_timespec timeout;
        if (copy_from_user(as, &timeout, timeout_address, sizeof timeout) < 0)
            return -EFAULT;
        if (timeout.tv_sec < 0 || timeout.tv_nsec < 0 || timeout.tv_nsec >= 1000000000)
            return -EINVAL;
        uint64_t seconds = (uint64_t)timeout.tv_sec < UINT32_MAX ? (uint64_t)timeout.tv_sec : UINT32_MAX;
        deadline = clock_now() + seconds * VMSIM_TIMEBASE_HZ +
                   ((uint64_t)timeout.tv_nsec + CLOCK_NS_PER_UNIT - 1) / CLOCK_NS_PER_UNIT;
    }
    if (value != syscall_argument(1))
        return -EAGAIN;
    t->futex_address = address;
    t->futex_waiting = true;
    t->futex_woken = false;
    int result = 0;
    while (!t->futex_woken) {
        if (timeout_address && clock_now() >= deadline) {
            result = -ETIMEDOUT;
            break;
        }
        /* With a timeout the thread also wakes at every timer tick to look at the clock. */
        int slept = timeout_address ? timer_sleep_tick() : sleep_on(&t->futex_address);
        if (slept < 0 && !t->futex_woken) {
            result = -EINTR;
            break;
        }
    }
    t->futex_waiting = false;
    return result;
}

/* futex_wake(uint32_t *address, count): wakes up to count threads of this process that
 * wait on the address; returns how many. */
int32_t sys_futex_wake(void)
{
    uint32_t address = syscall_argument(0);
    int count = (int)syscall_argument(1);
    if (address % 4 || count < 0)
        return -EINVAL;
    return thread_futex_wake(current_proc(), address, count);
}
