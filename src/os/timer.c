/* One tick every millisecond of guest time: vmsim's mtime runs at VMSIM_TIMEBASE_HZ, so a
 * tick is 10,000 time units, which is 100,000 instructions. */
#include "timer.h"

#include "machine_map.h"
#include "proc.h"
#include "riscv.h"

#define TIME_PER_TICK (VMSIM_TIMEBASE_HZ / TICKS_PER_SECOND)

volatile uint32_t timer_ticks;

/* Threads in timer_sleep_tick: a tick with none skips wakeup's scan of every thread slot,
 * which was most of the kernel's work at a tick while a process computes. */
static uint32_t tick_sleepers;

int timer_sleep_tick(void)
{
    tick_sleepers++;
    int result = sleep_on((const void *)&timer_ticks);
    tick_sleepers--;
    return result;
}

static void arm_next_tick(void)
{
    uint64_t next = time_now() + TIME_PER_TICK;
    /* Write the high half last after making the low half huge, so the 64-bit compare
     * never sees a deadline in the past halfway through the update. */
    csr_write(0x14d, 0xffffffffu); /* stimecmp */
    csr_write(0x15d, (uint32_t)(next >> 32)); /* stimecmph */
    csr_write(0x14d, (uint32_t)next);
}

void timer_init(void)
{
    arm_next_tick();
    csr_set(sie, MIE_STIE);
}

void timer_interrupt(void)
{
    timer_ticks++;
    arm_next_tick();
    if (tick_sleepers)
        wakeup((const void *)&timer_ticks);
}
