/* System calls about guest time (abi/time.h): clock_gettime and nanosleep. Sleeps wake
 * on the timer's 1 ms tick, so a sleep lasts at least what was asked, rounded up to the
 * next tick. */
#include "abi/errno.h"
#include "clock.h"
#include "proc.h"
#include "syscall.h"
#include "timer.h"
#include "uaccess.h"

/* clock_gettime(clockid, struct kernel_timespec *) */
int32_t sys_clock_gettime(void)
{
    uint32_t clock = syscall_argument(0);
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
        return -EINVAL;
    struct kernel_timespec now = clock_timespec(clock_now());
    return copy_to_user(&current_proc()->as, syscall_argument(1), &now, sizeof now) < 0 ? -EFAULT : 0;
}

/* nanosleep(const struct kernel_timespec *request, struct kernel_timespec *rest or 0):
 * 0 after the time passed; -EINTR when a signal came first, with the time still to
 * sleep in *rest. */
int32_t sys_nanosleep(void)
{
    struct address_space *as = &current_proc()->as;
    struct kernel_timespec request;
    if (copy_from_user(as, &request, syscall_argument(0), sizeof request) < 0)
        return -EFAULT;
    if (request.tv_sec < 0 || request.tv_nsec < 0 || request.tv_nsec >= 1000000000)
        return -EINVAL;
    /* Past about 58,000 years of guest time the deadline would wrap: sleep that long. */
    uint64_t max_seconds = UINT64_MAX / VMSIM_TIMEBASE_HZ / 2;
    uint64_t seconds = (uint64_t)request.tv_sec < max_seconds ? (uint64_t)request.tv_sec : max_seconds;
    uint64_t deadline = clock_now() + seconds * VMSIM_TIMEBASE_HZ +
                        ((uint64_t)request.tv_nsec + CLOCK_NS_PER_UNIT - 1) / CLOCK_NS_PER_UNIT;
    uint64_t now;
    while ((now = clock_now()) < deadline) {
        if (timer_sleep_tick() < 0) {
            uint32_t rest_address = syscall_argument(1);
            now = clock_now();
            struct kernel_timespec rest = clock_timespec(now < deadline ? deadline - now : 0);
            if (rest_address && copy_to_user(as, rest_address, &rest, sizeof rest) < 0)
                return -EFAULT;
            return -EINTR;
        }
    }
    return 0;
}
