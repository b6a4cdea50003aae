/* CLINT: the core-local interruptor (SiFive layout, one hart).
 *   +0x0000 msip      (bit 0 drives mip.MSIP)
 *   +0x4000 mtimecmp  (64-bit; mip.MTIP = mtime >= mtimecmp)
 *   +0xbff8 mtime     (64-bit; the hart's time base)
 */
#ifndef VMSIM_DEVICES_CLINT_H
#define VMSIM_DEVICES_CLINT_H

#include <stdint.h>

#include "mmu/bus.h"

struct hart;

struct clint {
    struct hart *hart;
    uint32_t msip;
    uint64_t mtimecmp;
};

extern const struct bus_device_ops clint_ops;

void clint_init(struct clint *c, struct hart *hart);

/* Recomputes MTIP after time has moved. */
void clint_update(struct clint *c);

/* The mtime at which MTIP next rises (UINT64_MAX if never). */
uint64_t clint_deadline(const struct clint *c);

#endif
