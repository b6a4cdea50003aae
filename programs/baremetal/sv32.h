/* Sv32 page tables as guest code builds them: PTE bits, page sizes and the satp value, for
 * the runtime's paging.c and the paging tests. */
#ifndef VMSIM_SV32_H
#define VMSIM_SV32_H

#include <stdint.h>

#include "riscv_spec.h"


typedef uint32_t pte_t;

/* A PTE pointing at the page (leaf) or table at physical address `paddr`; V is added. */
static inline pte_t pte_of(uint32_t paddr, uint32_t flags)
{
    return ((paddr >> 12) << 10) | flags | PTE_V;
}

/* The physical address a PTE points at. */
static inline uint32_t pte_address(pte_t pte)
{
    return (pte >> 10) << 12;
}

/* satp for Sv32 translation with root table `root` and address-space ID `asid`. */
static inline uint32_t satp_of(const pte_t *root, unsigned asid)
{
    return SATP_MODE_SV32 | ((uint32_t)asid << SATP_ASID_SHIFT) | ((uint32_t)(uintptr_t)root >> 12);
}

#endif
