/* libFuzzer target: the GDB remote-protocol command parser (gdbstub_handle_packet in
 * src/debug/gdbstub.c). The input is split at newlines into packet payloads, each served
 * in turn to a stopped hart with 64 KiB of RAM, as if gdb had sent it: register and memory
 * reads and writes, breakpoints, queries. Replies go to a socket the harness drains. No
 * payload may crash the stub or make it touch host memory outside the hart and its RAM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz_target.h"
#include "cpu/hart.h"
#include "debug/gdbstub.h"
#include "machine_map.h"
#include "mmu/bus.h"

#define RAM_SIZE (64u * 1024u)

static struct bus bus;
static struct hart hart;
static int sockets[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; /* libFuzzer's own options; the target has none */
    (void)argv;
    char err[256];
    if (!bus_init(&bus, VMSIM_RAM_BASE, RAM_SIZE, err, sizeof err) || !hart_init(&hart, &bus, VMSIM_RAM_BASE) ||
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sockets) != 0) {
        fprintf(stderr, "fuzz_gdb_packet: cannot set up\n");
        exit(1);
    }
    return 0;
}

static void drain_replies(void)
{
    char sink[8192];
    while (read(sockets[1], sink, sizeof sink) > 0)
        ;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char packet[GDB_PACKET_MAX + 1];
    struct gdbstub g = {.listen_fd = -1, .fd = sockets[0], .hart = &hart, .stopped = true, .stop_signal = 5};
    size_t at = 0;
    while (at < size) {
        size_t length = 0;
        while (at + length < size && data[at + length] != '\n')
            length++;
        size_t kept = length < GDB_PACKET_MAX ? length : GDB_PACKET_MAX;
        memcpy(packet, data + at, kept);
        packet[kept] = '\0';
        gdbstub_handle_packet(&g, packet);
        drain_replies();
        at += length + 1;
    }
    return 0;
}
