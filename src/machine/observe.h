/* The observation boundary: how everything that watches the machine (trace, statistics,
 * process accounting, the window, the timeline, the debugger) gets its data. The model
 * (hart, MMU, TLB, devices, and the guest kernel through the annotation device) emits typed
 * events stamped with guest time; watchers are attachments that say which kinds they want
 * and get them in the order they were attached. Between events they read the model through
 * the const views below, never writing it. Attach in main, detach in reverse.
 *
 * Cost: the low-level hooks (the hart's trap observer, the MMU's satp and sfence observers,
 * the TLB's change observer) are installed only while some attachment wants their kinds,
 * so with nothing attached the CPU loop runs exactly as without a boundary; the machine
 * loop pays one test per batch. */
#ifndef VMSIM_MACHINE_OBSERVE_H
#define VMSIM_MACHINE_OBSERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/hart.h"
#include "devices/annotation.h"
#include "devices/plic.h"
#include "machine/machine_stop.h"
#include "tlb/tlb.h"

struct machine;
struct mmu_fault_report;

enum observe_kind {
    OBSERVE_TRAP,           /* the hart took a trap (exception or interrupt) */
    OBSERVE_SYSCALL_ENTER,  /* the guest kernel began a system call */
    OBSERVE_SYSCALL_EXIT,   /* ... and returns from it (none for exit, a successful exec) */
    OBSERVE_CONTEXT_SWITCH, /* the guest kernel says this thread runs from now on */
    OBSERVE_PAGE_FAULT,     /* the guest kernel handled a page fault (with its kind) */
    OBSERVE_PROCESS,        /* a thread's process-table entry changed */
    OBSERVE_MEMORY,         /* the guest kernel's free frames and swap */
    OBSERVE_THREAD_CONTEXT, /* where a thread's registers are saved (for gdb) */
    OBSERVE_SATP_WRITE,     /* satp changed (as the MMU takes it up) */
    OBSERVE_SFENCE,         /* sfence.vma */
    OBSERVE_TLB_FILL,       /* a translation entered the TLB */
    OBSERVE_TLB_EVICT,      /* one left it: replaced, or flushed */
    OBSERVE_TLB_MISS,       /* a lookup missed (counted in the TLB's statistics) */
    OBSERVE_BATCH_END,      /* cpu_run returned: the model holds still until the next batch */
    OBSERVE_RUN_END,        /* machine_run is over (sent by observe_run_end) */
    OBSERVE_KIND_COUNT
};

#define OBSERVE_BIT(kind) (1u << (kind))
/* The kinds that come from the guest kernel's reports. */
#define OBSERVE_KERNEL_REPORTS                                                                  \
    (OBSERVE_BIT(OBSERVE_SYSCALL_ENTER) | OBSERVE_BIT(OBSERVE_SYSCALL_EXIT) |                  \
     OBSERVE_BIT(OBSERVE_PAGE_FAULT) | OBSERVE_BIT(OBSERVE_PROCESS) | OBSERVE_BIT(OBSERVE_MEMORY) | \
     OBSERVE_BIT(OBSERVE_THREAD_CONTEXT))

/* Guest time. instret: instructions retired. cycles: the hart's cycle count (instructions,
 * traps and idle time skipped by wfi). */
struct observe_time {
    uint64_t instret;
    uint64_t cycles;
};

struct observe_trap {
    uint32_t cause; /* CAUSE_*, with CAUSE_INTERRUPT for interrupts */
    uint32_t tval, from_pc, handler_pc;
    enum privilege from, to;
    /* A page fault's explanation by the MMU's walk; NULL for other traps. */
    const struct mmu_fault_report *fault;
};

/* How many of a call's arguments the guest kernel reports (SYSCALL_ENTER's arg3..arg5). */
#define OBSERVE_SYSCALL_REPORTED_ARGS 3

struct observe_syscall {
    uint32_t pid, tid, number;
    const char *name;  /* from src/os/abi/syscalls.h; "?" for a number it does not list */
    uint32_t args[OBSERVE_SYSCALL_REPORTED_ARGS]; /* a0..a2 (ENTER) */
    uint32_t pc;       /* of the ecall (ENTER) */
    int32_t result;    /* EXIT: a0 as returned, -errno on failure */
};

