/* Optional part of the bare-metal runtime: run main() in S mode with Sv32 paging on, over
 * 4 KiB pages that map the program, its stack and the console and finisher devices at their
 * own addresses. Linking this file in is all a program has to do; benchmarks use it to
 * measure what translation and the simulated TLB cost. */
#include "baremetal.h"

#define PAGE_SIZE 4096u
#define PTE_V 0x01u
#define PTE_R 0x02u
#define PTE_W 0x04u
#define PTE_X 0x08u
#define PTE_A 0x40u
#define PTE_D 0x80u
#define SATP_SV32 (1u << 31)
#define PAGING_ASID 1u

extern char __stack_top[];

/* The root table and three leaf tables: RAM, the UART's 4 MiB region, the finisher's. */
static uint32_t tables[4][1024] __attribute__((aligned(PAGE_SIZE)));

static uint32_t *leaf_table_for(uint32_t vaddr, unsigned *next_free)
{
    uint32_t *root = tables[0];
    uint32_t *entry = &root[vaddr >> 22];
    if (!(*entry & PTE_V)) {
        uint32_t *table = tables[(*next_free)++];
        *entry = (((uint32_t)table >> 12) << 10) | PTE_V;
    }
    return (uint32_t *)((*entry >> 10) << 12);
}

static void map_page(uint32_t vaddr, uint32_t flags, unsigned *next_free)
{
    uint32_t *leaf = leaf_table_for(vaddr, next_free);
    /* A and D are preset, as an OS that does not track them would do. */
    leaf[(vaddr >> 12) & 0x3ff] = ((vaddr >> 12) << 10) | flags | PTE_V | PTE_A | PTE_D;
}

/* Called by start.S before main(); returns the satp value to run main() with. */
uint32_t baremetal_before_main(void)
{
    unsigned next_free = 1;
    for (uint32_t a = VMSIM_RAM_BASE; a < (uint32_t)__stack_top; a += PAGE_SIZE)
        map_page(a, PTE_R | PTE_W | PTE_X, &next_free);
    map_page(VMSIM_UART0_BASE, PTE_R | PTE_W, &next_free);
    map_page(VMSIM_FINISHER_BASE, PTE_R | PTE_W, &next_free);
    return SATP_SV32 | (PAGING_ASID << 22) | ((uint32_t)tables[0] >> 12);
}
