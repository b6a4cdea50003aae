/* What the window shows, copied out of the machine between CPU batches: the guest's screen,
 * the hart's mode, device counters, interrupt counts and the TLB's entries. The window draws
 * from a snapshot, never from the live machine, so that drawing can take its time on another
 * thread while the guest runs on. Taking one costs a copy of the screen (1.2 MB) and of the
 * TLB rows shown; the window takes about 60 a second. */
#ifndef VMSIM_UI_SNAPSHOT_H
#define VMSIM_UI_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/hart.h"
#include "devices/annotation.h"
#include "devices/framebuffer.h"
#include "devices/plic.h"
#include "machine/observe.h"
#include "ui/os_history.h"
#include "ui/os_snapshot.h"
#include "tlb/tlb.h"

#define SNAPSHOT_TLB_ROWS 128 /* entries copied; a larger TLB shows its first ones */
#define SNAPSHOT_MESSAGE_SIZE 96

enum snapshot_run_state { SNAPSHOT_RUNNING, SNAPSHOT_PAUSED, SNAPSHOT_ENDED };

struct snapshot_tlb_row {
    uint8_t array;     /* 0: unified or instruction TLB, 1: data TLB */
    uint16_t set, way;
    bool valid, megapage;
    uint16_t asid;
    uint32_t vpn, ppn;
    uint8_t flags;     /* V R W X U G A D, as in the PTE */
    bool hit, filled;  /* since the previous snapshot (from the TLB's clocks) */
};

struct snapshot {
    double host_seconds; /* when it was taken, on the host's monotonic clock */
    enum snapshot_run_state run_state;
    char message[SNAPSHOT_MESSAGE_SIZE]; /* how the run ended, once it has */

    /* The hart. */
    uint64_t steps, instret, mtime;
    uint32_t pc, satp;
    enum privilege priv;
    /* The process the guest OS says runs now (the annotation device), if it said. */
    bool process_known;
    uint32_t pid, tid;
    char process_name[ANNOTATION_NAME_SIZE + 1];

    /* The screen: `pixels` is valid while `screen_on`. */
    uint32_t fb_address, fb_frames;
    bool screen_on;
    uint32_t pixels[FRAMEBUFFER_WIDTH * FRAMEBUFFER_HEIGHT];

    /* Devices. */
    bool disk_attached;
    uint64_t disk_reads, disk_writes, disk_sectors_read, disk_sectors_written;
    uint64_t uart_bytes_out, uart_bytes_in;
    uint64_t keyboard_events, keyboard_lost;

    /* Interrupts taken: timer and software by the hart's cause, external ones by the PLIC
     * source the guest claimed. */
    uint64_t timer_interrupts, software_interrupts, exceptions;
    uint64_t plic_claims[PLIC_SOURCES];

    /* The TLB. */
    struct tlb_config tlb_config;
    unsigned tlb_sets[2], tlb_ways[2]; /* geometry of each array (0 ways: not there) */
    unsigned tlb_entries;              /* in all arrays */
    unsigned tlb_row_count;            /* rows copied */
    struct snapshot_tlb_row tlb_rows[SNAPSHOT_TLB_ROWS];
    uint64_t tlb_hits, tlb_misses;           /* every lookup */
    uint64_t tlb_data_hits, tlb_data_misses; /* loads and stores only */

    /* The OS page: processes, a page table, history on guest time. */
    struct os_snapshot os;
};

/* The machine-side state of taking snapshots: interrupt counts from trap events, and what
 * the previous snapshot saw, to tell which TLB entries were used since. It is an attachment
 * on the observation boundary and only reads the machine. */
struct snapshot_source {
    struct observe *observe;
    struct os_history history; /* the OS page's history, attached too */
    uint64_t timer_interrupts, software_interrupts, exceptions;
    uint64_t tlb_clock;     /* the TLB's use clock at the previous snapshot */
    uint64_t tlb_lookups;   /* lookups counted by then */
};

/* Attaches to `o` to count interrupts and gather the OS page's history;
 * snapshot_source_destroy detaches. False if no attachment slot is free. */
bool snapshot_source_init(struct snapshot_source *src, struct observe *o);
void snapshot_source_destroy(struct snapshot_source *src);

/* Copies the machine's state into `s`, writing nothing in the machine. Call between CPU
 * batches only. */
void snapshot_take(struct snapshot_source *src, struct snapshot *s, double host_seconds);
/* The same, with the process whose page table the OS page shows (0: the one running). */
void snapshot_take_selecting(struct snapshot_source *src, struct snapshot *s, double host_seconds,
                             uint32_t selected_pid);

#endif