struct observe_kernel_page_fault {
    uint32_t pid, tid, vaddr;
    uint32_t kind; /* ANNOTATION_FAULT_* */
    uint32_t frame, scause, pc;
};

struct observe_memory {
    uint32_t free_frames, frames, swap_used, swap_slots;
    uint32_t swap_outs, swap_ins; /* pages written to and read from swap since boot */
};

/* Where the guest kernel keeps each frame's reference count (ANNOTATION_EVENT_FRAME_TABLE). */
struct observe_frame_table {
    uint32_t records, stride, count_offset, count_size, first_frame, frames;
};

struct observe_satp {
    uint32_t old_satp, new_satp;
};

struct observe_sfence {
    bool has_address, has_asid;
    uint32_t vaddr, asid;
};

struct observe_tlb_change {
    const struct tlb_entry *entry; /* as it is in (FILL) or was in (EVICT) the TLB */
    bool flushed;                  /* EVICT: by a flush, not to make room */
};

struct observe_tlb_miss {
    enum tlb_access access;
    uint32_t vaddr;
    uint16_t asid;
    uint32_t pc; /* of the instruction that missed (a fetch: the address fetched) */
};

struct observe_run_end {
    const char *how; /* e.g. "guest exit" */
    int status;      /* vmsim's exit status */
};

/* A thread as the guest kernel reports it (OBSERVE_PROCESS), and a row of the process
 * table the boundary builds from those reports. */
struct observe_process {
    uint32_t pid, tid, ppid, uid;
    uint32_t state; /* ANNOTATION_PROC_* */
    uint32_t satp;
    int32_t exit_status;
    char name[ANNOTATION_NAME_SIZE + 1];
    /* Counted by the boundary from the kernel's reports while the row exists. */
    uint64_t page_faults, syscalls;
    struct observe_time since; /* when the state last changed */
};

struct observe_event {
    enum observe_kind kind;
    struct observe_time time;
    union {
        struct observe_trap trap;
        struct observe_syscall syscall;
        const struct annotation_process *context_switch;
        struct observe_kernel_page_fault page_fault;
        const struct observe_process *process; /* the reported state, before the table row */
        struct observe_memory memory;
        const struct annotation_event *thread_context; /* arguments as in annotation.h */
        struct observe_satp satp;
        struct observe_sfence sfence;
        struct observe_tlb_change tlb;
        struct observe_tlb_miss tlb_miss;
        struct observe_run_end run_end;
    };
};

/* An attachment. `opaque` identifies it for observe_detach. */
struct observer {
    const char *name;
    uint32_t kinds; /* OBSERVE_BIT()s of what on_event wants */
    void (*on_event)(void *opaque, const struct observe_event *event);
    /* Before each batch (NULL: no say). Returns the budget it allows, at most `budget` (1
     * for a single step), or 0 to end the run with *stop. An attachment that serves a
     * person or a debugger may deliver input or change registers here: it is the one place
     * where the machine holds still for them. */
    uint64_t (*before_batch)(void *opaque, uint64_t budget, enum machine_stop *stop);
    void *opaque;
};

/* main attaches at most nine: accounts, trace, timeline, gdb and its thread list, the
 * window's three (snapshot source, OS history, controls) and the process times. */
#define OBSERVE_MAX_OBSERVERS 12
#define OBSERVE_MAX_THREADS 256 /* process-table rows; the kernel has 128 threads */

struct observe {
    struct machine *machine;
    struct observer observers[OBSERVE_MAX_OBSERVERS];
    unsigned count;
    uint32_t wanted;     /* union of the attachments' kinds */
    bool batch_hooks;    /* some attachment has before_batch */
    struct observe_process processes[OBSERVE_MAX_THREADS];
    size_t process_count;
    uint64_t processes_dropped; /* reports of new threads with the table full */
    struct observe_memory memory;
    bool memory_known;
    struct observe_frame_table frame_table;
    bool frame_table_known; /* reported, and its layout makes sense */
};

/* Starts the boundary for `m` (machine_init calls it): the process table is kept from
 * then on, whoever is attached. */
void observe_init(struct observe *o, struct machine *m);
void observe_destroy(struct observe *o);

/* Attaches `observer` (copied); false if OBSERVE_MAX_OBSERVERS are attached already. */
bool observe_attach(struct observe *o, const struct observer *observer);
/* Detaches the attachment with this opaque, if attached. */
void observe_detach(struct observe *o, void *opaque);

