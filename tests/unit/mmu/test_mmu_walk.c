/* Unit tests of the Sv32 page-table walk against the RISC-V privileged spec (section
 * "Virtual Address Translation Process"): every way a walk can fault, with its cause and
 * tval; the A and D updates in the PTE in RAM; 4 KiB and megapage translation; and MPRV,
 * which makes M-mode loads and stores translate with the privilege in MPP. */
#include "mmu_fixture.h"

#define VA_PAGE 0x00401abcu     /* a 4 KiB page, mapped per test */
#define PA_FRAME 0x80200000u    /* the frame it maps to */
#define VA_MEGA 0x40000000u     /* a 4 MiB megapage, mapped per test */
#define PA_MEGA 0x80400000u
#define RWX (PTE_R | PTE_W | PTE_X)

static void expect_fault(struct fixture *f, uint32_t vaddr, enum tlb_access access, uint32_t cause)
{
    struct mmu_result r = mmu_translate(&f->mmu, vaddr, access);
    assert_true(r.faulted);
    assert_int_equal(r.fault_cause, cause);
    assert_int_equal(f->mmu.last_fault.vaddr, vaddr);
}

static uint64_t expect_translation(struct fixture *f, uint32_t vaddr, enum tlb_access access)
{
    struct mmu_result r = mmu_translate(&f->mmu, vaddr, access);
    if (r.faulted)
        fail_msg("translating 0x%08x faulted with cause %u (%s)", vaddr, r.fault_cause,
                 f->mmu.last_fault.reason);
    return r.paddr;
}

/* Makes the next access walk again instead of hitting an entry from an earlier check. */
static void forget_translations(struct fixture *f)
{
    tlb_flush_all(fixture_tlb(f));
}

static void expect_fault_report(struct fixture *f, int level, uint32_t pte_address, uint32_t pte)
{
    const struct mmu_fault_report *r = &f->mmu.last_fault;
    assert_int_equal(r->level, level);
    assert_int_equal(r->pte_address, pte_address);
    assert_int_equal(r->pte, pte);
    assert_non_null(r->reason);
}

/* --- faults ------------------------------------------------------------------------- */

