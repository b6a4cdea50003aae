/* Guest time as the clocks of abi/time.h report it: the `time` CSR (vmsim's mtime, at
 * VMSIM_TIMEBASE_HZ) converted to seconds and nanoseconds. */
#ifndef OS_CLOCK_H
#define OS_CLOCK_H

#include "abi/time.h"
#include "machine_map.h"
#include "riscv.h"

#define CLOCK_NS_PER_UNIT (1000000000u / VMSIM_TIMEBASE_HZ)
_Static_assert(1000000000u % VMSIM_TIMEBASE_HZ == 0, "a time unit is a whole number of nanoseconds");

/* Now, in time units since boot (for both clocks: the guest boots at the epoch). */
static inline uint64_t clock_now(void)
{
    return time_now();
}

static inline struct kernel_timespec clock_timespec(uint64_t units)
{
    return (struct kernel_timespec){.tv_sec = (int64_t)(units / VMSIM_TIMEBASE_HZ),
                                    .tv_nsec = (int32_t)(units % VMSIM_TIMEBASE_HZ * CLOCK_NS_PER_UNIT)};
}

#endif
