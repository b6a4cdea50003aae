/* Sv32 page tables as guest code builds them: PTE bits, page sizes and the satp value, for
 * the runtime's paging.c and the paging tests. */
#ifndef VMSIM_SV32_H
#define VMSIM_SV32_H

#include <stdint.h>

/* Sv32 PTE:  | PPN[1] 31:20 | PPN[0] 19:10 | RSW 9:8 | D A G U X W R V | */
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)

#define PAGE_SIZE 4096u
#define MEGAPAGE_SIZE (1u << 22)

#define SATP_SV32 (1u << 31)

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
    return SATP_SV32 | ((uint32_t)asid << 22) | ((uint32_t)(uintptr_t)root >> 12);
}

#endif