static void invalid_root_pte_is_a_page_fault_at_level_1(void **state)
{
    struct fixture *f = *state;
    enter(f, PRIV_S, 0, 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault_report(f, 1, root_pte_address(VA_PAGE), 0);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
    assert_int_equal(f->mmu.page_faults, 3);
}

static void invalid_leaf_pte_is_a_page_fault_at_level_0(void **state)
{
    struct fixture *f = *state;
    /* Every permission bit set, V clear: still invalid. */
    uint32_t pte = leaf_pte(PA_FRAME, RWX | PTE_U | PTE_A | PTE_D) & ~PTE_V;
    set_page_pte(f, VA_PAGE, pte);
    enter(f, PRIV_U, 0, 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault_report(f, 0, leaf_pte_address(f, VA_PAGE), pte);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
}

/* R=0 W=1 is reserved whatever the access and whatever X says. */
static void write_without_read_is_a_reserved_encoding_page_fault(void **state)
{
    struct fixture *f = *state;
    enter(f, PRIV_S, 0, 1);
    map_page(f, VA_PAGE, PA_FRAME, PTE_W);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    map_page(f, VA_PAGE, PA_FRAME, PTE_W | PTE_X);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    /* At level 1 too, where R=X=0 would otherwise mean "pointer". */
    map_megapage(f, VA_MEGA, PA_MEGA, PTE_W);
    expect_fault(f, VA_MEGA, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault_report(f, 1, root_pte_address(VA_MEGA), leaf_pte(PA_MEGA, PTE_W));
}

static void megapage_with_nonzero_ppn0_is_a_misaligned_superpage_fault(void **state)
{
    struct fixture *f = *state;
    enter(f, PRIV_S, 0, 1);
    map_megapage(f, VA_MEGA, PA_MEGA + 0x1000, RWX);
    expect_fault(f, VA_MEGA + 0x10, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault_report(f, 1, root_pte_address(VA_MEGA), leaf_pte(PA_MEGA + 0x1000, RWX));
    expect_fault(f, VA_MEGA + 0x10, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    expect_fault(f, VA_MEGA + 0x10, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
}

static void pointer_pte_at_level_0_is_a_page_fault(void **state)
{
    struct fixture *f = *state;
    enter(f, PRIV_S, 0, 1);
    set_page_pte(f, VA_PAGE, table_pte(FIXTURE_ROOT));
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault_report(f, 0, leaf_pte_address(f, VA_PAGE), table_pte(FIXTURE_ROOT));
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
}

static void supervisor_access_to_a_user_page_needs_sum(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, RWX | PTE_U);
    enter(f, PRIV_S, 0, 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    enter(f, PRIV_S, MSTATUS_SUM, 1);
    assert_int_equal(expect_translation(f, VA_PAGE, TLB_LOAD), PA_FRAME | (VA_PAGE & 0xfff));
    assert_int_equal(expect_translation(f, VA_PAGE, TLB_STORE), PA_FRAME | (VA_PAGE & 0xfff));
    /* The entry is now in the TLB: clearing SUM must still fault (checked on a hit too). */
    enter(f, PRIV_S, 0, 1);
    uint64_t misses = load_misses(f);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(load_misses(f), misses);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
}

static void supervisor_fetch_from_a_user_page_faults_even_with_sum(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_X | PTE_U);
    enter(f, PRIV_S, MSTATUS_SUM, 1);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
    enter(f, PRIV_S, 0, 1);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
    /* And from the TLB: the load with SUM fills the entry, the fetch must not use it. */
    enter(f, PRIV_S, MSTATUS_SUM, 1);
    expect_translation(f, VA_PAGE, TLB_LOAD);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
}

static void user_access_to_a_page_without_u_faults(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, RWX);
    enter(f, PRIV_U, MSTATUS_SUM | MSTATUS_MXR, 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
    /* Filled by the supervisor, the entry must still refuse the user. */
    enter(f, PRIV_S, 0, 1);
    expect_translation(f, VA_PAGE, TLB_LOAD);
    enter(f, PRIV_U, 0, 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    /* With U set the same accesses succeed. */
    forget_translations(f);
    map_page(f, VA_PAGE, PA_FRAME, RWX | PTE_U);
    expect_translation(f, VA_PAGE, TLB_LOAD);
    expect_translation(f, VA_PAGE, TLB_STORE);
    expect_translation(f, VA_PAGE, TLB_FETCH);
}

static void load_from_an_execute_only_page_needs_mxr(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_X);
    map_page(f, VA_PAGE + 0x1000, PA_FRAME + 0x1000, PTE_X | PTE_U);
    enter(f, PRIV_S, 0, 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    enter(f, PRIV_U, 0, 1);
    expect_fault(f, VA_PAGE + 0x1000, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);

    enter(f, PRIV_S, MSTATUS_MXR, 1);
    assert_int_equal(expect_translation(f, VA_PAGE, TLB_LOAD), PA_FRAME | (VA_PAGE & 0xfff));
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT); /* MXR is about loads only */
    enter(f, PRIV_U, MSTATUS_MXR, 1);
    expect_translation(f, VA_PAGE + 0x1000, TLB_LOAD);

    /* Without MXR again, the entries now in the TLB must refuse the load. */
    enter(f, PRIV_S, 0, 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_translation(f, VA_PAGE, TLB_FETCH);
}

static void store_to_a_read_only_page_faults(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R);
    map_page(f, VA_PAGE + 0x1000, PA_FRAME + 0x1000, PTE_R | PTE_X | PTE_U);
    enter(f, PRIV_S, 0, 1);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    expect_translation(f, VA_PAGE, TLB_LOAD);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT); /* and from the TLB */
    enter(f, PRIV_U, 0, 1);
    expect_fault(f, VA_PAGE + 0x1000, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
}

static void fetch_from_a_page_without_x_faults(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W);
    enter(f, PRIV_S, MSTATUS_MXR, 1);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
    expect_translation(f, VA_PAGE, TLB_LOAD);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT); /* and from the TLB */
}

/* A PTE that is not in RAM cannot be read: an access fault of the original access type,
 * not a page fault, with the virtual address in tval. */
static void page_table_outside_ram_is_an_access_fault(void **state)
{
    struct fixture *f = *state;
    f->cpu.priv = PRIV_S;
    f->cpu.satp = satp_for(FIXTURE_OUTSIDE_RAM, 1);
    update_mode(f);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_ACCESS);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_ACCESS);
    expect_fault(f, VA_PAGE, TLB_FETCH, CAUSE_FETCH_ACCESS);
    assert_int_equal(f->mmu.page_faults, 0);

    /* The same for a level-0 table outside RAM. */
    enter(f, PRIV_S, 0, 1);
    set_ram_word(f, root_pte_address(VA_PAGE), table_pte(FIXTURE_OUTSIDE_RAM));
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_ACCESS);
    expect_fault_report(f, 0, FIXTURE_OUTSIDE_RAM + 4 * ((VA_PAGE >> 12) & 0x3ff), 0);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_ACCESS);

    /* And for a table above 4 GiB (Sv32 physical addresses have 34 bits). */
    f->cpu.satp = SATP_MODE_SV32 | (1u << SATP_ASID_SHIFT) | 0x300000u;
    update_mode(f);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_ACCESS);
}

