/* A GDB remote-protocol server, so that gdb-multiarch can debug a guest on vmsim: registers,
 * memory (through the guest's page tables), breakpoints, single step, continue and Ctrl-C.
 * The machine loop asks it before each batch how far the hart may run; while breakpoints are
 * set or a step is pending that is one instruction, so the fast loop never checks them. */
#ifndef VMSIM_DEBUG_GDBSTUB_H
#define VMSIM_DEBUG_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hart;

#define GDB_MAX_BREAKPOINTS 64
#define GDB_PACKET_MAX 4096 /* the longest packet payload served */

struct gdbstub {
    int listen_fd, fd;
    struct hart *hart;
    bool stopped;    /* waiting for a command from gdb */
    bool stepping;   /* run one instruction, then stop */
    bool detached;   /* gdb left: run freely from now on */
    bool killed;     /* gdb asked to kill the target */
    unsigned breakpoint_count;
    uint32_t breakpoints[GDB_MAX_BREAKPOINTS];
    int stop_signal; /* reported with the next stop: 5 SIGTRAP, 2 SIGINT */
    unsigned steps_until_poll; /* single steps left before looking for Ctrl-C again */
};

/* Listens on 127.0.0.1:port and waits for gdb to connect; the hart starts stopped.
 * False with a message in err. */
bool gdbstub_open(struct gdbstub *g, struct hart *hart, unsigned port, char *err, size_t err_size);

/* Before a batch: serves gdb while the target is stopped, then returns the largest budget
 * allowed (1 when stepping or with breakpoints); 0 means gdb killed the target. */
uint64_t gdbstub_before_run(struct gdbstub *g, uint64_t budget);

/* Serves one packet's payload (the text between '$' and '#', NUL-terminated, at most
 * GDB_PACKET_MAX bytes; "\x03" for Ctrl-C) while stopped: replies on g->fd and returns true
 * when the target should run. The one entry point of the command parser, so that
 * tests/fuzz/fuzz_gdb_packet.c can feed it any bytes. */
bool gdbstub_handle_packet(struct gdbstub *g, const char *packet);

/* After a batch: notices breakpoints, finished steps and Ctrl-C from gdb. */
void gdbstub_after_run(struct gdbstub *g);

/* Tells gdb the program ended with `status` and closes the connection. */
void gdbstub_close(struct gdbstub *g, int status);

#endif
