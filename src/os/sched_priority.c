/* Strict priority: the runnable thread whose process has the smallest priority number
 * runs; threads of equal priority take turns (round robin among them). A CPU-bound
 * high-priority process starves lower ones: that is the point of the demonstration, and
 * why MLFQ-style aging exists. */
#include "sched.h"

static struct thread *pick_next(void)
{
    static uint32_t last;
    struct thread *best = NULL;
    uint32_t best_index = 0;
    /* Table order from the slot after the last one chosen, round the slots in use. */
    for (uint32_t n = 1; n <= thread_slots_used; n++) {
        uint32_t i = (last + n) % thread_slots_used;
        struct thread *t = &threads[i];
        if (thread_can_run(t) && (!best || t->proc->priority < best->proc->priority)) {
            best = t;
            best_index = i;
        }
    }
    if (best)
        last = best_index;
    return best;
}

static bool tick(struct thread *running)
{
    return ++running->slice_ticks >= sched_slice();
}

const struct sched_policy sched_priority = {.name = "priority", .pick_next = pick_next, .tick = tick};
