/* The platform-level interrupt controller, in the layout of QEMU's virt board, for one hart
 * with two contexts: context 0 is hart 0 in M mode (drives mip.MEIP), context 1 is hart 0
 * in S mode (drives mip.SEIP). Devices drive level-triggered source lines 1..31.
 *
 *   offset                        register (32 bits each)
 *   0x000000 + 4*n                priority of source n (0..7; 0 = never interrupts)
 *   0x001000                      pending bits of sources 0..31 (read only)
 *   0x002000 + 0x80*ctx           enable bits of sources 0..31 for context ctx
 *   0x200000 + 0x1000*ctx         priority threshold of context ctx (0..7)
 *   0x200004 + 0x1000*ctx         claim (read) / complete (write) of context ctx
 *
 * A source is pending while its line is high and it is not claimed. A context's
 * interrupt is raised while some source enabled for it is pending with a priority above
 * its threshold. A claim returns the highest-priority such source (the lowest number among
 * equals), or 0, and clears its pending bit; writing the number back completes it, and a
 * line still high makes it pending again. */
#ifndef VMSIM_DEVICES_PLIC_H
#define VMSIM_DEVICES_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/bus.h"

struct hart;

#define PLIC_SOURCES 32 /* source 0 does not exist; 1..31 are usable */
#define PLIC_CONTEXTS 2
#define PLIC_MAX_PRIORITY 7

struct plic {
    struct hart *hart;
    uint32_t priority[PLIC_SOURCES];
    uint32_t lines;      /* bit n: source n's line is high */
    uint32_t in_service; /* bit n: source n was claimed and is not yet complete */
    uint32_t enable[PLIC_CONTEXTS];
    uint32_t threshold[PLIC_CONTEXTS];
    bool output[PLIC_CONTEXTS]; /* the interrupt line of each context as last driven */

    uint64_t claims[PLIC_SOURCES]; /* claims that returned source n, for the UI and stats */
};

/* One source line, as an opaque pointer for a device's set_irq(opaque, level) hook. */
struct plic_line {
    struct plic *plic;
    unsigned source;
};

extern const struct bus_device_ops plic_ops;

void plic_init(struct plic *p, struct hart *hart);

/* Drives source line `source` (1..31) high or low. */
void plic_set_source(struct plic *p, unsigned source, bool level);

/* A device's set_irq hook: `opaque` is a struct plic_line. */
void plic_line_set(void *opaque, bool level);

/* The mip bits (MIP_MEIP, MIP_SEIP) that `source` would raise if its line went high now,
 * given the priorities, enables, thresholds and claims as they stand. */
uint32_t plic_source_targets(const struct plic *p, unsigned source);

#endif
