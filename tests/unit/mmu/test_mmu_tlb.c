/* Unit tests of the MMU and the simulated TLB together: sfence.vma in its four forms
 * (through mmu_sfence), satp writes with and without ASID tagging, megapages in one
 * entry, per-ASID counting, and the host-side fast cache, which must never outlive the
 * TLB entry it mirrors: once an entry is evicted or flushed, the next access to its page
 * is a TLB miss again, in every translation mode it keeps a cache for; the LRU stamps
 * translated code leaves in that cache's slots, which count until their entry leaves; and
 * the host view, where translated code finds a page a slot holds once asked to: on that
 * slot's RAM page, whatever the view mapped there before or how full it got. */
#include "mmu_fixture.h"

#define VA_P 0x00400000u /* non-global 4 KiB pages P, Q, R; a global page G */
#define VA_Q 0x00401000u
#define VA_R 0x00402000u
#define VA_G 0x00403000u
#define PA_P 0x80200000u
#define PA_Q 0x80201000u
#define PA_R 0x80202000u
#define PA_G 0x80203000u
#define VA_MEGA 0x40000000u
#define PA_MEGA 0x80400000u

static void map_test_pages(struct fixture *f)
{
    map_page(f, VA_P, PA_P, PTE_R | PTE_W);
    map_page(f, VA_Q, PA_Q, PTE_R | PTE_W);
    map_page(f, VA_R, PA_R, PTE_R | PTE_W);
    map_page(f, VA_G, PA_G, PTE_R | PTE_W | PTE_G);
    map_megapage(f, VA_MEGA, PA_MEGA, PTE_R | PTE_W);
}

static void load(struct fixture *f, uint32_t vaddr)
{
    uint32_t value;
    if (mem_load(&f->cpu, vaddr, 4, &value) == MEM_FAULT)
        fail_msg("load from 0x%08x faulted: cause %u", vaddr, f->cpu.fault_cause);
}

static bool cached(struct fixture *f, uint32_t vaddr, uint16_t asid)
{
    const struct tlb_entry *e = tlb_probe(fixture_tlb(f), TLB_LOAD, vaddr, asid);
    return e && (e->asid == asid || (e->flags & PTE_G));
}

/* --- sfence.vma ------------------------------------------------------------------------ */

/* P in ASIDs 1 and 2, G (global) filled under ASID 1. */
static void fill_for_sfence(struct fixture *f)
{
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P);
    load(f, VA_G);
    enter(f, PRIV_S, 0, 2);
    load(f, VA_P);
    assert_true(cached(f, VA_P, 1) && cached(f, VA_P, 2) && cached(f, VA_G, 2));
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 3);
}

static void sfence_without_operands_flushes_everything_including_global(void **state)
{
    struct fixture *f = *state;
    fill_for_sfence(f);
    mmu_sfence(&f->mmu, false, 0, false, 0);
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 0);
}

static void sfence_with_an_address_flushes_that_page_in_every_asid(void **state)
{
    struct fixture *f = *state;
    fill_for_sfence(f);
    mmu_sfence(&f->mmu, true, VA_P + 0x234, false, 0);
    assert_false(cached(f, VA_P, 1));
    assert_false(cached(f, VA_P, 2));
    assert_true(cached(f, VA_G, 1));
    mmu_sfence(&f->mmu, true, VA_G, false, 0); /* global pages too */
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 0);
}

static void sfence_with_an_asid_flushes_its_non_global_entries(void **state)
{
    struct fixture *f = *state;
    fill_for_sfence(f);
    mmu_sfence(&f->mmu, false, 0, true, 1);
    assert_false(cached(f, VA_P, 1));
    assert_true(cached(f, VA_P, 2));
    assert_true(cached(f, VA_G, 1));
}

static void sfence_with_address_and_asid_flushes_one_non_global_entry(void **state)
{
    struct fixture *f = *state;
    fill_for_sfence(f);
    mmu_sfence(&f->mmu, true, VA_P, true, 2);
    assert_true(cached(f, VA_P, 1));
    assert_false(cached(f, VA_P, 2));
    mmu_sfence(&f->mmu, true, VA_G, true, 1);
    assert_true(cached(f, VA_G, 1));
}

/* rs2 bits above the 9-bit ASID are ignored. */
static void sfence_asid_operand_uses_only_the_asid_bits(void **state)
{
    struct fixture *f = *state;
    fill_for_sfence(f);
    mmu_sfence(&f->mmu, false, 0, true, 0xfffffe00u | 1);
    assert_false(cached(f, VA_P, 1));
    assert_true(cached(f, VA_P, 2));
}

struct sfence_seen {
    unsigned calls;
    bool has_address, has_asid;
    uint32_t vaddr, asid;
};

static void record_sfence(void *opaque, bool has_address, uint32_t vaddr, bool has_asid, uint32_t asid)
{
    struct sfence_seen *s = opaque;
    *s = (struct sfence_seen){s->calls + 1, has_address, has_asid, vaddr, asid};
}

