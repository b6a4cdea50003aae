/* The OS view's part of a snapshot: the process table the guest kernel reports (with each
 * process's CPU time, TLB hit rate, page faults and system calls), the selected process's
 * Sv32 page table read from RAM, and the history on guest time (scheduling slices, ticks,
 * system calls, hit-rate points). Copied on the machine's thread between batches, through
 * the observation boundary's read-only views. */
#ifndef VMSIM_UI_OS_SNAPSHOT_H
#define VMSIM_UI_OS_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "machine/observe.h"
#include "ui/os_history.h"

#define OS_SNAPSHOT_PROCESSES 64
#define OS_SNAPSHOT_PTES 1024

struct os_snapshot_process {
    uint32_t pid, tid, ppid, uid, state, satp;
    int32_t exit_status;
    char name[ANNOTATION_NAME_SIZE + 1];
    uint64_t instructions; /* while it was the current process (kernel work for it included) */
    uint64_t tlb_hits, tlb_misses;
    uint64_t page_faults; /* page-fault traps while it ran, or the kernel's count if larger */
    uint64_t syscalls;
};

/* What the page-table pane says of a page, from the PTE's bits and the kernel's meaning
 * of its software bits (src/os/abi/pte_software.h). */
enum os_page_state {
    OS_PAGE_TABLE_POINTER, /* a root entry pointing to a second-level table */
    OS_PAGE_MEGAPAGE,      /* a root entry mapping 4 MiB */
    OS_PAGE_RESIDENT,      /* valid */
    OS_PAGE_COPY_ON_WRITE, /* valid, shared copy-on-write (COW bit) */
    OS_PAGE_SWAPPED,       /* invalid, its contents in a swap slot (SWAPPED bit) */
    OS_PAGE_NOT_RESIDENT,  /* invalid, not zero, nothing else said */
    OS_PAGE_UNTOUCHED,     /* zero entries: never touched (the kernel's regions decide
                              what a touch means) */
    OS_PAGE_KERNEL_GLOBAL, /* all the root's global 4 MiB pages: the kernel's, mapped the
                              same in every address space, so one line stands for them */
};

/* One line of the page-table pane: a root entry (level 1), an entry of a second-level
 * table (level 0), a run of zero entries of one (level 0, `count` of them), or the root's
 * global 4 MiB pages (level 1, `count` of them, where the first one is). */
struct os_snapshot_pte {
    uint8_t level;
    uint8_t state;        /* enum os_page_state */
    uint16_t index;       /* VPN[1] for level 1, VPN[0] for level 0 (the first of a run) */
    uint16_t count;       /* OS_PAGE_UNTOUCHED: zero entries in a row; OS_PAGE_KERNEL_GLOBAL:
                             global 4 MiB pages */
    uint16_t sharers;     /* OS_PAGE_COPY_ON_WRITE: address spaces mapping the frame, as
                             the kernel counts them (0: it does not say) */
    uint32_t vaddr;       /* the first virtual address it maps */
    uint32_t pte, pte_address;
    bool in_tlb;          /* a valid TLB entry holds this translation (for KERNEL_GLOBAL:
                             one of them) now */
};

struct os_snapshot {
    unsigned process_count;
    struct os_snapshot_process processes[OS_SNAPSHOT_PROCESSES];
    uint64_t instructions; /* all, for CPU shares */

    /* The page-table pane. */
    uint32_t selected_pid; /* 0: no process to show */
    char selected_name[ANNOTATION_NAME_SIZE + 1];
    uint32_t selected_satp;
    bool table_readable; /* the root is in RAM */
    unsigned pte_count;
    bool ptes_truncated;
    struct os_snapshot_pte ptes[OS_SNAPSHOT_PTES];
    uint32_t kernel_global[1024 / 32]; /* bit i: root entry i is a global 4 MiB page */
    unsigned resident_pages, shared_pages, swapped_pages, other_pages, untouched_pages, in_tlb_pages;

    /* History, oldest first. */
    unsigned slice_count, tick_count, call_count, rate_count;
    struct os_slice slices[OS_HISTORY_SLICES];
    struct os_tick ticks[OS_HISTORY_TICKS];
    struct os_call calls[OS_HISTORY_CALLS];
    struct os_rate_point rate[OS_HISTORY_RATE_POINTS];
    uint64_t rate_width, rate_start;
    uint64_t now_cycles, now_instret;

    bool memory_known;
    struct observe_memory memory;

    /* Slow motion, as the window set it. */
    uint64_t speed; /* instructions per second; 0: full speed */
    enum os_step_target step_target;
    bool seeking;   /* running to the next event of step_target */
    /* Paused right after the event run-to-next waited for: its kind and what it was. */
    bool stopped_after_event;
    enum os_step_target stopped_kind;
    struct os_step_event stopped_event;
};

/* Fills `s`. selected_pid 0 picks the process running now, or else the newest one. */
void os_snapshot_take(struct os_snapshot *s, struct os_history *h, const struct observe *o, uint32_t selected_pid);

/* The state's word for people: RUNNING, RUNNABLE, BLOCKED, ZOMBIE, STOPPED. */
const char *os_snapshot_state_name(uint32_t state);

/* What a non-zero PTE of a second-level table says: resident, copy-on-write, swapped or
 * not resident. */
enum os_page_state os_snapshot_page_state(uint32_t pte);

#endif
