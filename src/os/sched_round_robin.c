/* Round robin: runnable threads take turns in table order, each for a time slice of
 * sched_slice() timer ticks. */
#include "sched.h"

static struct thread *pick_next(void)
{
    static uint32_t last; /* index of the thread chosen last time */
    for (uint32_t n = 1; n <= NTHREAD; n++) {
        uint32_t i = (last + n) % NTHREAD;
        if (thread_can_run(&threads[i])) {
            last = i;
            return &threads[i];
        }
    }
    return NULL;
}

static bool tick(struct thread *running)
{
    return ++running->slice_ticks >= sched_slice();
}

const struct sched_policy sched_round_robin = {.name = "rr", .pick_next = pick_next, .tick = tick};