static void sfence_is_reported_to_the_observer_with_its_operands(void **state)
{
    struct fixture *f = *state;
    struct sfence_seen seen = {0};
    f->mmu.on_sfence = record_sfence;
    f->mmu.observer_opaque = &seen;
    mmu_sfence(&f->mmu, true, VA_Q, true, 7);
    assert_int_equal(seen.calls, 1);
    assert_true(seen.has_address && seen.has_asid);
    assert_int_equal(seen.vaddr, VA_Q);
    assert_int_equal(seen.asid, 7);
    mmu_sfence(&f->mmu, false, 0, false, 0);
    assert_int_equal(seen.calls, 2);
    assert_false(seen.has_address || seen.has_asid);
    assert_int_equal(fixture_tlb(f)->stats.flushes, 2);
}

/* --- satp ------------------------------------------------------------------------------ */

static void satp_write_keeps_entries_of_other_asids_when_tagged(void **state)
{
    struct fixture *f = *state;
    fill_for_sfence(f);
    enter(f, PRIV_S, 0, 3);
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 3);
    enter(f, PRIV_S, 0, 1);
    uint64_t misses = load_misses(f);
    load(f, VA_P);
    assert_int_equal(load_misses(f), misses);
}

static void satp_write_flushes_non_global_entries_when_untagged(void **state)
{
    struct fixture *f = *state;
    struct tlb_config config = tlb_default_config();
    config.asid_tagging = false;
    char err[128];
    assert_true(mmu_configure_tlb(&f->mmu, &config, err, sizeof err));
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P);
    load(f, VA_G);
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 2);
    enter(f, PRIV_S, 0, 2);
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 1);
    uint64_t misses = load_misses(f);
    load(f, VA_G);
    assert_int_equal(load_misses(f), misses);
    load(f, VA_P);
    assert_int_equal(load_misses(f), misses + 1);
    /* Changing only privilege or SUM is not a satp write: nothing is flushed. */
    enter(f, PRIV_S, MSTATUS_SUM, 2);
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 2);
}

/* --- megapages and counting -------------------------------------------------------------- */

static void megapage_occupies_one_entry_for_all_its_pages(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    for (uint32_t page = 0; page < 1024; page++)
        load(f, VA_MEGA + page * 4096u + 0x40);
    assert_int_equal(load_misses(f), 1);
    assert_int_equal(load_hits(f), 1023);
    assert_int_equal(fixture_tlb(f)->stats.walks, 1);
    assert_int_equal(tlb_valid_entries(fixture_tlb(f)), 1);
}

static void counts_go_to_the_asid_in_satp(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    enter(f, PRIV_S, 0, 3);
    load(f, VA_P);
    load(f, VA_P);
    uint32_t value;
    assert_int_equal(mem_store(&f->cpu, VA_Q, 4, 1), MEM_OK);
    enter(f, PRIV_S, 0, 4);
    load(f, VA_P);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    const struct tlb_stats *s = &fixture_tlb(f)->stats;
    assert_int_equal(s->by_asid[3].misses[TLB_LOAD], 1);
    assert_int_equal(s->by_asid[3].hits[TLB_LOAD], 1);
    assert_int_equal(s->by_asid[3].misses[TLB_STORE], 1);
    assert_int_equal(s->by_asid[4].misses[TLB_LOAD], 1);
    assert_int_equal(s->by_asid[4].hits[TLB_LOAD], 1);
    assert_int_equal(s->total.misses[TLB_LOAD], 2);
    assert_int_equal(s->total.hits[TLB_LOAD], 2);
}

static void walks_and_their_memory_accesses_are_counted(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P);      /* two PTE reads and the A update */
    load(f, VA_MEGA);   /* one PTE read and the A update */
    load(f, VA_P + 8);  /* a hit: no walk */
    const struct tlb_stats *s = &fixture_tlb(f)->stats;
    assert_int_equal(s->walks, 2);
    assert_int_equal(s->walk_memory_accesses, 5);
}

/* --- the host fast cache ------------------------------------------------------------------ */

static void fast_load_counts_a_hit_on_a_cached_page(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    set_ram_word(f, PA_P + 8, 0xabcd);
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P);
    uint32_t value = 0;
    uint64_t hits = load_hits(f);
    assert_true(mmu_fast_load(&f->mmu, VA_P + 8, 4, &value));
    assert_int_equal(value, 0xabcd);
    assert_int_equal(load_hits(f), hits + 1);
    assert_false(mmu_fast_load(&f->mmu, VA_Q, 4, &value)); /* never looked up */
}