/* For controllers (the window's run-to-next-event), from inside an event: asks cpu_run to
 * return right after the instruction that caused it. This moves where the batch ends,
 * never what the guest computes (timers and devices end batches anywhere too). */
void observe_request_batch_end(struct observe *o);

/* The machine loop's calls. */
uint64_t observe_before_batch(struct observe *o, uint64_t budget, enum machine_stop *stop);
void observe_batch_end(struct observe *o);
/* Tells the attachments the run is over (main, before it closes them). */
void observe_run_end(struct observe *o, const char *how, int status);

/* --- read-only views ----------------------------------------------------------------- */

struct observe_time observe_now(const struct hart *h);

/* The one hit-rate function: hits / (hits + misses), or -1 when there were no lookups. */
double observe_hit_rate(uint64_t hits, uint64_t misses);
double observe_counts_hit_rate(const struct tlb_counts *counts);

const struct hart *observe_hart(const struct observe *o);
const struct tlb *observe_tlb(const struct observe *o);
/* The TLB entry that instruction fetches use now, or NULL: it is in use even when no
 * lookup moves its LRU stamp. */
const struct tlb_entry *observe_tlb_fetch_entry(const struct observe *o);
/* When a TLB entry was last hit, on the TLB's clock (its LRU stamp, or a newer one the MMU
 * keeps for it). */
uint64_t observe_tlb_last_use(const struct observe *o, const struct tlb_entry *entry);
/* The MMU's explanation of the last failed translation. */
const struct mmu_fault_report *observe_last_fault(const struct observe *o);
uint64_t observe_page_faults(const struct observe *o); /* taken by the hart */

struct observe_devices {
    bool disk_attached;
    uint64_t disk_reads, disk_writes, disk_sectors_read, disk_sectors_written;
    uint64_t uart_bytes_out, uart_bytes_in;
    uint64_t keyboard_events, keyboard_lost;
    uint64_t plic_claims[PLIC_SOURCES];
    uint32_t fb_address, fb_frames;
};
void observe_device_counters(const struct observe *o, struct observe_devices *out);
/* Reads the 32-bit word of RAM at physical address `paddr` (page tables, for views); false
 * outside RAM. Touches nothing: no TLB, no A/D bits, no device. */
bool observe_read_ram_word(const struct observe *o, uint32_t paddr, uint32_t *value);
/* The guest's screen (FRAMEBUFFER_WIDTH x HEIGHT, 32-bit pixels), or NULL while it is off. */
const uint8_t *observe_screen_pixels(const struct observe *o);

/* The process the guest kernel says runs now (known is false until it said). */
const struct annotation_process *observe_current_process(const struct observe *o);
/* The last process committed with `asid`, or NULL. */
const struct annotation_process *observe_process_for_asid(const struct observe *o, uint32_t asid);
/* The process table: rows in order of first report. */
const struct observe_process *observe_processes(const struct observe *o, size_t *count);
const struct observe_process *observe_find_process(const struct observe *o, uint32_t pid, uint32_t tid);
/* The guest kernel's last memory report, or NULL if none came. */
const struct observe_memory *observe_memory_report(const struct observe *o);
/* How many address spaces map the frame at physical address `frame`, as the guest kernel
 * counts them in the records its FRAME_TABLE report located; 0 when it reported none or
 * the frame is not one it counts. Reads RAM only, like observe_read_ram_word. */
uint32_t observe_frame_references(const struct observe *o, uint32_t frame);

/* Name of a system call in src/os/abi/syscalls.h, or "?". */
const char *observe_syscall_name(uint32_t number);
/* How many arguments (a0..a5) the call takes, from src/os/abi/syscalls.h; for a number it
 * does not list, OBSERVE_SYSCALL_REPORTED_ARGS (all that is known of it). May exceed what
 * is reported: mmap takes 6. */
unsigned observe_syscall_argument_count(uint32_t number);
/* RUNNABLE, RUNNING, ... for ANNOTATION_PROC_*; "?" for others. */
const char *observe_process_state_name(uint32_t state);
/* Name of an ANNOTATION_FAULT_* kind ("demand-zero", "copy-on-write", ...). */
const char *observe_fault_kind_name(uint32_t kind);

#endif
