/* Round robin: runnable threads take turns in table order, each for a time slice of
 * sched_slice() timer ticks. */
#include "sched.h"

static struct thread *pick_next(void)
{
    static uint32_t last; /* index of the thread chosen last time */
    /* Table order from the slot after the last one chosen, round the slots in use. */
    for (uint32_t n = 1; n <= thread_slots_used; n++) {
        uint32_t i = (last + n) % thread_slots_used;
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