static void fast_load_stops_after_the_entry_is_evicted(void **state)
{
    struct fixture *f = *state;
    use_tlb(f, 2, 0, TLB_POLICY_LRU);
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    uint32_t value;
    load(f, VA_P);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    load(f, VA_Q);
    load(f, VA_R); /* evicts P, the least recently used */
    assert_false(cached(f, VA_P, 1));
    uint64_t hits = load_hits(f), misses = load_misses(f);
    assert_false(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    assert_int_equal(load_hits(f), hits);
    load(f, VA_P);
    assert_int_equal(load_misses(f), misses + 1);
}

static void fast_store_stops_after_the_entry_is_evicted(void **state)
{
    struct fixture *f = *state;
    use_tlb(f, 2, 0, TLB_POLICY_FIFO);
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    assert_int_equal(mem_store(&f->cpu, VA_P, 4, 1), MEM_OK);
    assert_true(mmu_fast_store(&f->mmu, VA_P, 4, 2));
    assert_int_equal(mem_store(&f->cpu, VA_Q, 4, 1), MEM_OK);
    assert_int_equal(mem_store(&f->cpu, VA_R, 4, 1), MEM_OK); /* evicts P */
    uint64_t misses = fixture_tlb(f)->stats.total.misses[TLB_STORE];
    assert_false(mmu_fast_store(&f->mmu, VA_P, 4, 3));
    assert_int_equal(ram_word(f, PA_P), 2);
    assert_int_equal(mem_store(&f->cpu, VA_P, 4, 4), MEM_OK);
    assert_int_equal(fixture_tlb(f)->stats.total.misses[TLB_STORE], misses + 1);
}

/* Each form of sfence.vma that removes P's entry must also stop the fast path on P. */
static void fast_load_stops_after_every_kind_of_sfence(void **state)
{
    struct fixture *f = *state;
    const struct {
        bool has_address, has_asid;
        uint32_t vaddr, asid;
    } forms[] = {
        {false, false, 0, 0},
        {true, false, VA_P + 0xffc, 0},
        {false, true, 0, 1},
        {true, true, VA_P, 1},
    };
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        uint32_t value;
        load(f, VA_P);
        assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
        mmu_sfence(&f->mmu, forms[i].has_address, forms[i].vaddr, forms[i].has_asid, forms[i].asid);
        assert_false(mmu_fast_load(&f->mmu, VA_P, 4, &value));
        uint64_t misses = load_misses(f);
        load(f, VA_P);
        assert_int_equal(load_misses(f), misses + 1);
    }
}

/* An sfence for another page or ASID leaves P's entry, and its fast path, in place. */
static void fast_load_survives_an_sfence_for_something_else(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    uint32_t value;
    load(f, VA_P);
    mmu_sfence(&f->mmu, true, VA_Q, false, 0);
    mmu_sfence(&f->mmu, false, 0, true, 2);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
}

static void fast_load_stops_for_every_page_of_an_evicted_megapage(void **state)
{
    struct fixture *f = *state;
    use_tlb(f, 1, 1, TLB_POLICY_LRU);
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    uint32_t value;
    load(f, VA_MEGA);
    load(f, VA_MEGA + 0x1000);
    load(f, VA_MEGA + 0x3ff000);
    assert_true(mmu_fast_load(&f->mmu, VA_MEGA + 0x1000, 4, &value));
    load(f, VA_P); /* the only entry goes to P */
    assert_false(mmu_fast_load(&f->mmu, VA_MEGA, 4, &value));
    assert_false(mmu_fast_load(&f->mmu, VA_MEGA + 0x1000, 4, &value));
    assert_false(mmu_fast_load(&f->mmu, VA_MEGA + 0x3ff000, 4, &value));
    uint64_t misses = load_misses(f);
    load(f, VA_MEGA + 0x1000);
    assert_int_equal(load_misses(f), misses + 1);
}

/* The fast path skips the permission checks, so a change of what they depend on
 * (privilege, SUM, MXR, satp) must empty it. */
static void fast_load_stops_when_the_translation_mode_changes(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_P, PA_P, PTE_R | PTE_W | PTE_U);
    enter(f, PRIV_S, MSTATUS_SUM, 1);
    uint32_t value;
    load(f, VA_P);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    enter(f, PRIV_S, 0, 1);
    assert_false(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    assert_int_equal(mem_load(&f->cpu, VA_P, 4, &value), MEM_FAULT);
    assert_int_equal(f->cpu.fault_cause, CAUSE_LOAD_PAGE_FAULT);

    enter(f, PRIV_U, 0, 1);
    load(f, VA_P);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    enter(f, PRIV_U, 0, 2); /* another address space: P's entry is not this one's */
    assert_false(mmu_fast_load(&f->mmu, VA_P, 4, &value));
}

/* The MMU keeps the fast path of a few modes (struct mmu_mirror), so that a trap and its
 * return find their pages still cached: coming back to a mode finds what it cached. */