/* A valid mapping to where nothing is (no RAM, no device, or above 4 GiB) translates;
 * the access itself then faults with the virtual address in tval. */
static void mapping_to_nothing_gives_an_access_fault_on_use(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, FIXTURE_OUTSIDE_RAM, PTE_R | PTE_W);
    map_page(f, VA_PAGE + 0x1000, 0x100000000ull, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    uint32_t value;
    assert_int_equal(mem_load(&f->cpu, VA_PAGE, 4, &value), MEM_FAULT);
    assert_int_equal(f->cpu.fault_cause, CAUSE_LOAD_ACCESS);
    assert_int_equal(f->cpu.fault_tval, VA_PAGE);
    assert_int_equal(mem_store(&f->cpu, VA_PAGE + 0x1000, 4, 1), MEM_FAULT);
    assert_int_equal(f->cpu.fault_cause, CAUSE_STORE_ACCESS);
    assert_int_equal(f->cpu.fault_tval, VA_PAGE + 0x1000);
}

/* A load or store that straddles two pages translates both; if the second is unmapped,
 * tval is the address of the part that faulted (the second page's first byte) and a store
 * writes nothing, not even its bytes on the first page. */
static void misaligned_access_into_an_unmapped_page_faults_on_the_second_part(void **state)
{
    struct fixture *f = *state;
    uint32_t last = (VA_PAGE & ~0xfffu) + 0xffe;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    set_ram_word(f, PA_FRAME + 0xffc, 0x11223344);
    uint32_t value;
    assert_int_equal(mem_load(&f->cpu, last, 4, &value), MEM_FAULT);
    assert_int_equal(f->cpu.fault_cause, CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(f->cpu.fault_tval, last + 2);
    assert_int_equal(mem_store(&f->cpu, last, 4, 0xaabbccdd), MEM_FAULT);
    assert_int_equal(f->cpu.fault_cause, CAUSE_STORE_PAGE_FAULT);
    assert_int_equal(f->cpu.fault_tval, last + 2);
    assert_int_equal(ram_word(f, PA_FRAME + 0xffc), 0x11223344);
    /* Mapped, the same access works across the two frames. */
    map_page(f, last + 2, PA_FRAME + 0x1000, PTE_R | PTE_W);
    assert_int_equal(mem_store(&f->cpu, last, 4, 0xaabbccdd), MEM_OK);
    assert_int_equal(mem_load(&f->cpu, last, 4, &value), MEM_OK);
    assert_int_equal(value, 0xaabbccdd);
    assert_int_equal(ram_word(f, PA_FRAME + 0xffc) >> 16, 0xccdd);
    assert_int_equal(ram_word(f, PA_FRAME + 0x1000) & 0xffff, 0xaabb);
}

/* --- A and D ------------------------------------------------------------------------- */

static void load_sets_a_but_not_d_in_the_pte_in_ram(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W);
    uint32_t pte_address = leaf_pte_address(f, VA_PAGE);
    enter(f, PRIV_S, 0, 1);
    set_ram_word(f, PA_FRAME | (VA_PAGE & 0xffc), 0x12345678);
    uint32_t value = 0;
    assert_int_equal(mem_load(&f->cpu, VA_PAGE & ~3u, 4, &value), MEM_OK);
    assert_int_equal(value, 0x12345678);
    assert_int_equal(ram_word(f, pte_address), leaf_pte(PA_FRAME, PTE_R | PTE_W | PTE_A));
}

