/* Slow motion's state machine (src/ui/run_control.h). */
#include "ui/run_control.h"

#include <string.h>

const uint64_t run_control_speeds[RUN_CONTROL_SPEEDS] = {0, 10000000, 1000000, 100000, 10000, 1000, 100};

#define LONGEST_PACE_WAIT 0.05 /* seconds: the window is served at least this often */
#define PACE_BATCHES_PER_SECOND 50
#define PACE_SLACK 1e-6 /* seconds: this close to the pace is on time (rounding) */

void run_control_init(struct run_control *rc)
{
    memset(rc, 0, sizeof *rc);
    rc->pace_restart = true;
}

void run_control_pause(struct run_control *rc)
{
    rc->paused = !rc->paused;
    rc->steps = 0;
    rc->stopped_after_event = false;
}

void run_control_step(struct run_control *rc)
{
    if (rc->paused)
        rc->steps++;
    else
        rc->paused = true;
    rc->stopped_after_event = false;
}

void run_control_slower(struct run_control *rc)
{
    if (rc->speed_level + 1 < RUN_CONTROL_SPEEDS)
        rc->speed_level++;
    rc->pace_restart = true;
}

void run_control_faster(struct run_control *rc)
{
    if (rc->speed_level > 0)
        rc->speed_level--;
    rc->pace_restart = true;
}

void run_control_run_to_next(struct run_control *rc)
{
    rc->seek_asked = true;
    rc->seek_target = rc->step_target;
    rc->stopped_after_event = false;
}

void run_control_next_target(struct run_control *rc)
{
    rc->step_target = (rc->step_target + 1) % OS_STEP_TARGETS;
}

uint64_t run_control_speed(const struct run_control *rc)
{
    return run_control_speeds[rc->speed_level];
}

/* How long to wait before the next batch so that the guest runs at the speed asked for
 * (0: go now), and a batch short enough to keep the pace smooth. */
static double pace(struct run_control *rc, uint64_t *budget, uint64_t instret, double now)
{
    uint64_t speed = run_control_speed(rc);
    if (rc->pace_restart || instret < rc->pace_instret) {
        rc->pace_restart = false;
        rc->pace_time = now;
        rc->pace_instret = instret;
    }
    double ahead = (double)(instret - rc->pace_instret) / (double)speed - (now - rc->pace_time);
    if (ahead > PACE_SLACK)
        return ahead < LONGEST_PACE_WAIT ? ahead : LONGEST_PACE_WAIT;
    uint64_t chunk = speed / PACE_BATCHES_PER_SECOND ? speed / PACE_BATCHES_PER_SECOND : 1;
    if (*budget > chunk)
        *budget = chunk;
    return 0;
}

struct run_control_decision run_control_before_batch(struct run_control *rc, struct os_history *history,
                                                     uint64_t budget, uint64_t instret, double now)
{
    struct run_control_decision d = {.verdict = RUN_CONTROL_HOLD};
    if (rc->seek_asked) {
        rc->seek_asked = false;
        rc->seeking = true;
        rc->paused = false;
        rc->seek_from = history->seen[rc->seek_target];
        history->stop_after = rc->seek_target;
        history->stop_after_set = true;
    }
    if (rc->seeking && history->seen[rc->seek_target] != rc->seek_from) {
        rc->seeking = false;
        history->stop_after_set = false;
        rc->paused = true;
        rc->steps = 0;
        rc->stopped_after_event = true;
        d.arrived = true;
    }
    if (rc->paused && rc->steps == 0) {
        rc->pace_restart = true;
        return d;
    }
    if (rc->paused) {
        rc->steps--;
        budget = 1;
    } else if (run_control_speed(rc)) {
        double wait = pace(rc, &budget, instret, now);
        if (wait > 0) {
            d.verdict = RUN_CONTROL_WAIT;
            d.wait = wait;
            return d;
        }
    }
    d.verdict = RUN_CONTROL_RUN;
    d.budget = budget;
    d.again = rc->paused || rc->seeking || run_control_speed(rc) != 0;
    return d;
}