static void fast_load_survives_a_trip_to_other_modes(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_P, PA_P, PTE_R | PTE_W | PTE_U);
    map_page(f, VA_Q, PA_Q, PTE_R | PTE_W);
    enter(f, PRIV_U, 0, 1);
    load(f, VA_P);
    enter(f, PRIV_S, 0, 1);  /* a trap */
    load(f, VA_Q);
    enter(f, PRIV_S, 0, 2);  /* the kernel's own address space */
    enter(f, PRIV_S, 0, 1);
    enter(f, PRIV_U, 0, 1);  /* the return */
    uint32_t value;
    uint64_t hits = load_hits(f), misses = load_misses(f);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    assert_int_equal(load_hits(f), hits + 1);
    assert_int_equal(load_misses(f), misses);
    assert_false(mmu_fast_load(&f->mmu, VA_Q, 4, &value)); /* cached by another mode */
}

/* An entry that leaves the TLB while another mode runs leaves the fast path of every mode:
 * evicted (4 KiB page and megapage) or flushed. */
static void fast_load_stops_when_the_entry_leaves_while_another_mode_runs(void **state)
{
    struct fixture *f = *state;
    use_tlb(f, 1, 1, TLB_POLICY_LRU);
    map_test_pages(f);
    uint32_t value;
    const uint32_t pages[] = {VA_P, VA_MEGA + 0x1000};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        enter(f, PRIV_S, 0, 1);
        load(f, pages[i]);
        assert_true(mmu_fast_load(&f->mmu, pages[i], 4, &value));
        enter(f, PRIV_S, MSTATUS_SUM, 1);
        load(f, VA_R); /* the only entry goes to R */
        enter(f, PRIV_S, 0, 1);
        assert_false(mmu_fast_load(&f->mmu, pages[i], 4, &value));
        uint64_t misses = load_misses(f);
        load(f, pages[i]);
        assert_int_equal(load_misses(f), misses + 1);
    }
    enter(f, PRIV_S, MSTATUS_SUM, 1);
    mmu_sfence(&f->mmu, false, 0, false, 0);
    enter(f, PRIV_S, 0, 1);
    assert_false(mmu_fast_load(&f->mmu, VA_MEGA + 0x1000, 4, &value));
}

/* More modes than the MMU keeps caches for: the least recently used mode's is emptied and
 * reused; the others stay. */
static void the_least_recently_used_mode_loses_its_fast_path(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    uint32_t value;
    for (uint16_t asid = 1; asid <= MMU_MIRRORS; asid++) {
        enter(f, PRIV_S, 0, asid);
        load(f, VA_P);
    }
    enter(f, PRIV_S, 0, 2);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    enter(f, PRIV_S, 0, MMU_MIRRORS + 1); /* takes ASID 1's */
    enter(f, PRIV_S, 0, 1);
    assert_false(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    enter(f, PRIV_S, 0, 2);
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
}

/* A load fills the store's fast path too (both look up the same TLB entry), counting
 * the store as the TLB hit it would be; not where a store must fault (no W) or walk to
 * set D (a clean page). */
static void a_load_opens_the_fast_path_to_stores_that_would_hit(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_P, PA_P, PTE_R | PTE_W | PTE_A | PTE_D);
    map_page(f, VA_Q, PA_Q, PTE_R | PTE_A);      /* read-only */
    map_page(f, VA_R, PA_R, PTE_R | PTE_W | PTE_A); /* clean */
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P);
    uint64_t hits = fixture_tlb(f)->stats.total.hits[TLB_STORE];
    assert_true(mmu_fast_store(&f->mmu, VA_P + 4, 4, 7));
    assert_int_equal(ram_word(f, PA_P + 4), 7);
    assert_int_equal(fixture_tlb(f)->stats.total.hits[TLB_STORE], hits + 1);
    load(f, VA_Q);
    assert_false(mmu_fast_store(&f->mmu, VA_Q, 4, 7));
    load(f, VA_R);
    assert_false(mmu_fast_store(&f->mmu, VA_R, 4, 7));
    assert_int_equal(mem_store(&f->cpu, VA_R, 4, 7), MEM_OK); /* walks and sets D */
    assert_true(mmu_fast_store(&f->mmu, VA_R, 4, 8));
    /* ... and a store the load's fast path. */
    map_page(f, VA_G, PA_G, PTE_R | PTE_W | PTE_A | PTE_D);
    assert_int_equal(mem_store(&f->cpu, VA_G, 4, 9), MEM_OK);
    uint32_t value;
    assert_true(mmu_fast_load(&f->mmu, VA_G, 4, &value));
    assert_int_equal(value, 9);
}

/* A device that counts the accesses that reach it. */
struct counting_device {
    unsigned reads, writes;
};

static bool counting_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    (void)size;
    ((struct counting_device *)opaque)->reads++;
    *value = 0x1234 + offset;
    return true;
}

static bool counting_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    (void)offset, (void)size, (void)value;
    ((struct counting_device *)opaque)->writes++;
    return true;
}