static void store_sets_a_and_d_in_the_pte_in_ram(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W);
    uint32_t pte_address = leaf_pte_address(f, VA_PAGE);
    enter(f, PRIV_S, 0, 1);
    assert_int_equal(mem_store(&f->cpu, VA_PAGE & ~3u, 4, 0xcafe), MEM_OK);
    assert_int_equal(ram_word(f, PA_FRAME | (VA_PAGE & 0xffc)), 0xcafe);
    assert_int_equal(ram_word(f, pte_address),
                     leaf_pte(PA_FRAME, PTE_R | PTE_W | PTE_A | PTE_D));
}

/* The entry a load put in the TLB has D clear: the first store must still set D in RAM. */
static void first_store_through_an_entry_filled_by_a_load_sets_d(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W);
    uint32_t pte_address = leaf_pte_address(f, VA_PAGE);
    enter(f, PRIV_S, 0, 1);
    uint32_t value;
    assert_int_equal(mem_load(&f->cpu, VA_PAGE & ~3u, 4, &value), MEM_OK);
    assert_false(ram_word(f, pte_address) & PTE_D);
    assert_int_equal(mem_store(&f->cpu, VA_PAGE & ~3u, 4, 7), MEM_OK);
    assert_int_equal(ram_word(f, pte_address) & (PTE_A | PTE_D), PTE_A | PTE_D);
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 1);
}

/* The result says when a walk was made (the CPU charges its cost): on a miss and on the
 * first store through an entry a load filled, never on a hit. */
static void translation_says_when_it_walked(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    assert_true(mmu_translate(&f->mmu, VA_PAGE, TLB_LOAD).walked);
    assert_false(mmu_translate(&f->mmu, VA_PAGE, TLB_LOAD).walked);
    assert_true(mmu_translate(&f->mmu, VA_PAGE, TLB_STORE).walked);
    assert_false(mmu_translate(&f->mmu, VA_PAGE, TLB_STORE).walked);
    forget_translations(f);
    enter(f, PRIV_M, 0, 1);
    assert_false(mmu_translate(&f->mmu, VA_PAGE, TLB_LOAD).walked);
}

