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
    free(pt->index);
    memset(pt, 0, sizeof *pt);
}

static size_t *slot_of(const struct process_times *pt, uint32_t pid)
{
    size_t mask = pt->index_size - 1;
    for (size_t i = (pid * 2654435761u) & mask;; i = (i + 1) & mask)
        if (pt->index[i] == SIZE_MAX || pt->rows[pt->index[i]].pid == pid)
            return &pt->index[i];
}

/* The index with room for one more pid; false if memory ran out. */
static bool index_has_room(struct process_times *pt)
{
    if (2 * (pt->count + 1) <= pt->index_size)
        return true;
    size_t size = pt->index_size ? 2 * pt->index_size : 64;
    size_t *index = malloc(size * sizeof *index);
    if (!index)
        return false;
    size_t *old = pt->index;
    pt->index = index;
    pt->index_size = size;
    for (size_t i = 0; i < size; i++)
        index[i] = SIZE_MAX;
    for (size_t row = 0; row < pt->count; row++)
        *slot_of(pt, pt->rows[row].pid) = row; /* ascending: the newest row wins */
    free(old);
    return true;
}

/* The live row of pid, or NULL. */
static struct process_times_row *find(struct process_times *pt, uint32_t pid)
{
    if (!pt->index_size)
        return NULL;
    size_t row = *slot_of(pt, pid);
    return row == SIZE_MAX || pt->rows[row].gone ? NULL : &pt->rows[row];
}

static struct process_times_row *add(struct process_times *pt, uint32_t pid)
{
    if (pt->count == PROCESS_TIMES_MAX_ROWS || !index_has_room(pt))
        return NULL;
    if (pt->count == pt->capacity) {
        size_t capacity = pt->capacity ? 2 * pt->capacity : 16;
        struct process_times_row *rows = realloc(pt->rows, capacity * sizeof *rows);
        if (!rows)
            return NULL;
        pt->rows = rows;
        pt->capacity = capacity;
    }
    struct process_times_row *row = &pt->rows[pt->count];
    memset(row, 0, sizeof *row);
    row->pid = pid;
    *slot_of(pt, pid) = pt->count++;
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