/* The TLB caches a translation to a device like any other, but the host cache holds RAM
 * only: every access must reach the device. */
static void device_pages_never_enter_the_fast_cache(void **state)
{
    static const struct bus_device_ops ops = {counting_read, counting_write};
    struct fixture *f = *state;
    struct counting_device device = {0};
    char err[128];
    assert_true(bus_add_device(&f->bus, "counter", 0x10000000u, 0x1000, &ops, &device, err, sizeof err));
    map_page(f, VA_P, 0x10000000u, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    uint32_t value = 0;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(mem_load(&f->cpu, VA_P + 8, 4, &value), MEM_DEVICE);
        assert_false(mmu_fast_load(&f->mmu, VA_P + 8, 4, &value));
        assert_int_equal(mem_store(&f->cpu, VA_P + 8, 4, 1), MEM_DEVICE);
        assert_false(mmu_fast_store(&f->mmu, VA_P + 8, 4, 1));
    }
    assert_int_equal(value, 0x1234 + 8);
    assert_int_equal(device.reads, 3);
    assert_int_equal(device.writes, 3);
    assert_int_equal(load_misses(f), 1);
    assert_int_equal(load_hits(f), 2);
}

/* A data access that evicts the entry instructions come from must say so (MEM_DEVICE ends
 * the interpreter's batch), and the next fetch looks the page up again. */
