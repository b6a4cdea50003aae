/* A TLB working-set sweep: S-mode code loads one word from each of WORKING_SET distinct
 * 4 KiB pages, round-robin, ROUNDS times. Built once per working-set size (-DWORKING_SET).
 * The loop's code, stack and globals all lie in one kernel megapage, so they need exactly
 * one TLB entry besides the W data pages: the hit rate of the loads then tells whether
 * W + 1 translations fit in the TLB (see check_sweep.cmake for the model). */
#include "paging.h"

#ifndef WORKING_SET
#error "build with -DWORKING_SET=<number of pages>"
#endif
#define ROUNDS 1000
#define SWEEP_VA 0x40000000u
/* Frames beyond the program image (RAM is 128 MiB), written in M mode before paging. */
#define SWEEP_FRAMES (VMSIM_RAM_BASE + 0x00800000u)

static void sweep(void)
{
    print("tlb sweep: ");
    print_dec(WORKING_SET);
    print(" pages, ");
    print_dec(ROUNDS);
    print(" rounds\n");
    uint32_t sum = 0;
    for (unsigned round = 0; round < ROUNDS; round++)
        for (uint32_t page = 0; page < WORKING_SET; page++)
            sum += *(volatile uint32_t *)(SWEEP_VA + page * PAGE_SIZE);
    CHECK_EQUAL(sum, ROUNDS * (WORKING_SET * (WORKING_SET + 1) / 2), "sum of the loaded words");
    print("tlb sweep: ");
    print_dec(ROUNDS * WORKING_SET);
    print(" loads, sum ok\n");
    exit(0);
}

int main(void)
{
    pte_t *root = page_table_alloc();
    map_kernel(root);
    for (uint32_t page = 0; page < WORKING_SET; page++) {
        uint32_t frame = SWEEP_FRAMES + page * PAGE_SIZE;
        *(volatile uint32_t *)frame = page + 1;
        /* A preset: the walk then never writes, and every miss costs the same. */
        map_page(root, SWEEP_VA + page * PAGE_SIZE, frame, PTE_R | PTE_A);
    }
    enter_supervisor(satp_of(root, 1), sweep);
}
