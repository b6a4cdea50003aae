/* Address-space identifiers. Each live address space has its own ASID, so switching
 * between processes changes satp without flushing the TLB: entries of different
 * processes carry different tags and coexist. ASID 0 is the kernel-only table. */
#ifndef OS_ASID_H
#define OS_ASID_H

#include "types.h"

/* A free ASID (1..511), with the TLB entries it may still tag from an earlier owner
 * flushed; 0 if all are in use (the process table is far smaller, so this is a bug). */
uint32_t asid_alloc(void);
void asid_free(uint32_t asid);

#endif
