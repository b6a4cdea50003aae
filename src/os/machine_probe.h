/* Probing the physical address space from M mode (ram_probe.S): a load where nothing
 * answers takes a load access fault on vmsim and on QEMU alike, and the probe's trap
 * handler turns that fault into a "no". Used to size RAM (ram.c) and to find vmsim's own
 * devices (board.c). */
#ifndef OS_MACHINE_PROBE_H
#define OS_MACHINE_PROBE_H

#include "types.h"

/* 1 if a word load from address succeeds, 0 if it faults. Precondition: M mode, paging
 * off, mtvec = ram_probe_trap_vector. */
int ram_probe_load(uint32_t address);
void ram_probe_trap_vector(void);
void machine_trap_vector(void);

#endif
