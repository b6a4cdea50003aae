/* HTIF, the host-target interface of Spike and the riscv-tests: the guest writes 64-bit
 * commands to its `tohost` symbol in RAM, the host answers through `fromhost`.
 *   tohost = device(63:56) | command(55:48) | payload(47:0)
 *   device 0, command 0: payload odd  -> exit with status payload >> 1
 *                        payload even -> system call block at that address (write, exit)
 *   device 1, command 1: console output of the byte in payload(7:0)
 * A command is taken when the high word of tohost is written, or at the next batch end
 * for a guest that writes only the low word (as Spike polls). */
#ifndef VMSIM_DEVICES_HTIF_H
#define VMSIM_DEVICES_HTIF_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/exit_request.h"

struct bus;
struct hart;

struct htif {
    struct bus *bus;
    struct hart *hart;
    struct exit_request *exit;
    uint32_t tohost, fromhost; /* guest physical addresses; fromhost 0 if absent */
    void (*output)(void *opaque, uint8_t byte);
    void *output_opaque;
};

/* Starts watching stores to `tohost`. */
void htif_init(struct htif *htif, struct bus *bus, struct hart *hart, struct exit_request *exit,
               uint32_t tohost, uint32_t fromhost, void (*output)(void *, uint8_t),
               void *output_opaque);

/* Takes a command left in tohost, if any. */
void htif_poll(struct htif *htif);

#endif
