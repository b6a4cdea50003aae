/* The annotation device: the guest OS tells vmsim which process and thread run now, so
 * that statistics (--stats), the trace (--trace) and the window can name processes next
 * to ASIDs. Base VMSIM_ANNOTATION_BASE (src/machine_map.h). The guest kernel includes this
 * header for the register offsets (src/os/annotate.c).
 *
 * Registers (32-bit, word access only):
 *
 *   offset  name     access
 *   +0x00   PID      RW  process id of the thread about to run (0: the CPU idles)
 *   +0x04   TID      RW  thread id
 *   +0x08   ASID     RW  ASID of the address space it runs in (what satp selects)
 *   +0x0c   COMMIT   W   any write: PID, TID, ASID and NAME become the current process,
 *                        and the name is remembered for that ASID; reads as 0
 *   +0x10   NAME     RW  16 bytes: the process name, NUL-padded, as four little-endian
 *   ...                  words (+0x10, +0x14, +0x18, +0x1c)
 *
 *   The guest writes PID, TID, ASID and NAME in any order, then COMMIT.
 *
 *   +0x40   EVENT_KIND    RW  what the next REPORT says: one of ANNOTATION_EVENT_* below
 *   +0x44   EVENT_ARG0    RW  its arguments, ANNOTATION_EVENT_ARGS words (+0x44 ... +0x5c);
 *   ...                       their meaning depends on the kind
 *   +0x60   EVENT_REPORT  W   any write: the event {KIND, ARG0..ARG6, NAME} is delivered to
 *                             the listener; reads as 0
 *
 *   Events tell vmsim what only the kernel knows (the process table, system calls, the kind
 *   of a page fault), so that views can show it. The kernel writes KIND, the arguments it
 *   needs (the rest keep old values and mean nothing), NAME where the kind says so, then
 *   REPORT. A kind vmsim does not know is delivered all the same; viewers ignore it.
 */
#ifndef VMSIM_DEVICES_ANNOTATION_H
#define VMSIM_DEVICES_ANNOTATION_H

#include <stdbool.h>
#include <stdint.h>

#define ANNOTATION_PID 0x00
#define ANNOTATION_TID 0x04
#define ANNOTATION_ASID 0x08
#define ANNOTATION_COMMIT 0x0c
#define ANNOTATION_NAME 0x10
#define ANNOTATION_NAME_SIZE 16
#define ANNOTATION_ASID_COUNT 512 /* Sv32 ASIDs are 9 bits */
#define ANNOTATION_EVENT_KIND 0x40
#define ANNOTATION_EVENT_ARG0 0x44
#define ANNOTATION_EVENT_ARGS 7
#define ANNOTATION_EVENT_REPORT 0x60

/* Event kinds and their arguments. Append new kinds with the next free number; never
 * renumber (traces and the kernel depend on them).
 *
 * PROCESS: a thread's entry in the process table changed (created, state change, exec,
 *   reaped). arg0 pid, arg1 tid, arg2 parent pid, arg3 uid, arg4 state
 *   (ANNOTATION_PROC_*), arg5 satp of its address space, arg6 exit status (ZOMBIE: as
 *   wait() would see it). NAME: the process name.
 * SYSCALL_ENTER: arg0 pid, arg1 tid, arg2 system-call number (src/os/abi/syscalls.h),
 *   arg3..arg5 its first three arguments (a0..a2), arg6 pc of the ecall.
 * SYSCALL_EXIT: arg0 pid, arg1 tid, arg2 number, arg3 result (a0 as returned, -errno on
 *   failure). A call that never returns (exit, a successful exec) has no SYSCALL_EXIT.
 * PAGE_FAULT: the kernel handled a page fault. arg0 pid, arg1 tid, arg2 faulting virtual
 *   address, arg3 kind (ANNOTATION_FAULT_*), arg4 physical address of the frame it
 *   mapped (0: none), arg5 scause, arg6 pc.
 * THREAD_CONTEXT: where a thread's registers are saved while it does not run (for the
 *   debugger). arg0 pid, arg1 tid, arg2 physical address of its saved user registers,
 *   arg3 physical address of its saved kernel context, arg4 satp, arg5 physical address
 *   of a word holding its scheduling state (ANNOTATION_THREAD_*). NAME: its process's
 *   name. Reported when a thread is created and when its process execs. arg2 = arg3 = 0:
 *   the thread is gone. pid 0, tid 0: the scheduler's own context (arg2 0). Layouts:
 *   docs/os.md.
 * MEMORY: arg0 free frames, arg1 all frames the allocator manages, arg2 swap slots in use,
 *   arg3 all swap slots (0: no swap), arg4 pages written to swap since boot (swap-outs),
 *   arg5 pages read back from swap since boot (swap-ins: each is also a PAGE_FAULT of
 *   kind SWAP_IN). Reported when free memory changed at a context switch, and after
 *   every batch of pages the kernel writes out to swap.
 * FRAME_TABLE: where the kernel keeps a record for each frame it manages, so that views
 *   can show how many address spaces share a frame (the page-table pane's copy-on-write
 *   "shared by N"). arg0 physical address of the first record, arg1 bytes from one record
 *   to the next, arg2 offset of the frame's reference count in a record, arg3 size of the
 *   count in bytes (1, 2 or 4, little-endian), arg4 physical address of the frame the
 *   first record describes, arg5 how many records (record i describes the frame at
 *   arg4 + 4096 * i). Reported once, when the allocator is set up; no report: the kernel
 *   keeps no counts, and views say only "copy-on-write". */
