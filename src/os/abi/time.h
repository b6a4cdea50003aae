/* Clocks and times for clock_gettime and nanosleep. Shared by the kernel and user
 * programs (a C library converts to its own struct timespec).
 *
 * Guest time: vmsim's mtime, which runs at VMSIM_TIMEBASE_HZ of guest time (cycles, not
 * host seconds), so times are the same on every run. CLOCK_MONOTONIC counts from boot.
 * CLOCK_REALTIME is the same count from 1970-01-01 00:00:00 UTC: the machine has no
 * battery-backed clock, so the guest boots at the epoch. */
#ifndef OS_ABI_TIME_H
#define OS_ABI_TIME_H

#include <stdint.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

struct kernel_timespec {
    int64_t tv_sec;
    int32_t tv_nsec; /* 0 .. 999,999,999 */
    int32_t tv_reserved;
};

_Static_assert(sizeof(struct kernel_timespec) == 16, "struct kernel_timespec is 16 bytes");

#endif
