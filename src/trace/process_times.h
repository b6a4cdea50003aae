/* Turnaround and response time of each guest process, for scheduling studies: from the
 * guest kernel's PROCESS reports (src/devices/annotation.h), stamped with guest time.
 *
 *   created    the first report of a pid (fork makes it RUNNABLE)
 *   first run  its first RUNNING report (any of its threads)
 *   ended      its last ZOMBIE report with tid = pid (the process, not one thread, ended)
 *   response   = first run - created;  turnaround = ended - created
 *
 * Guest time is given twice: in the hart's cycles, and in the guest's own clock (mtime,
 * VMSIM_TIMEBASE_HZ), which is what the kernel's time slices are made of. */
#ifndef VMSIM_TRACE_PROCESS_TIMES_H
#define VMSIM_TRACE_PROCESS_TIMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/annotation.h"
#include "trace/row_index.h"

struct process_time_stamp {
    uint64_t cycles, mtime;
};

struct process_times_row {
    uint32_t pid;
    char name[ANNOTATION_NAME_SIZE + 1]; /* as last reported (exec renames) */
    struct process_time_stamp created, first_run, ended;
    bool has_run, has_ended, gone;
};

/* Rows beyond this are not kept (a fork bomb must not eat the host's memory). */
#define PROCESS_TIMES_MAX_ROWS 65536

struct hart;
struct observer;

struct process_times {
    const struct hart *hart; /* whose clock stamps the reports (process_times_watch) */
    struct process_times_row *rows; /* in order of creation */
    size_t count, capacity;
    struct row_index index; /* pid -> its newest row */
    uint64_t dropped;  /* processes not kept: the table was full or memory ran out */
};

void process_times_init(struct process_times *pt);
void process_times_destroy(struct process_times *pt);

/* One PROCESS report: thread tid of process pid is now in `state` (ANNOTATION_PROC_*). */
void process_times_report(struct process_times *pt, uint32_t pid, uint32_t tid, uint32_t state,
                          const char *name, struct process_time_stamp now);

/* The attachment that feeds the table from the kernel's PROCESS reports (machine/observe.h);
 * h stamps each report with its mtime. */
struct observer process_times_observer(struct process_times *pt, const struct hart *h);

/* Guest milliseconds between two stamps, by the guest's clock. */
double process_times_ms(struct process_time_stamp from, struct process_time_stamp to);

#endif
