/* Turnaround and response times from the guest kernel's PROCESS reports. */
#include "trace/process_times.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_map.h"

void process_times_init(struct process_times *pt)
{
    memset(pt, 0, sizeof *pt);
}

void process_times_destroy(struct process_times *pt)
{
    free(pt->rows);
    memset(pt, 0, sizeof *pt);
}

/* The live row of pid (newest first: reports are mostly about recent processes). */
static struct process_times_row *find(struct process_times *pt, uint32_t pid)
{
    for (size_t i = pt->count; i-- > 0;)
        if (pt->rows[i].pid == pid)
            return pt->rows[i].gone ? NULL : &pt->rows[i];
    return NULL;
}

static struct process_times_row *add(struct process_times *pt, uint32_t pid)
{
    if (pt->count == PROCESS_TIMES_MAX_ROWS)
        return NULL;
    if (pt->count == pt->capacity) {
        size_t capacity = pt->capacity ? 2 * pt->capacity : 16;
        struct process_times_row *rows = realloc(pt->rows, capacity * sizeof *rows);
        if (!rows)
            return NULL;
        pt->rows = rows;
        pt->capacity = capacity;
    }
    struct process_times_row *row = &pt->rows[pt->count++];
    memset(row, 0, sizeof *row);
    row->pid = pid;
    return row;
}

void process_times_report(struct process_times *pt, uint32_t pid, uint32_t tid, uint32_t state,
                          const char *name, struct process_time_stamp now)
{
    struct process_times_row *row = find(pt, pid);
    if (!row) {
        if (state == ANNOTATION_PROC_GONE)
            return; /* the end of something we never saw begin */
        row = add(pt, pid);
        if (!row) {
            pt->dropped++;
            return;
        }
        row->created = now;
    }
    snprintf(row->name, sizeof row->name, "%s", name);
    switch (state) {
    case ANNOTATION_PROC_RUNNING:
        if (!row->has_run) {
            row->has_run = true;
            row->first_run = now;
        }
        break;
    case ANNOTATION_PROC_ZOMBIE:
        if (tid == pid) {
            row->has_ended = true;
            row->ended = now;
        }
        break;
    case ANNOTATION_PROC_GONE:
        if (tid == pid)
            row->gone = true;
        break;
    default:
        break;
    }
}

double process_times_ms(struct process_time_stamp from, struct process_time_stamp to)
{
    return (double)(to.mtime - from.mtime) * 1000.0 / (double)VMSIM_TIMEBASE_HZ;
}
