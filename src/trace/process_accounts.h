/* Per-process accounting for --stats: how many instructions each process ran and how its
 * TLB lookups went, from the guest OS's context-switch reports (the annotation device, through the
 * observation boundary).
 *
 * Between two reports, everything the hart does is charged to the process the first one
 * named: its user code, and the kernel working for it (system calls, page faults, the
 * switch away). pid 0 is the kernel with no process (boot, idle). A process that execs
 * gets a new row under the same pid, named after the new program. */
#ifndef VMSIM_TRACE_PROCESS_ACCOUNTS_H
#define VMSIM_TRACE_PROCESS_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "devices/annotation.h"
#include "machine/observe.h"
#include "tlb/tlb.h"
#include "trace/row_index.h"

struct hart;

struct process_account {
    uint32_t pid;
    char name[ANNOTATION_NAME_SIZE + 1];
    uint64_t instructions;
    uint64_t cycles;      /* guest time under the timing model (cpu/hart.h) */
    uint64_t walk_cycles; /* of those, spent walking page tables */
    uint64_t slices; /* times it was switched to */
    struct tlb_counts tlb;
};

/* A guest chooses how many processes it reports, so the table is bounded: rows after the
 * first PROCESS_ACCOUNTS_MAX_ROWS are charged to one row named "(others)", and a report
 * costs a few steps (trace/row_index.h), however many came before it: --max-instructions
 * bounds vmsim's host time too. */
#define PROCESS_ACCOUNTS_MAX_ROWS 1024

struct process_accounts {
    const struct hart *hart;
    struct process_account *rows; /* in order of first appearance, "(others)" last */
    size_t count;
    struct row_index index;      /* (pid, name) -> row */
    size_t others;               /* the "(others)" row, or SIZE_MAX while not needed */
    size_t current;              /* the row being charged now */
    uint64_t mark_instret;       /* where the current slice began */
    uint64_t mark_cycles, mark_walk_cycles;
    struct tlb_counts mark_tlb;
    uint64_t dropped_switches;   /* reports not charged for want of memory */
};

/* Starts charging pid 0 ("kernel") from the hart's present counts. */
void process_accounts_init(struct process_accounts *pa, const struct hart *h);
void process_accounts_destroy(struct process_accounts *pa);

/* Charges the slice that ends now, then starts charging `now`. */
void process_accounts_switch(struct process_accounts *pa, const struct annotation_process *now);
/* The accounts as an attachment: process_accounts_switch at every context switch. */
struct observer process_accounts_observer(struct process_accounts *pa);

/* Charges the open slice up to now (call before reading the rows). */
void process_accounts_settle(struct process_accounts *pa);

#endif
