/* The timer: Sstc's stimecmp raises a supervisor timer interrupt every tick, which is how
 * the kernel regains the CPU from a process that never gives it up (preemption). */
#ifndef OS_TIMER_H
#define OS_TIMER_H

#include "types.h"

#define TICKS_PER_SECOND 1000

/* Arms the first tick and enables the timer interrupt. */
void timer_init(void);

/* Handles a timer interrupt: counts the tick, arms the next, wakes sleepers. */
void timer_interrupt(void);

/* Ticks since boot. */
extern volatile uint32_t timer_ticks;

/* Blocks the calling thread until the next tick (or a signal, or another wakeup of
 * &timer_ticks); sleep_on's result. */
int timer_sleep_tick(void);

#endif
