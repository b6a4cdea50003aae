/* The SiFive test finisher: a guest ends the run by writing one word.
 *   0x5555             pass (exit status 0)
 *   (code << 16) | 0x3333  fail with `code`
 */
#ifndef VMSIM_DEVICES_FINISHER_H
#define VMSIM_DEVICES_FINISHER_H

#include "devices/exit_request.h"
#include "mmu/bus.h"

struct hart;

struct finisher {
    struct hart *hart;
    struct exit_request *exit;
};

extern const struct bus_device_ops finisher_ops;

#endif
