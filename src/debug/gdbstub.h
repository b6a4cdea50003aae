/* A GDB remote-protocol server, so that gdb-multiarch can debug a guest on vmsim:
 * registers (with the CSRs and the privilege mode), memory through the guest's page
 * tables, breakpoints, single step, continue and Ctrl-C. Under the guest OS it also knows
 * the guest's threads (guest_threads.h): each is a gdb thread whose saved registers and
 * address space gdb can look at, and a breakpoint on a user address stops only in the
 * address space it was set in.
 *
 * The machine loop asks it before each batch how far the hart may run. Breakpoints cost
 * the fast loop nothing: the hart stops when it enters a page that holds one
 * (hart.breakpoint_pages), and only inside such a page does it run one instruction per
 * batch. */
#ifndef VMSIM_DEBUG_GDBSTUB_H
#define VMSIM_DEBUG_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/observe.h"
#include "debug/gdb_packet.h"
#include "debug/guest_threads.h"

struct hart;

#define GDB_MAX_BREAKPOINTS 64

/* A breakpoint address gdb has inserted at least once. gdb takes its breakpoints out at
 * every stop and puts them back at every resume, so the address space one is bound to is
 * remembered across that, and forgotten once gdb has resumed twice without it (it was
 * deleted). */
struct gdb_breakpoint {
    uint32_t address;
    bool inserted;
    bool bound;      /* stops only while the hart's satp is `satp` */
    uint32_t satp;
    unsigned resumes_without;
};

struct gdbstub {
    int fd;
    struct hart *hart;
    struct gdb_reader reader;
    char input[GDB_PACKET_MAX];
    size_t input_used, input_length;

    bool stopped;    /* waiting for a command from gdb */
    bool stepping;   /* run one instruction, then stop */
    bool detached;   /* gdb left: run freely from now on */
    bool killed;     /* gdb asked to kill the target */
    int stop_signal; /* reported with the next stop: 5 SIGTRAP, 2 SIGINT */
    unsigned batches_since_poll;
    uint64_t last_budget;

    struct guest_threads threads;
    uint32_t selected; /* gdb's thread id for registers and memory (Hg); 0: the current */
    uint32_t viewed;   /* the thread whose registers gdb read last; 0: none yet */

    struct gdb_breakpoint breakpoints[GDB_MAX_BREAKPOINTS];
    unsigned breakpoint_count;
    uint8_t *breakpoint_pages; /* one bit per virtual page; allocated on first use */

    /* A user-mode step that trapped into the kernel for something it handles on the
     * thread's behalf (a page fault, an interrupt) goes on until the thread is back in
     * user mode, so that stepping over code on pages not yet present works. */
    bool step_from_user, returning_to_user;
    bool stop_on_return; /* back at step_pc: stop there (it was waiting for its page) */
    uint32_t step_tid, step_pc;

    /* monitor stop-at-exec NAME: stop when a thread of a process called NAME appears. */
    char exec_stop_name[ANNOTATION_NAME_SIZE + 1];
    bool exec_stop_hit;
};

/* Listens on 127.0.0.1:port and waits for gdb to connect; the hart starts stopped.
 * False with a message in err. */
bool gdbstub_open(struct gdbstub *g, struct hart *hart, unsigned port, char *err, size_t err_size);

/* Follows the guest OS's reports of its threads, attached to `o` (false if it has no room);
 * gdbstub_close detaches. */
bool gdbstub_watch_guest_os(struct gdbstub *g, struct observe *o);

/* Before a batch: serves gdb while the target is stopped, then returns the largest budget
 * allowed (1 when stepping or inside a page with a breakpoint); 0 means gdb killed the
 * target. */
uint64_t gdbstub_before_run(struct gdbstub *g, uint64_t budget);

/* Serves one packet's payload (the text between '$' and '#', NUL-terminated, at most
 * GDB_PACKET_MAX bytes; "\x03" for Ctrl-C) while stopped: replies on g->fd (none when it
 * is -1) and returns true
 * when the target should run. The one entry point of the command parser, so that
 * tests/fuzz/fuzz_gdb_packet.c can feed it any bytes. */
bool gdbstub_handle_packet(struct gdbstub *g, const char *packet);

/* After a batch: notices breakpoints, finished steps and Ctrl-C from gdb. */
void gdbstub_after_run(struct gdbstub *g);

/* The stub as an attachment on the observation boundary: gdbstub_before_run before each
 * batch (0 ends the run with MACHINE_KILLED), gdbstub_after_run at each batch's end. */
struct observer gdbstub_observer(struct gdbstub *g);

/* Tells gdb the program ended with `status` and closes the connection. */
void gdbstub_close(struct gdbstub *g, int status);

/* Frees what the stub allocated (its breakpoint-page bitmap) and takes the bitmap off the
 * hart, leaving the connection alone; gdbstub_close does it too. For the fuzzer, which
 * makes a stub per input. */
void gdbstub_release(struct gdbstub *g);

#endif