static void evicting_the_code_page_entry_is_reported_and_refetched(void **state)
{
    struct fixture *f = *state;
    use_tlb(f, 1, 1, TLB_POLICY_LRU);
    map_page(f, VA_P, PA_P, PTE_R | PTE_X);
    map_page(f, VA_Q, PA_Q, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    assert_false(mmu_translate(&f->mmu, VA_P, TLB_FETCH).faulted);
    assert_non_null(f->mmu.fetch_entry);
    mmu_count_fetch_hits(&f->mmu, 5);
    assert_int_equal(fixture_tlb(f)->stats.total.hits[TLB_FETCH], 5);
    uint32_t value;
    assert_int_equal(mem_load(&f->cpu, VA_Q, 4, &value), MEM_DEVICE);
    assert_true(f->mmu.fetch_entry_lost);
    assert_null(f->mmu.fetch_entry);
    mmu_count_fetch_hits(&f->mmu, 3); /* no entry: nothing to count on */
    assert_int_equal(fixture_tlb(f)->stats.total.hits[TLB_FETCH], 5);
    assert_false(mmu_translate(&f->mmu, VA_P, TLB_FETCH).faulted);
    assert_int_equal(fixture_tlb(f)->stats.total.misses[TLB_FETCH], 2);
    assert_false(f->mmu.fetch_entry_lost);
}

/* Reconfiguring the TLB happens in place: the entries, the counters and the host cache go,
 * the observers stay, and the MMU translates with the new organisation. */
static void reconfiguring_the_tlb_keeps_observers_and_empties_everything(void **state)
{
    struct fixture *f = *state;
    map_page(f, VA_P, PA_P, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P);
    uint32_t value;
    assert_true(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    struct sfence_seen seen = {0};
    f->mmu.on_sfence = record_sfence;
    f->mmu.observer_opaque = &seen;
    use_tlb(f, 8, 2, TLB_POLICY_FIFO);
    assert_int_equal(fixture_tlb(f)->arrays[0].sets, 4);
    assert_int_equal(fixture_tlb(f)->stats.total.misses[TLB_LOAD], 0);
    assert_false(mmu_fast_load(&f->mmu, VA_P, 4, &value));
    load(f, VA_P);
    assert_int_equal(fixture_tlb(f)->stats.total.misses[TLB_LOAD], 1);
    assert_int_equal(fixture_tlb(f)->stats.by_asid[1].misses[TLB_LOAD], 1);
    mmu_sfence(&f->mmu, false, 0, false, 0);
    assert_int_equal(seen.calls, 1);
    /* An impossible organisation changes nothing. */
    struct tlb_config bad = tlb_default_config();
    bad.entries = 6;
    bad.ways = 4;
    char err[128];
    assert_false(mmu_configure_tlb(&f->mmu, &bad, err, sizeof err));
    assert_int_equal(fixture_tlb(f)->arrays[0].ways, 2);
}

/* --- LRU stamps that translated code leaves in the fast cache's slots ------------------ */

#define VA_P_TWIN (VA_P + 0x100000u) /* 256 pages on: the same fast-cache slots as P */
#define PA_P_TWIN 0x80204000u

/* A hit as a translated block counts it: the clock's next stamp in the page's load slot,
 * and the TLB's most recent entry unknown when the block leaves. */
static void hit_from_translated_code(struct fixture *f, uint32_t vaddr)
{
    struct mmu_fast_entry *slot = &f->mmu.mirror->fast[TLB_LOAD][(vaddr >> 12) % MMU_FAST_ENTRIES];
    assert_int_equal(slot->page, vaddr & ~0xfffu);
    slot->last_use = ++f->mmu.tlb.clock;
    f->mmu.tlb.most_recent = NULL;
}

/* Three pages loaded in the order given into a 3-entry LRU TLB, then P hit by translated
 * code. */
static void fill_three_and_hit_p_from_translated_code(struct fixture *f, uint32_t first,
                                                      uint32_t second, uint32_t third)
{
    use_tlb(f, 3, 0, TLB_POLICY_LRU);
    map_test_pages(f);
    map_page(f, VA_P_TWIN, PA_P_TWIN, PTE_R | PTE_W);
    enter(f, PRIV_S, 0, 1);
    load(f, first);
    load(f, second);
    load(f, third);
    hit_from_translated_code(f, VA_P);
    assert_int_equal(mmu_entry_last_use(&f->mmu, tlb_probe(fixture_tlb(f), TLB_LOAD, VA_P, 1)),
                     fixture_tlb(f)->clock);
}

static void a_hit_stamped_in_a_slot_counts_for_the_lru_victim(void **state)
{
    struct fixture *f = *state;
    fill_three_and_hit_p_from_translated_code(f, VA_P, VA_Q, VA_R);
    load(f, VA_G);
    assert_true(cached(f, VA_P, 1));
    assert_false(cached(f, VA_Q, 1));
    assert_true(cached(f, VA_R, 1));
}

/* The twin page takes P's slots (evicting Q, the oldest, without a look at P's slots);
 * P's stamp must outlive its slot: R is then the least recently used. */
static void a_slot_stamp_outlives_its_slot_being_refilled(void **state)
{
    struct fixture *f = *state;
    fill_three_and_hit_p_from_translated_code(f, VA_Q, VA_P, VA_R);
    load(f, VA_P_TWIN);
    assert_false(cached(f, VA_Q, 1));
    load(f, VA_G);
    assert_true(cached(f, VA_P, 1));
    assert_false(cached(f, VA_R, 1));
    assert_true(cached(f, VA_P_TWIN, 1));
}

/* P's mode loses its fast cache to other modes; P's stamp must stay with P. */
static void a_slot_stamp_outlives_its_mode_losing_the_fast_cache(void **state)
{
    struct fixture *f = *state;
    fill_three_and_hit_p_from_translated_code(f, VA_P, VA_Q, VA_R);
    for (uint16_t asid = 2; asid <= MMU_MIRRORS + 1; asid++)
        enter(f, PRIV_S, 0, asid);
    enter(f, PRIV_S, 0, 1);
    load(f, VA_G);
    assert_true(cached(f, VA_P, 1));
    assert_false(cached(f, VA_Q, 1));
}


/* --- the host views ------------------------------------------------------------------- */

/* The host bytes where translated code reaches `vaddr` in the current mode. */
static uint8_t *in_view(struct fixture *f, uint32_t vaddr)
{
    assert_true(f->mmu.host_views);
    return f->mmu.mirror->view.base + vaddr;
}

static struct mmu_fast_entry *slot_of(struct fixture *f, enum tlb_access access, uint32_t vaddr)
{
    return &f->mmu.mirror->fast[access][(vaddr >> 12) % MMU_FAST_ENTRIES];
}

static bool slot_holds(struct fixture *f, enum tlb_access access, uint32_t vaddr)
{
    return slot_of(f, access, vaddr)->page == (vaddr & ~0xfffu);
}

/* Translated code may reach the slot's page through the view. */
static bool slot_in_view(struct fixture *f, enum tlb_access access, uint32_t vaddr)
{
    return slot_of(f, access, vaddr)->view_page == (vaddr & ~0xfffu);
}

static uint32_t view_word(struct fixture *f, uint32_t vaddr)
{
    uint32_t v;
    memcpy(&v, in_view(f, vaddr), 4);
    return v;
}

static void load_and_open(struct fixture *f, uint32_t vaddr)
{
    load(f, vaddr);
    mmu_open_view(&f->mmu, vaddr, TLB_LOAD);
}

/* A store fills both slots of the page (D is set), then both reach it through the view. */
static void store_and_open(struct fixture *f, uint32_t vaddr)
{
    assert_int_equal(mem_store(&f->cpu, vaddr, 4, 0), MEM_OK);
    mmu_open_view(&f->mmu, vaddr, TLB_STORE);
    assert_true(slot_in_view(f, TLB_LOAD, vaddr) && slot_in_view(f, TLB_STORE, vaddr));
}

static void an_opened_page_is_its_ram_page_in_the_host_view(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    set_ram_word(f, PA_P + 0x10, 0x11223344u);
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P);
    assert_true(slot_holds(f, TLB_LOAD, VA_P));
    assert_false(slot_in_view(f, TLB_LOAD, VA_P)); /* not before it is asked for */
    mmu_open_view(&f->mmu, VA_P, TLB_LOAD);
    assert_true(slot_in_view(f, TLB_LOAD, VA_P));
    assert_int_equal(view_word(f, VA_P + 0x10), 0x11223344u);
    uint32_t stored = 0xa5a5a5a5u; /* a translated store, seen by everyone else */
    memcpy(in_view(f, VA_P + 0x20), &stored, 4);
    assert_int_equal(ram_word(f, PA_P + 0x20), stored);
}

/* The page table moves P to Q's RAM page: after the sfence the refilled slot is not in
 * the view until it is opened again, and then it shows Q's RAM page. */
static void a_page_mapped_elsewhere_moves_in_the_host_view(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    set_ram_word(f, PA_P, 1);
    set_ram_word(f, PA_Q, 2);
    enter(f, PRIV_S, 0, 1);
    load_and_open(f, VA_P);
    assert_int_equal(view_word(f, VA_P), 1);
    map_page(f, VA_P, PA_Q, PTE_R | PTE_W);
    mmu_sfence(&f->mmu, true, VA_P, false, 0);
    load(f, VA_P);
    assert_true(slot_holds(f, TLB_LOAD, VA_P));
    assert_false(slot_in_view(f, TLB_LOAD, VA_P));
    mmu_open_view(&f->mmu, VA_P, TLB_LOAD);
    assert_true(slot_in_view(f, TLB_LOAD, VA_P));
    assert_int_equal(view_word(f, VA_P), 2);
}

/* Two TLB entries can cover one page: a megapage and, after the page table changed without
 * an sfence, a global 4 KiB page filled under another ASID. When the load slot moves the
 * view to the second one's RAM page, the store slot still holding the first may keep its
 * page for the interpreter, but no longer reach it through the view. */
static void a_move_in_the_host_view_closes_it_to_the_old_page(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    store_and_open(f, VA_MEGA);
    set_ram_word(f, root_pte_address(VA_MEGA), 0);
    map_page(f, VA_MEGA, PA_R, PTE_R | PTE_G);
    set_ram_word(f, PA_R, 0x5eed);
    enter(f, PRIV_S, 0, 2);
    load(f, VA_MEGA); /* the global 4 KiB entry */
    enter(f, PRIV_S, 0, 1);
    /* The load slot went elsewhere meanwhile (another page of the same slot, say). */
    *slot_of(f, TLB_LOAD, VA_MEGA) = (struct mmu_fast_entry){
        .page = MMU_FAST_INVALID, .view_page = MMU_FAST_INVALID, .entry = &f->mmu.no_entry};
    load_and_open(f, VA_MEGA);
    assert_true(slot_in_view(f, TLB_LOAD, VA_MEGA));
    assert_int_equal(view_word(f, VA_MEGA), 0x5eed);
    assert_true(slot_holds(f, TLB_STORE, VA_MEGA));
    assert_false(slot_in_view(f, TLB_STORE, VA_MEGA));
}

/* A view that reaches its limit starts again: every slot that relied on it is closed to
 * it (and still serves the interpreter), the page asked for is mapped. */
static void a_full_host_view_starts_again(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    f->mmu.view_limit = 2;
    load_and_open(f, VA_P);
    load_and_open(f, VA_Q);
    assert_true(slot_in_view(f, TLB_LOAD, VA_P) && slot_in_view(f, TLB_LOAD, VA_Q));
    set_ram_word(f, PA_R + 4, 7);
    load_and_open(f, VA_R);
    assert_false(slot_in_view(f, TLB_LOAD, VA_P) || slot_in_view(f, TLB_LOAD, VA_Q));
    assert_true(slot_holds(f, TLB_LOAD, VA_P) && slot_holds(f, TLB_LOAD, VA_Q));
    assert_true(slot_in_view(f, TLB_LOAD, VA_R));
    assert_int_equal(view_word(f, VA_R + 4), 7);
}

/* Translated stores through a view skip the RAM page's flag test: a store slot is in the
 * view only while its RAM page has no flags (code made from it, a watched page), and
 * leaves it when the page gets some; loads stay. */
static void a_store_slot_leaves_the_view_when_its_page_gets_code(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    enter(f, PRIV_S, 0, 1);
    store_and_open(f, VA_P);
    ram_note_code(&f->bus.ram, (PA_P - FIXTURE_RAM_BASE) >> RAM_PAGE_SHIFT, 1);
    assert_false(slot_in_view(f, TLB_STORE, VA_P));
    assert_true(slot_in_view(f, TLB_LOAD, VA_P));
    mmu_open_view(&f->mmu, VA_P, TLB_STORE); /* asked again: still not */
    assert_false(slot_in_view(f, TLB_STORE, VA_P));
    assert_true(slot_holds(f, TLB_STORE, VA_P)); /* the interpreter's path tests the flags */
    /* A watched page too, and a store slot filled for an already flagged page. */
    store_and_open(f, VA_Q);
    bus_watch_ram_page(&f->bus, PA_Q);
    assert_false(slot_in_view(f, TLB_STORE, VA_Q));
    mmu_sfence(&f->mmu, true, VA_Q, false, 0);
    assert_int_equal(mem_store(&f->cpu, VA_Q, 4, 0), MEM_OK);
    assert_true(slot_holds(f, TLB_STORE, VA_Q));
    assert_false(slot_in_view(f, TLB_STORE, VA_Q));
}

/* A mode's view opens once the mode has made view_warm_up TLB hits, counted only while it
 * is the current mode; another mode counts its own. An open view maps every page its
 * slots hold, then each one they are filled with. */
static void a_mode_opens_its_view_after_its_warm_up(void **state)
{
    struct fixture *f = *state;
    map_test_pages(f);
    f->mmu.view_warm_up = 4;
    enter(f, PRIV_S, 0, 1);
    load(f, VA_P); /* a miss and its fill */
    load(f, VA_Q);
    mmu_check_view_warm_up(&f->mmu);
    assert_false(f->mmu.mirror->view_open);
    enter(f, PRIV_S, 0, 2);
    load(f, VA_P);
    load(f, VA_Q);
    load(f, VA_R);
    enter(f, PRIV_S, 0, 1);
    mmu_check_view_warm_up(&f->mmu);
    assert_false(f->mmu.mirror->view_open);
    load(f, VA_P);
    load(f, VA_Q);
    assert_false(slot_in_view(f, TLB_LOAD, VA_P));
    mmu_check_view_warm_up(&f->mmu);
    assert_true(f->mmu.mirror->view_open);
    /* Open: the pages its slots hold, and each page filled from then on, are in the view. */
    assert_true(slot_in_view(f, TLB_LOAD, VA_P) && slot_in_view(f, TLB_LOAD, VA_Q));
    load(f, VA_R);
    assert_true(slot_in_view(f, TLB_LOAD, VA_R));
    enter(f, PRIV_S, 0, 2);
    mmu_check_view_warm_up(&f->mmu);
    assert_false(f->mmu.mirror->view_open);
    assert_false(slot_in_view(f, TLB_LOAD, VA_R));
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(sfence_without_operands_flushes_everything_including_global),
        TEST(sfence_with_an_address_flushes_that_page_in_every_asid),
        TEST(sfence_with_an_asid_flushes_its_non_global_entries),
        TEST(sfence_with_address_and_asid_flushes_one_non_global_entry),
        TEST(sfence_asid_operand_uses_only_the_asid_bits),
        TEST(sfence_is_reported_to_the_observer_with_its_operands),
        TEST(satp_write_keeps_entries_of_other_asids_when_tagged),
        TEST(satp_write_flushes_non_global_entries_when_untagged),
        TEST(megapage_occupies_one_entry_for_all_its_pages),
        TEST(counts_go_to_the_asid_in_satp),
        TEST(walks_and_their_memory_accesses_are_counted),
        TEST(fast_load_counts_a_hit_on_a_cached_page),
        TEST(fast_load_stops_after_the_entry_is_evicted),
        TEST(fast_store_stops_after_the_entry_is_evicted),
        TEST(fast_load_stops_after_every_kind_of_sfence),
        TEST(fast_load_survives_an_sfence_for_something_else),
        TEST(fast_load_stops_for_every_page_of_an_evicted_megapage),
        TEST(fast_load_stops_when_the_translation_mode_changes),
        TEST(fast_load_survives_a_trip_to_other_modes),
        TEST(fast_load_stops_when_the_entry_leaves_while_another_mode_runs),
        TEST(the_least_recently_used_mode_loses_its_fast_path),
        TEST(a_load_opens_the_fast_path_to_stores_that_would_hit),
        TEST(device_pages_never_enter_the_fast_cache),
        TEST(evicting_the_code_page_entry_is_reported_and_refetched),
        TEST(reconfiguring_the_tlb_keeps_observers_and_empties_everything),
        TEST(a_hit_stamped_in_a_slot_counts_for_the_lru_victim),
        TEST(a_slot_stamp_outlives_its_slot_being_refilled),
        TEST(a_slot_stamp_outlives_its_mode_losing_the_fast_cache),
        TEST(an_opened_page_is_its_ram_page_in_the_host_view),
        TEST(a_page_mapped_elsewhere_moves_in_the_host_view),
        TEST(a_move_in_the_host_view_closes_it_to_the_old_page),
        TEST(a_full_host_view_starts_again),
        TEST(a_store_slot_leaves_the_view_when_its_page_gets_code),
        TEST(a_mode_opens_its_view_after_its_warm_up),
    };
#undef TEST
    return cmocka_run_group_tests_name("mmu and tlb", tests, NULL, NULL);
}
