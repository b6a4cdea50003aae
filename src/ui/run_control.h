/* Slow motion for the window: pause, one instruction at a time, a speed in instructions
 * per second, and run-to-next (trap, system call, context switch, page fault). A state
 * machine that the machine's thread consults before each batch (ui.c, with the UI's lock
 * held): it is given the guest's instruction count and the host clock rather than reading
 * them, and it says how far the next batch may run, so tests drive it step by step on a
 * real machine without a window or a clock (tests/unit/ui/test_run_control.c). */
#ifndef VMSIM_UI_RUN_CONTROL_H
#define VMSIM_UI_RUN_CONTROL_H

#include <stdbool.h>
#include <stdint.h>

#include "ui/os_history.h"

#define RUN_CONTROL_SPEEDS 7
/* Instructions per second at each speed level; level 0 (0) is full speed. */
extern const uint64_t run_control_speeds[RUN_CONTROL_SPEEDS];

struct run_control {
    bool paused;
    unsigned steps;       /* single instructions asked for while paused */
    unsigned speed_level; /* index into run_control_speeds */
    enum os_step_target step_target; /* what run-to-next runs to */
    bool seek_asked;      /* run-to-next was asked: begins before the next batch */
    bool seeking;         /* running to the next event of seek_target */
    /* Fixed when run-to-next is asked: choosing another kind while it runs changes the
     * next run-to-next, not this one. */
    enum os_step_target seek_target;
    uint64_t seek_from;   /* events of seek_target seen when seeking began */
    /* Paused right after the event run-to-next waited for (of kind seek_target), and not
     * moved since: the window says which event it was. */
    bool stopped_after_event;
    /* Pacing: the guest may have run (now - pace_time) * speed instructions since
     * pace_instret. Restarted on a change of speed and after a pause. */
    bool pace_restart;
    double pace_time;
    uint64_t pace_instret;
};

void run_control_init(struct run_control *rc);

/* The window's keys. */
void run_control_pause(struct run_control *rc); /* pause, or resume when paused */
void run_control_step(struct run_control *rc);  /* pause, or one instruction when paused */
void run_control_slower(struct run_control *rc);
void run_control_faster(struct run_control *rc);
void run_control_run_to_next(struct run_control *rc); /* the next event of step_target */
void run_control_next_target(struct run_control *rc); /* trap -> system call -> ... -> trap */

uint64_t run_control_speed(const struct run_control *rc); /* instructions per second; 0: full */

enum run_control_verdict {
    RUN_CONTROL_RUN,  /* run a batch of `budget` */
    RUN_CONTROL_WAIT, /* ahead of the speed asked for: wait `wait` seconds, then ask again */
    RUN_CONTROL_HOLD, /* paused: wait for the window, then ask again */
};

struct run_control_decision {
    enum run_control_verdict verdict;
    uint64_t budget;
    double wait;
    /* The event run-to-next waited for came in the last batch, which ended right after it:
     * the machine holds still there, paused; show it. */
    bool arrived;
    /* RUN: the control must be asked again before the batch after this one (it steps,
     * seeks, paces or is paused); false: it has nothing to say until the window asks. */
    bool again;
};

/* Before a batch of at most `budget` instructions: `history` counts the events (and ends
 * a batch right after the one run-to-next waits for), `instret` is the guest's instruction
 * count and `now` the host's clock in seconds. */
struct run_control_decision run_control_before_batch(struct run_control *rc, struct os_history *history,
                                                     uint64_t budget, uint64_t instret, double now);

#endif
