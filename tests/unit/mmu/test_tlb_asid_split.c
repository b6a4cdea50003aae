/* Unit tests of what the simulated TLB holds apart and what it flushes: split versus
 * unified instruction and data TLBs, ASID tagging, global pages, and the flush operations
 * sfence.vma maps onto (all, page, ASID, page in one ASID, non-global). */
#include "tlb_helpers.h"

static struct tlb *create_split(bool split, unsigned entries, bool tagging)
{
    struct tlb_config config = {.entries = entries, .ways = 0, .policy = TLB_POLICY_LRU,
                                .split = split, .asid_tagging = tagging, .seed = 1};
    return tlb_create_config(&config);
}

/* With one 2-entry TLB for everything, a fetch entry is evicted by data entries;
 * split, each kind has its own 2 entries and they never compete. */
static void fetch_and_data_entries_compete_only_when_unified(void **state)
{
    (void)state;
    struct tlb *unified = create_split(false, 2, true);
    assert_int_equal(touch_as(unified, TLB_FETCH, 0x100, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(unified, TLB_LOAD, 0x200, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(unified, TLB_STORE, 0x300, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(unified, TLB_FETCH, 0x100, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(unified->stats.evictions, 2);
    tlb_free(unified);

    struct tlb *split = create_split(true, 2, true);
    assert_int_equal(touch_as(split, TLB_FETCH, 0x100, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(split, TLB_LOAD, 0x200, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(split, TLB_STORE, 0x300, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(split, TLB_FETCH, 0x100, 0, TEST_FLAGS_RW), 'H');
    assert_int_equal(split->stats.evictions, 0);
    assert_int_equal(tlb_valid_entries(split), 3);
    tlb_free(split);
}

/* Unified: one entry serves fetches and data on the same page. Split: a data access
 * cannot use the instruction TLB's entry and fills its own; loads and stores share the
 * data TLB. */
static void a_page_has_one_entry_when_unified_and_one_per_side_when_split(void **state)
{
    (void)state;
    struct tlb *unified = create_split(false, 4, true);
    assert_int_equal(touch_as(unified, TLB_FETCH, 0x100, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(unified, TLB_LOAD, 0x100, 0, TEST_FLAGS_RW), 'H');
    assert_int_equal(tlb_valid_entries(unified), 1);
    assert_ptr_equal(tlb_array_for(unified, TLB_FETCH), tlb_array_for(unified, TLB_STORE));
    tlb_free(unified);

    struct tlb *split = create_split(true, 4, true);
    assert_int_equal(touch_as(split, TLB_FETCH, 0x100, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(split, TLB_LOAD, 0x100, 0, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(split, TLB_STORE, 0x100, 0, TEST_FLAGS_RW), 'H');
    assert_int_equal(touch_as(split, TLB_FETCH, 0x100, 0, TEST_FLAGS_RW), 'H');
    assert_int_equal(tlb_valid_entries(split), 2);
    assert_ptr_not_equal(tlb_array_for(split, TLB_FETCH), tlb_array_for(split, TLB_LOAD));
    assert_ptr_equal(tlb_array_for(split, TLB_LOAD), tlb_array_for(split, TLB_STORE));
    assert_int_equal(tlb_array_for(split, TLB_FETCH)->sets * tlb_array_for(split, TLB_FETCH)->ways, 4);
    tlb_free(split);
}

static void split_flushes_empty_both_sides(void **state)
{
    (void)state;
    struct tlb *split = create_split(true, 4, true);
    touch_as(split, TLB_FETCH, 0x100, 1, TEST_FLAGS_RW);
    touch_as(split, TLB_LOAD, 0x100, 1, TEST_FLAGS_RW);
    tlb_flush_page(split, 0x100000, true, 0);
    assert_int_equal(tlb_valid_entries(split), 0);
    touch_as(split, TLB_FETCH, 0x100, 1, TEST_FLAGS_RW);
    touch_as(split, TLB_LOAD, 0x200, 1, TEST_FLAGS_RW);
    tlb_flush_asid(split, 1);
    assert_int_equal(tlb_valid_entries(split), 0);
    tlb_free(split);
}

/* Tagged: the same virtual page in two address spaces is two entries, each found only
 * by its own ASID and each giving its own frame. */
static void same_page_in_two_asids_coexists_when_tagged(void **state)
{
    (void)state;
    struct tlb *tlb = create_split(false, 8, true);
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x400, 1, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x400, 2, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x400, 1, TEST_FLAGS_RW), 'H');
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x400, 2, TEST_FLAGS_RW), 'H');
    assert_int_equal(tlb_valid_entries(tlb), 2);
    const struct tlb_entry *one = tlb_probe(tlb, TLB_LOAD, 0x400000, 1);
    const struct tlb_entry *two = tlb_probe(tlb, TLB_LOAD, 0x400000, 2);
    assert_non_null(one);
    assert_non_null(two);
    assert_int_equal(one->ppn, page_entry(0x400, 1, 0).ppn);
    assert_int_equal(two->ppn, page_entry(0x400, 2, 0).ppn);
    assert_null(tlb_probe(tlb, TLB_LOAD, 0x400000, 3));
    tlb_free(tlb);
}

/* Untagged: entries carry no ASID, so one filled in any address space matches in all. */
static void untagged_tlb_matches_regardless_of_asid(void **state)
{
    (void)state;
    struct tlb *tlb = create_split(false, 8, false);
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x400, 1, TEST_FLAGS_RW), 'M');
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x400, 2, TEST_FLAGS_RW), 'H');
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x400, 300, TEST_FLAGS_RW), 'H');
    assert_int_equal(tlb_valid_entries(tlb), 1);
    tlb_free(tlb);
}

static void global_entry_matches_every_asid(void **state)
{
    (void)state;
    struct tlb *tlb = create_split(false, 8, true);
    assert_int_equal(touch_as(tlb, TLB_FETCH, 0x500, 1, TEST_FLAGS_RW | TEST_FLAG_GLOBAL), 'M');
    assert_int_equal(touch_as(tlb, TLB_FETCH, 0x500, 2, TEST_FLAGS_RW), 'H');
    assert_int_equal(touch_as(tlb, TLB_LOAD, 0x500, 511, TEST_FLAGS_RW), 'H');
    assert_int_equal(tlb_valid_entries(tlb), 1);
    tlb_free(tlb);
}

/* The three entries the flush tests start from: page 0x400 in ASIDs 1 and 2, and a
 * global page 0x500. */
static struct tlb *three_entries(void)
{
    struct tlb *tlb = create_split(false, 8, true);
    touch_as(tlb, TLB_LOAD, 0x400, 1, TEST_FLAGS_RW);
    touch_as(tlb, TLB_LOAD, 0x400, 2, TEST_FLAGS_RW);
    touch_as(tlb, TLB_LOAD, 0x500, 1, TEST_FLAGS_RW | TEST_FLAG_GLOBAL);
    assert_int_equal(tlb_valid_entries(tlb), 3);
    return tlb;
}

static bool present(const struct tlb *tlb, uint32_t vpn, uint16_t asid)
{
    const struct tlb_entry *e = tlb_probe(tlb, TLB_LOAD, vpn << 12, asid);
    return e && (e->asid == asid || (e->flags & TEST_FLAG_GLOBAL));
}

static void global_entries_survive_an_asid_flush(void **state)
{
    (void)state;
    struct tlb *tlb = three_entries();
    tlb_flush_asid(tlb, 1);
    assert_false(present(tlb, 0x400, 1));
    assert_true(present(tlb, 0x400, 2));
    assert_true(present(tlb, 0x500, 1));
    /* Flushing an ASID that has a global page in use does not touch the global page. */
    tlb_flush_asid(tlb, 2);
    assert_int_equal(tlb_valid_entries(tlb), 1);
    assert_true(present(tlb, 0x500, 7));
    tlb_free(tlb);
}

static void page_flush_for_one_asid_spares_other_asids_and_global_pages(void **state)
{
    (void)state;
    struct tlb *tlb = three_entries();
    tlb_flush_page(tlb, 0x400123, false, 2);
    assert_true(present(tlb, 0x400, 1));
    assert_false(present(tlb, 0x400, 2));
    tlb_flush_page(tlb, 0x500000, false, 1);
    assert_true(present(tlb, 0x500, 1));
    tlb_free(tlb);
}

static void page_flush_for_all_asids_removes_every_copy_including_global(void **state)
{
    (void)state;
    struct tlb *tlb = three_entries();
    tlb_flush_page(tlb, 0x400ffc, true, 0);
    assert_false(present(tlb, 0x400, 1));
    assert_false(present(tlb, 0x400, 2));
    assert_true(present(tlb, 0x500, 1));
    tlb_flush_page(tlb, 0x500000, true, 0);
    assert_int_equal(tlb_valid_entries(tlb), 0);
    tlb_free(tlb);
}

static void flush_all_removes_global_entries_and_non_global_flush_keeps_them(void **state)
{
    (void)state;
    struct tlb *tlb = three_entries();
    tlb_flush_non_global(tlb);
    assert_int_equal(tlb_valid_entries(tlb), 1);
    assert_true(present(tlb, 0x500, 9));
    tlb_flush_all(tlb);
    assert_int_equal(tlb_valid_entries(tlb), 0);
    tlb_free(tlb);
}

/* A page flush at any address inside a megapage removes the megapage entry. */
static void page_flush_inside_a_megapage_removes_it(void **state)
{
    (void)state;
    struct tlb *tlb = create_split(false, 8, true);
    struct tlb_entry mega = {.megapage = true, .vpn = 0x40000000u >> 12, .ppn = 0x80400u,
                             .flags = TEST_FLAGS_RW, .asid = 3};
    tlb_fill(tlb, TLB_LOAD, &mega, NULL);
    tlb_flush_page(tlb, 0x40000000u + 0x2ff000u, false, 4);
    assert_int_equal(tlb_valid_entries(tlb), 1);
    tlb_flush_page(tlb, 0x40000000u + 0x2ff000u, false, 3);
    assert_int_equal(tlb_valid_entries(tlb), 0);
    tlb_free(tlb);
}

/* Every entry that leaves, by eviction or flush, is reported to on_remove: the host-side
 * cache depends on it. */
struct removals {
    unsigned count;
    uint32_t last_vpn;
};

static void count_removal(void *opaque, const struct tlb_entry *entry)
{
    struct removals *r = opaque;
    assert_true(entry->valid);
    r->count++;
    r->last_vpn = entry->vpn;
}

static void every_removal_is_reported(void **state)
{
    (void)state;
    struct tlb *tlb = create_split(false, 2, true);
    struct removals r = {0};
    tlb->on_remove = count_removal;
    tlb->on_remove_opaque = &r;
    touch_as(tlb, TLB_LOAD, 0x10, 1, TEST_FLAGS_RW);
    touch_as(tlb, TLB_LOAD, 0x11, 1, TEST_FLAGS_RW);
    touch_as(tlb, TLB_LOAD, 0x12, 1, TEST_FLAGS_RW); /* evicts 0x10 */
    assert_int_equal(r.count, 1);
    assert_int_equal(r.last_vpn, 0x10);
    tlb_flush_page(tlb, 0x11000, true, 0);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.last_vpn, 0x11);
    tlb_flush_asid(tlb, 1);
    assert_int_equal(r.count, 3);
    tlb_flush_all(tlb); /* nothing left: nothing reported */
    assert_int_equal(r.count, 3);
    tlb_free(tlb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fetch_and_data_entries_compete_only_when_unified),
        cmocka_unit_test(a_page_has_one_entry_when_unified_and_one_per_side_when_split),
        cmocka_unit_test(split_flushes_empty_both_sides),
        cmocka_unit_test(same_page_in_two_asids_coexists_when_tagged),
        cmocka_unit_test(untagged_tlb_matches_regardless_of_asid),
        cmocka_unit_test(global_entry_matches_every_asid),
        cmocka_unit_test(global_entries_survive_an_asid_flush),
        cmocka_unit_test(page_flush_for_one_asid_spares_other_asids_and_global_pages),
        cmocka_unit_test(page_flush_for_all_asids_removes_every_copy_including_global),
        cmocka_unit_test(flush_all_removes_global_entries_and_non_global_flush_keeps_them),
        cmocka_unit_test(page_flush_inside_a_megapage_removes_it),
        cmocka_unit_test(every_removal_is_reported),
    };
    return cmocka_run_group_tests_name("tlb split, asids and flushes", tests, NULL, NULL);
}
