/* The trace: JSON Lines, one event per line, each with "ev" (its kind) and "icount"
 * (instructions retired when it happened). Events: start, trap, page_fault, satp, sfence,
 * context_switch, syscall, syscall_return, process (from the guest OS, through the
 * annotation device), memory, tlb_sample (every --trace-interval instructions, and a last
 * one at exit, so the samples add up to the totals), tlb_miss (with --trace-misses) and
 * exit. While the guest OS says a process runs, every event names it ("proc"). The trace
 * is an attachment on the observation boundary (machine/observe.h): it only reads, and
 * costs nothing when off. See docs/tlb-and-tracing.md. */
#ifndef VMSIM_TRACE_TRACE_H
#define VMSIM_TRACE_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "machine/observe.h"
#include "tlb/tlb.h"

struct hart;
struct annotation_process;

struct trace {
    FILE *out;
    const struct hart *hart;
    uint64_t interval;        /* instructions between tlb_sample events; 0: none */
    uint64_t next_sample;     /* step count of the next sample */
    struct tlb_counts last;   /* totals at the previous sample */
    uint64_t events;
    struct observe *attached_to; /* NULL until trace_attach */
    /* --trace-misses: a miss is written once its walk has filled the TLB (or failed), so
     * that the event can name the entry the fill evicted. */
    bool misses;
    bool miss_pending, evicted_known;
    struct observe_tlb_miss pending;
    struct observe_time pending_time;
    struct tlb_entry evicted;
};

/* Opens `path` for writing and writes the start event; false with a message if it cannot.
 * misses: an event per TLB miss (--trace-misses). */
bool trace_open(struct trace *t, const char *path, const struct hart *hart, uint64_t interval, bool misses,
                char *err, size_t err_size);

/* The trace as an attachment (what it wants, its event and batch functions). */
struct observer trace_observer(struct trace *t);
/* Attaches it to `o` (trace_close detaches). */
bool trace_attach(struct trace *t, struct observe *o);

/* Writes a last TLB sample (the lookups since the previous one) and the exit event with
 * the TLB's totals, detaches and closes the file. */
void trace_close(struct trace *t, const char *how, int status);

/* "fetch", "load" or "store", shared with the statistics output. */
const char *trace_access_name(enum tlb_access access);

#endif