enum annotation_event_kind {
    ANNOTATION_EVENT_PROCESS = 1,
    ANNOTATION_EVENT_SYSCALL_ENTER = 2,
    ANNOTATION_EVENT_SYSCALL_EXIT = 3,
    ANNOTATION_EVENT_PAGE_FAULT = 4,
    ANNOTATION_EVENT_THREAD_CONTEXT = 5,
    ANNOTATION_EVENT_MEMORY = 6,
    ANNOTATION_EVENT_FRAME_TABLE = 7,
};

/* ANNOTATION_EVENT_PROCESS states. */
enum annotation_proc_state {
    ANNOTATION_PROC_GONE = 0, /* reaped: the entry is free again */
    ANNOTATION_PROC_RUNNABLE = 1,
    ANNOTATION_PROC_RUNNING = 2,
    ANNOTATION_PROC_BLOCKED = 3,
    ANNOTATION_PROC_ZOMBIE = 4,
    ANNOTATION_PROC_STOPPED = 5, /* SIGSTOP */
};

/* The values of the scheduling-state word a THREAD_CONTEXT report points at. */
enum annotation_thread_state {
    ANNOTATION_THREAD_UNUSED = 0,
    ANNOTATION_THREAD_RUNNABLE = 1,
    ANNOTATION_THREAD_RUNNING = 2,
    ANNOTATION_THREAD_BLOCKED = 3,
    ANNOTATION_THREAD_STOPPED = 4, /* its process got SIGSTOP */
    ANNOTATION_THREAD_EXITED = 5,  /* finished, not yet joined */
};

/* ANNOTATION_EVENT_PAGE_FAULT kinds. */
enum annotation_fault_kind {
    ANNOTATION_FAULT_DEMAND_ZERO = 1,  /* heap, stack or anonymous memory: a zeroed frame */
    ANNOTATION_FAULT_PROGRAM_FILE = 2, /* a page of the program read from its file */
    ANNOTATION_FAULT_COPY_ON_WRITE = 3,
    ANNOTATION_FAULT_SWAP_IN = 4,
    ANNOTATION_FAULT_PROTECTION = 5,   /* a bad access: the process gets a signal */
};

/* What one commit said. name is always NUL-terminated. */
struct annotation_process {
    bool known;
    uint32_t pid, tid, asid;
    char name[ANNOTATION_NAME_SIZE + 1];
};

/* One event as REPORT delivered it. name is always NUL-terminated. */
struct annotation_event {
    uint32_t kind; /* enum annotation_event_kind, or a number vmsim does not know */
    uint32_t args[ANNOTATION_EVENT_ARGS];
    char name[ANNOTATION_NAME_SIZE + 1];
};

/* Who hears the device: on_commit after every COMMIT, on_report after every REPORT. In
 * vmsim that is the observation boundary (src/machine/observe.c) and nothing else: whoever
 * wants the kernel's reports attaches there. */
struct annotation_listener {
    void (*on_commit)(void *opaque, const struct annotation_process *now);
    void (*on_report)(void *opaque, const struct annotation_event *event);
    void *opaque;
};

struct annotation {
    struct annotation_process staged;  /* the registers as written so far */
    struct annotation_process current; /* as of the last COMMIT */
    /* The last process committed with each ASID. */
    struct annotation_process by_asid[ANNOTATION_ASID_COUNT];
    uint64_t commits;
    struct annotation_event staged_event; /* the event registers as written so far */
    uint64_t events;
    struct annotation_listener listener;
};

struct bus_device_ops;
extern const struct bus_device_ops annotation_ops;

void annotation_init(struct annotation *a);

/* Makes `listener` the one that hears the device (all NULL: nobody). */
void annotation_listen(struct annotation *a, const struct annotation_listener *listener);

/* The process last committed with asid, or NULL if none was. */
const struct annotation_process *annotation_for_asid(const struct annotation *a, uint32_t asid);

#endif