/* A and D are set only for an access that is allowed. */
static void faulting_access_leaves_a_and_d_clear(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R);
    map_page(f, VA_PAGE + 0x1000, PA_FRAME, PTE_R | PTE_W | PTE_U);
    map_page(f, VA_PAGE + 0x2000, PA_FRAME, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    expect_fault(f, VA_PAGE, TLB_STORE, CAUSE_STORE_PAGE_FAULT);
    expect_fault(f, VA_PAGE + 0x1000, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_fault(f, VA_PAGE + 0x2000, TLB_FETCH, CAUSE_FETCH_PAGE_FAULT);
    assert_int_equal(ram_word(f, leaf_pte_address(f, VA_PAGE)), leaf_pte(PA_FRAME, PTE_R));
    assert_int_equal(ram_word(f, leaf_pte_address(f, VA_PAGE + 0x1000)),
                     leaf_pte(PA_FRAME, PTE_R | PTE_W | PTE_U));
    assert_int_equal(ram_word(f, leaf_pte_address(f, VA_PAGE + 0x2000)),
                     leaf_pte(PA_FRAME, PTE_R | PTE_W));
}

static void megapage_a_and_d_are_set_in_the_level_1_pte(void **state)
{
    struct fixture *f = *state;
    map_megapage(f, VA_MEGA, PA_MEGA, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    uint32_t value;
    assert_int_equal(mem_load(&f->cpu, VA_MEGA + 0x3ff000, 4, &value), MEM_OK);
    assert_int_equal(ram_word(f, root_pte_address(VA_MEGA)), leaf_pte(PA_MEGA, PTE_R | PTE_W | PTE_A));
    assert_int_equal(mem_store(&f->cpu, VA_MEGA + 8, 4, 1), MEM_OK);
    assert_int_equal(ram_word(f, root_pte_address(VA_MEGA)),
                     leaf_pte(PA_MEGA, PTE_R | PTE_W | PTE_A | PTE_D));
}

/* --- translation ----------------------------------------------------------------------- */

static void page_translation_keeps_the_12_bit_offset(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W | PTE_X);
    enter(f, PRIV_S, 0, 1);
    assert_int_equal(expect_translation(f, VA_PAGE, TLB_LOAD), PA_FRAME + 0xabc);
    assert_int_equal(expect_translation(f, (VA_PAGE & ~0xfffu) + 0xffc, TLB_STORE), PA_FRAME + 0xffc);
    assert_int_equal(expect_translation(f, VA_PAGE & ~0xfffu, TLB_FETCH), PA_FRAME);
    /* The next page is not mapped. */
    expect_fault(f, (VA_PAGE & ~0xfffu) + 0x1000, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
}

static void megapage_translation_keeps_the_22_bit_offset(void **state)
{
    struct fixture *f = *state;
    map_megapage(f, VA_MEGA, PA_MEGA, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    assert_int_equal(expect_translation(f, VA_MEGA + 0x123456, TLB_LOAD), PA_MEGA + 0x123456);
    assert_int_equal(expect_translation(f, VA_MEGA + 0x3ffffc, TLB_STORE), PA_MEGA + 0x3ffffc);
    set_ram_word(f, PA_MEGA + 0x2ff004, 0xfeedface);
    uint32_t value;
    assert_int_equal(mem_load(&f->cpu, VA_MEGA + 0x2ff004, 4, &value), MEM_OK);
    assert_int_equal(value, 0xfeedface);
    const struct tlb_entry *e = tlb_probe(fixture_tlb(f), TLB_LOAD, VA_MEGA + 0x2ff004, 1);
    assert_non_null(e);
    assert_true(e->megapage);
    expect_fault(f, VA_MEGA + 0x400000, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
}

static void bare_satp_leaves_supervisor_addresses_untranslated(void **state)
{
    struct fixture *f = *state;
    f->cpu.priv = PRIV_S;
    f->cpu.satp = FIXTURE_ROOT >> 12; /* MODE = Bare: the PPN is ignored */
    update_mode(f);
    assert_false(f->mmu.translate_data);
    assert_false(f->mmu.translate_fetch);
    assert_int_equal(expect_translation(f, 0x80001234u, TLB_LOAD), 0x80001234u);
    assert_int_equal(fixture_tlb(f)->stats.total.misses[TLB_LOAD], 0);
}

/* --- MPRV ------------------------------------------------------------------------------ */

static void mprv_translates_machine_loads_and_stores_with_mpp(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W | PTE_U);
    set_ram_word(f, PA_FRAME + 0xabc, 0x600dbeef);
    enter(f, PRIV_M, MSTATUS_MPRV | ((uint32_t)PRIV_U << MSTATUS_MPP_SHIFT), 1);
    assert_true(f->mmu.translate_data);
    assert_false(f->mmu.translate_fetch);
    uint32_t value = 0;
    assert_int_equal(mem_load(&f->cpu, VA_PAGE, 4, &value), MEM_OK);
    assert_int_equal(value, 0x600dbeef);
    assert_int_equal(mem_store(&f->cpu, VA_PAGE + 4, 4, 0x5a5a5a5a), MEM_OK);
    assert_int_equal(ram_word(f, PA_FRAME + 0xac0), 0x5a5a5a5a);
    /* Fetches stay untranslated in M mode whatever MPRV says. */
    assert_int_equal(expect_translation(f, VA_PAGE, TLB_FETCH), VA_PAGE);
}

static void mprv_applies_the_checks_of_the_mpp_privilege(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W);                    /* supervisor page */
    map_page(f, VA_PAGE + 0x1000, PA_FRAME + 0x1000, PTE_R | PTE_W | PTE_U); /* user page */
    enter(f, PRIV_M, MSTATUS_MPRV | ((uint32_t)PRIV_U << MSTATUS_MPP_SHIFT), 1);
    expect_fault(f, VA_PAGE, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT);
    expect_translation(f, VA_PAGE + 0x1000, TLB_LOAD);

    enter(f, PRIV_M, MSTATUS_MPRV | ((uint32_t)PRIV_S << MSTATUS_MPP_SHIFT), 1);
    expect_translation(f, VA_PAGE, TLB_STORE);
    expect_fault(f, VA_PAGE + 0x1000, TLB_LOAD, CAUSE_LOAD_PAGE_FAULT); /* SUM clear */
    enter(f, PRIV_M, MSTATUS_MPRV | MSTATUS_SUM | ((uint32_t)PRIV_S << MSTATUS_MPP_SHIFT), 1);
    expect_translation(f, VA_PAGE + 0x1000, TLB_LOAD);
}

static void mprv_with_mpp_machine_or_mprv_clear_does_not_translate(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_PAGE, PA_FRAME, PTE_R | PTE_W | PTE_U);
    enter(f, PRIV_M, MSTATUS_MPRV | MSTATUS_MPP, 1);
    assert_false(f->mmu.translate_data);
    assert_int_equal(expect_translation(f, 0x80001000u, TLB_LOAD), 0x80001000u);
    enter(f, PRIV_M, (uint32_t)PRIV_U << MSTATUS_MPP_SHIFT, 1);
    assert_false(f->mmu.translate_data);
    assert_int_equal(expect_translation(f, VA_PAGE, TLB_STORE), VA_PAGE);
    assert_int_equal(fixture_tlb(f)->stats.total.misses[TLB_STORE], 0);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(invalid_root_pte_is_a_page_fault_at_level_1),
        TEST(invalid_leaf_pte_is_a_page_fault_at_level_0),
        TEST(write_without_read_is_a_reserved_encoding_page_fault),
        TEST(megapage_with_nonzero_ppn0_is_a_misaligned_superpage_fault),
        TEST(pointer_pte_at_level_0_is_a_page_fault),
        TEST(supervisor_access_to_a_user_page_needs_sum),
        TEST(supervisor_fetch_from_a_user_page_faults_even_with_sum),
        TEST(user_access_to_a_page_without_u_faults),
        TEST(load_from_an_execute_only_page_needs_mxr),
        TEST(store_to_a_read_only_page_faults),
        TEST(fetch_from_a_page_without_x_faults),
        TEST(page_table_outside_ram_is_an_access_fault),
        TEST(mapping_to_nothing_gives_an_access_fault_on_use),
        TEST(misaligned_access_into_an_unmapped_page_faults_on_the_second_part),
        TEST(load_sets_a_but_not_d_in_the_pte_in_ram),
        TEST(store_sets_a_and_d_in_the_pte_in_ram),
        TEST(first_store_through_an_entry_filled_by_a_load_sets_d),
        TEST(translation_says_when_it_walked),
        TEST(faulting_access_leaves_a_and_d_clear),
        TEST(megapage_a_and_d_are_set_in_the_level_1_pte),
        TEST(page_translation_keeps_the_12_bit_offset),
        TEST(megapage_translation_keeps_the_22_bit_offset),
        TEST(bare_satp_leaves_supervisor_addresses_untranslated),
        TEST(mprv_translates_machine_loads_and_stores_with_mpp),
        TEST(mprv_applies_the_checks_of_the_mpp_privilege),
        TEST(mprv_with_mpp_machine_or_mprv_clear_does_not_translate),
    };
#undef TEST
    return cmocka_run_group_tests_name("mmu sv32 walk", tests, NULL, NULL);
}
