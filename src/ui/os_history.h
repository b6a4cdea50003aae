/* What the window's OS view needs that a single snapshot cannot tell, gathered on the
 * machine's thread by an attachment on the observation boundary, all on guest time: who
 * ran when (the scheduling timeline), traps, system calls and page faults as ticks, the
 * latest system calls with their results, the TLB hit rate over the whole run, and each
 * process's CPU time, TLB lookups and page faults. It also tells a window that steps to
 * the next event of some kind when one happened. Bounded memory: rings of the latest. */
#ifndef VMSIM_UI_OS_HISTORY_H
#define VMSIM_UI_OS_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/observe.h"
#include "trace/process_accounts.h"

#define OS_HISTORY_SLICES 256
#define OS_HISTORY_TICKS 1024
#define OS_HISTORY_CALLS 64
#define OS_HISTORY_RATE_POINTS 240
#define OS_HISTORY_FAULT_PIDS 128

/* One stretch of running by one thread, in cycles; `end` is 0 while it runs. */
struct os_slice {
    uint32_t pid, tid;
    uint64_t start, end;
    char name[ANNOTATION_NAME_SIZE + 1]; /* the process's, kept after it is reaped */
};

enum os_tick_kind { OS_TICK_INTERRUPT, OS_TICK_SYSCALL, OS_TICK_PAGE_FAULT, OS_TICK_KINDS };

struct os_tick {
    uint64_t at; /* cycles */
    uint32_t pid;
    uint8_t kind; /* enum os_tick_kind */
};

struct os_call {
    uint64_t at; /* cycles at entry */
    uint32_t pid, tid, number;
    uint32_t args[OBSERVE_SYSCALL_REPORTED_ARGS];
    int32_t result;
    bool returned;
};

/* TLB lookups in one stretch of guest time. */
struct os_rate_point {
    uint64_t hits, misses, data_hits, data_misses;
};

/* What to stop after, for the window's step-to-next. */
enum os_step_target {
    OS_STEP_TRAP,
    OS_STEP_SYSCALL,
    OS_STEP_SWITCH,
    OS_STEP_PAGE_FAULT,
    OS_STEP_TARGETS
};

/* The newest event of a kind, to say where run-to-next stopped. */
struct os_step_event {
    uint32_t pid;    /* who ran (a context switch: who runs from then on) */
    uint32_t detail; /* trap: its cause; system call: its number; page fault: the address;
                        context switch: the thread */
};

struct os_history {
    const struct hart *hart;
    struct observe *observe;
    struct process_accounts accounts; /* CPU time and TLB lookups per process */
    uint32_t current_pid;

    struct os_slice slices[OS_HISTORY_SLICES];
    unsigned slice_next, slice_count;
    struct os_tick ticks[OS_HISTORY_TICKS];
    unsigned tick_next, tick_count;
    struct os_call calls[OS_HISTORY_CALLS];
    unsigned call_next, call_count;

    /* The hit rate on guest time: point i covers instructions [i * width, (i+1) * width)
     * from the start; when the points are all used, pairs merge and the width doubles, so
     * the whole run always fits. */
    struct os_rate_point rate[OS_HISTORY_RATE_POINTS];
    unsigned rate_count;
    uint64_t rate_width, rate_start, rate_next_end;
    struct tlb_counts rate_mark;

    struct {
        uint32_t pid;
        uint64_t faults;
    } faults[OS_HISTORY_FAULT_PIDS];
    unsigned fault_pid_count;

    /* Events of each kind seen so far (the window's step-to-next compares them), and the
     * newest of each. */
    uint64_t seen[OS_STEP_TARGETS];
    struct os_step_event last[OS_STEP_TARGETS];
    /* Set by the window while it runs to the next event of this kind (stop_after_set):
     * the batch ends right after it. */
    bool stop_after_set;
    enum os_step_target stop_after;
};

/* Attaches to `o`; false if no slot is free. */
bool os_history_init(struct os_history *h, struct observe *o);
void os_history_destroy(struct os_history *h);

/* The page-fault traps taken while `pid` ran. */
uint64_t os_history_page_faults(const struct os_history *h, uint32_t pid);

/* Brings the hit-rate points up to the present (call before copying them). */
void os_history_settle(struct os_history *h);

/* The i-th oldest entry of a ring that holds `count` entries and writes next at `next`. */
static inline unsigned os_history_oldest(unsigned i, unsigned next, unsigned count, unsigned size)
{
    return (next + size - count + i) % size;
}

#endif
