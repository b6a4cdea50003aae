/* The timeline: --timeline FILE.json writes the Chrome/Perfetto Trace Event Format
 * (ui.perfetto.dev and chrome://tracing open it). A track per guest process and thread;
 * slices for when each thread ran ("running", category "sched") and for each system call
 * (named after it, category "syscall", cut where the thread was switched out); instants
 * for interrupts and page faults; counter tracks for the TLB hit rate and free memory.
 * Timestamps are guest time: the hart's cycles at 100 MHz, written in microseconds. The
 * timeline is an attachment on the observation boundary. See docs/timeline.md. */
#ifndef VMSIM_TRACE_TIMELINE_H
#define VMSIM_TRACE_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "machine/observe.h"

#define TIMELINE_MAX_CALLS 128 /* threads with a system call open at once */
#define TIMELINE_MAX_NAMED 512 /* tracks whose names were written */

struct timeline_call {
    bool open, on_cpu;
    uint32_t pid, tid, number;
    uint32_t args[3];
    uint64_t piece_start; /* cycles: where the current piece began (on_cpu) */
    unsigned pieces;
};

struct timeline {
    FILE *out;
    const struct hart *hart;
    struct observe *attached_to;
    uint64_t events;
    /* The running slice: who runs since when. */
    bool running;
    uint32_t pid, tid;
    uint64_t since_cycles, since_instret;
    struct timeline_call calls[TIMELINE_MAX_CALLS];
    /* Tracks named so far: (pid << 32 | tid) for threads, with the name's checksum for
     * processes, so that an exec renames its process. */
    uint64_t named[TIMELINE_MAX_NAMED];
    size_t named_count;
    /* The TLB hit-rate counter: one sample per interval of cycles. */
    uint64_t sample_interval, next_sample;
    struct tlb_counts last;
};

/* Opens `path` for writing (false with a message in err if it cannot) and writes the head
 * of the document. */
bool timeline_open(struct timeline *t, const char *path, const struct hart *hart, char *err, size_t err_size);
struct observer timeline_observer(struct timeline *t);
bool timeline_attach(struct timeline *t, struct observe *o);
/* Ends the open slices at the present time, detaches, and finishes and closes the file;
 * false (errno set) if writing failed. */
bool timeline_close(struct timeline *t);

/* Microseconds of guest time for a cycle count (the hart runs at 100 MHz). */
double timeline_microseconds(uint64_t cycles);

#endif
