/* Optional part of the bare-metal runtime: run main() in S mode with Sv32 paging on, over
 * 4 KiB pages that map the program, its stack and the console and finisher devices at their
 * own addresses. Linking this file in is all a program has to do; benchmarks use it to
 * measure what translation and the simulated TLB cost. */
#include "baremetal.h"
#include "sv32.h"

#define PAGING_ASID 1u

extern char __stack_top[];

/* The root table and three leaf tables: RAM, the UART's 4 MiB region, the finisher's. */
static pte_t tables[4][1024] __attribute__((aligned(PAGE_SIZE)));

static pte_t *leaf_table_for(uint32_t vaddr, unsigned *next_free)
{
    pte_t *root = tables[0];
    pte_t *entry = &root[vaddr >> 22];
    if (!(*entry & PTE_V))
        *entry = pte_of((uint32_t)tables[(*next_free)++], 0);
    return (pte_t *)pte_address(*entry);
}

static void map_page(uint32_t vaddr, uint32_t flags, unsigned *next_free)
{
    pte_t *leaf = leaf_table_for(vaddr, next_free);
    /* A and D are preset, as an OS that does not track them would do. */
    leaf[(vaddr >> 12) & 0x3ff] = pte_of(vaddr, flags | PTE_A | PTE_D);
}

/* Called by start.S before main(); returns the satp value to run main() with. */
uint32_t baremetal_before_main(void)
{
    unsigned next_free = 1;
    for (uint32_t a = VMSIM_RAM_BASE; a < (uint32_t)__stack_top; a += PAGE_SIZE)
        map_page(a, PTE_R | PTE_W | PTE_X, &next_free);
    map_page(VMSIM_UART0_BASE, PTE_R | PTE_W, &next_free);
    map_page(VMSIM_FINISHER_BASE, PTE_R | PTE_W, &next_free);
    return satp_of(tables[0], PAGING_ASID);
}
