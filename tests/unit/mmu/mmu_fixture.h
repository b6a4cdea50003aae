/* A machine for the MMU unit tests: 16 MiB of RAM at 0x80000000 on a bus, an MMU over it,
 * and Sv32 page tables built by hand in that RAM. No hart runs: tests set priv, mstatus and
 * satp in `cpu`, hand the mode they make to the MMU as the CPU does after such changes
 * (update_mode), and translate. `cpu` is a bare shell holding the bus and the MMU, enough
 * for the CPU's memory path (cpu/memory.c) that some tests drive on top of the MMU. */
#ifndef VMSIM_TESTS_MMU_FIXTURE_H
#define VMSIM_TESTS_MMU_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/csr.h"
#include "cpu/hart.h"
#include "mmu/bus.h"
#include "cpu/memory.h"
#include "mmu/mmu.h"
#include "tlb_helpers.h"

#define FIXTURE_RAM_BASE 0x80000000u
#define FIXTURE_RAM_SIZE (16u << 20)
#define FIXTURE_ROOT 0x80100000u      /* root page table */
#define FIXTURE_TABLES 0x80101000u    /* level-0 tables are taken from here on */
#define FIXTURE_OUTSIDE_RAM 0x40000000u /* nothing there: page-table accesses fault */

struct fixture {
    struct bus bus;
    struct mmu mmu;
    struct hart cpu; /* not a running hart: privilege, CSRs, bus and mmu only */
    uint32_t next_table;
};

static inline int fixture_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    char err[128];
    struct tlb_config tlb = tlb_default_config();
    if (!f || !bus_init(&f->bus, FIXTURE_RAM_BASE, FIXTURE_RAM_SIZE, err, sizeof err) ||
        !mmu_init(&f->mmu, &f->bus, &tlb, err, sizeof err))
        return -1;
    f->cpu.priv = PRIV_M;
    f->cpu.bus = &f->bus;
    f->cpu.mmu = &f->mmu;
    f->next_table = FIXTURE_TABLES;
    *state = f;
    return 0;
}

static inline int fixture_teardown(void **state)
{
    struct fixture *f = *state;
    mmu_destroy(&f->mmu);
    bus_destroy(&f->bus);
    free(f);
    return 0;
}

static inline uint32_t ram_word(struct fixture *f, uint32_t paddr)
{
    uint32_t v;
    memcpy(&v, bus_ram_pointer(&f->bus, paddr), 4);
    return v;
}

static inline void set_ram_word(struct fixture *f, uint32_t paddr, uint32_t value)
{
    memcpy(bus_ram_pointer(&f->bus, paddr), &value, 4);
}

/* PTE encodings: a leaf maps to `paddr` with `flags` (V added); a pointer to a table. */
static inline uint32_t leaf_pte(uint64_t paddr, uint32_t flags)
{
    return (uint32_t)((paddr >> 12) << 10) | flags | PTE_V;
}

static inline uint32_t table_pte(uint32_t table_paddr)
{
    return ((table_paddr >> 12) << 10) | PTE_V;
}

static inline uint32_t root_pte_address(uint32_t vaddr)
{
    return FIXTURE_ROOT + 4 * (vaddr >> 22);
}

/* The level-0 table under vaddr's root entry, allocated and linked on first use. */
static inline uint32_t level0_table(struct fixture *f, uint32_t vaddr)
{
    uint32_t root_pte = ram_word(f, root_pte_address(vaddr));
    if (root_pte & PTE_V)
        return (root_pte >> 10) << 12;
    uint32_t table = f->next_table;
    f->next_table += 4096;
    set_ram_word(f, root_pte_address(vaddr), table_pte(table));
    return table;
}

static inline uint32_t leaf_pte_address(struct fixture *f, uint32_t vaddr)
{
    return level0_table(f, vaddr) + 4 * ((vaddr >> 12) & 0x3ff);
}

/* Writes a raw level-0 PTE for vaddr (any value, valid or not). */
static inline void set_page_pte(struct fixture *f, uint32_t vaddr, uint32_t pte)
{
    set_ram_word(f, leaf_pte_address(f, vaddr), pte);
}

static inline void map_page(struct fixture *f, uint32_t vaddr, uint64_t paddr, uint32_t flags)
{
    set_page_pte(f, vaddr, leaf_pte(paddr, flags));
}

static inline void map_megapage(struct fixture *f, uint32_t vaddr, uint64_t paddr, uint32_t flags)
{
    set_ram_word(f, root_pte_address(vaddr), leaf_pte(paddr, flags));
}

static inline uint32_t satp_for(uint32_t root, uint16_t asid)
{
    return SATP_MODE_SV32 | ((uint32_t)asid << SATP_ASID_SHIFT) | (root >> 12);
}

/* Gives the MMU the mode that cpu's privilege, mstatus and satp make. */
static inline void update_mode(struct fixture *f)
{
    mmu_update_mode(&f->mmu, hart_mmu_mode(&f->cpu));
}

/* Puts the CPU in `priv` with `mstatus` and Sv32 on FIXTURE_ROOT under `asid`. */
static inline void enter(struct fixture *f, enum privilege priv, uint32_t mstatus, uint16_t asid)
{
    f->cpu.priv = priv;
    f->cpu.mstatus = mstatus;
    f->cpu.satp = satp_for(FIXTURE_ROOT, asid);
    update_mode(f);
}

static inline struct tlb *fixture_tlb(struct fixture *f)
{
    return &f->mmu.tlb;
}

/* Reconfigures the MMU's TLB; the host cache goes with it. */
static inline void use_tlb(struct fixture *f, unsigned entries, unsigned ways, enum tlb_policy policy)
{
    struct tlb_config config = tlb_default_config();
    config.entries = entries;
    config.ways = ways;
    config.policy = policy;
    char err[128];
    assert_true(mmu_configure_tlb(&f->mmu, &config, err, sizeof err));
    update_mode(f);
}

static inline uint64_t load_hits(struct fixture *f)
{
    return fixture_tlb(f)->stats.total.hits[TLB_LOAD];
}

static inline uint64_t load_misses(struct fixture *f)
{
    return fixture_tlb(f)->stats.total.misses[TLB_LOAD];
}

#endif
