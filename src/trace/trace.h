/* The trace: JSON Lines, one event per line, each with "ev" (its kind) and "icount"
 * (instructions retired when it happened). Events: start, trap, page_fault, satp, sfence,
 * context_switch (from the guest OS, through the annotation device), tlb_sample (every
 * --trace-interval instructions) and exit. Tracing only observes: it
 * hooks the trap and MMU observers and is sampled by the machine loop, never the other
 * way round, and costs nothing when off. See docs/tlb-and-tracing.md. */
#ifndef VMSIM_TRACE_TRACE_H
#define VMSIM_TRACE_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tlb/tlb.h"

struct hart;
struct annotation;
struct annotation_process;

struct trace {
    FILE *out;
    struct hart *hart;
    uint64_t interval;        /* instructions between tlb_sample events; 0: none */
    uint64_t next_sample;     /* step count of the next sample */
    struct tlb_counts last;   /* totals at the previous sample */
    uint64_t events;
    struct annotation *annotation; /* watched for context switches; NULL: none */
};

/* Opens `path` for writing and hooks the hart; false with a message if it cannot. */
bool trace_open(struct trace *t, const char *path, struct hart *hart, uint64_t interval,
                char *err, size_t err_size);

/* Writes tlb_sample events due by now; the machine loop calls it between batches. */
void trace_sample(struct trace *t);

/* How many steps the machine may run before the next sample is due (UINT64_MAX: never). */
uint64_t trace_steps_to_next_sample(const struct trace *t);

/* Writes a context_switch event: the guest OS says `now` runs from here on. */
void trace_context_switch(struct trace *t, const struct annotation_process *now);

/* Writes a context_switch event at every commit to the annotation device. */
void trace_watch_annotation(struct trace *t, struct annotation *a);

/* Writes the exit event and closes the file. */
void trace_close(struct trace *t, const char *how, int status);

/* "fetch", "load" or "store", shared with the statistics output. */
const char *trace_access_name(enum tlb_access access);

#endif
