/* The PLIC driver: routes device interrupt sources to the hart's S-mode context (context 1
 * in QEMU virt's layout) and claims and completes them. */
#ifndef OS_PLIC_H
#define OS_PLIC_H

#include "types.h"

/* Lets source (1..31) interrupt S mode: priority 1, enabled for context 1, whose threshold
 * is 0. The supervisor external interrupt must also be enabled in sie (plic_init). */
void plic_enable_source(unsigned source);

/* Sets the S-mode context's threshold to 0 and enables SEI in sie. */
void plic_init(void);

/* The highest-priority pending source for S mode, now claimed, or 0 if none. */
unsigned plic_claim(void);

/* Ends the claim of source: its line, if still high, makes it pending again. */
void plic_complete(unsigned source);

#endif
