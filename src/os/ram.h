/* How much RAM the machine has. vmsim's --memory (and QEMU's -m) change it, and nothing
 * tells the kernel, so M mode finds it out at boot by probing (ram.c). */
#ifndef OS_RAM_H
#define OS_RAM_H

#include "types.h"

/* The first address after RAM; RAM starts at VMSIM_RAM_BASE. Set once by ram_probe. */
extern uint32_t ram_end;

/* Finds the end of RAM and sets ram_end. Precondition: M mode, paging off, mtvec at
 * machine_trap_vector (it is restored to that afterwards). */
void ram_probe(void);

#endif
