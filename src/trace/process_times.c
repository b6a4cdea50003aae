/* Turnaround and response times from the guest kernel's PROCESS reports. */
#include "trace/process_times.h"

#include "machine/observe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/hart.h"
#include "machine_map.h"

void process_times_init(struct process_times *pt)
{
    memset(pt, 0, sizeof *pt);
    row_index_init(&pt->index);
}

void process_times_destroy(struct process_times *pt)
{
    free(pt->rows);
    row_index_destroy(&pt->index);
    memset(pt, 0, sizeof *pt);
}

struct pid_key {
    const struct process_times *pt;
    uint32_t pid;
};

static bool names_row(const void *key, size_t row)
{
    const struct pid_key *k = key;
    return k->pt->rows[row].pid == k->pid;
}

static struct row_key key_of(const struct pid_key *k)
{
    return (struct row_key){.hash = k->pid * 2654435761u, .names_row = names_row, .key = k};
}

/* The live row of pid, or NULL. */
static struct process_times_row *find(struct process_times *pt, uint32_t pid)
{
    struct pid_key k = {pt, pid};
    struct row_key key = key_of(&k);
    size_t row = row_index_find(&pt->index, &key);
    return row == ROW_INDEX_NONE || pt->rows[row].gone ? NULL : &pt->rows[row];
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
    struct pid_key k = {pt, pid};
    struct row_key key = key_of(&k);
    if (!row_index_put(&pt->index, &key, pt->count)) /* in place of the pid's older row */
        return NULL;
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

static void on_process(void *opaque, const struct observe_event *event)
{
    struct process_times *pt = opaque;
    const struct observe_process *p = event->process;
    struct process_time_stamp now = {.cycles = event->time.cycles, .mtime = hart_mtime(pt->hart)};
    process_times_report(pt, p->pid, p->tid, p->state, p->name, now);
}

struct observer process_times_observer(struct process_times *pt, const struct hart *h)
{
    pt->hart = h;
    return (struct observer){.name = "process times", .kinds = OBSERVE_BIT(OBSERVE_PROCESS),
                             .on_event = on_process, .opaque = pt};
}
