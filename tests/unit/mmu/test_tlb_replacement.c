/* Unit tests of the simulated TLB's organisation and replacement, driven with
 * tlb_lookup/tlb_fill directly and judged against hit/miss sequences computed by hand:
 * fully associative LRU, FIFO and seeded random, set-associative and direct-mapped
 * indexing, megapage entries, and the eviction, flush and per-ASID counters. */
#include "tlb_helpers.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* A, B, C, D, E: five pages that all fall in set 0 of any TLB with up to 8 sets, so the
 * fully associative tests do not depend on indexing. */
enum { A = 0x10, B = 0x18, C = 0x20, D = 0x28, E = 0x30 };

/* Four rounds of the cycle A B C D E over a 4-entry fully associative TLB. */
static const uint32_t five_page_cycle[] = {A, B, C, D, E, A, B, C, D, E,
                                           A, B, C, D, E, A, B, C, D, E};

static void lru_misses_every_access_of_a_cycle_one_page_larger_than_the_tlb(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_LRU, 1);
    char got[32];
    touch_sequence(tlb, five_page_cycle, COUNT(five_page_cycle), got);
    /* Each access finds the page that was evicted one access before: the least recent. */
    assert_string_equal(got, "MMMMMMMMMMMMMMMMMMMM");
    assert_int_equal(tlb->stats.total.misses[TLB_LOAD], 20);
    assert_int_equal(tlb->stats.total.hits[TLB_LOAD], 0);
    assert_int_equal(tlb->stats.evictions, 16);
    tlb_free(tlb);
}

static void fifo_misses_every_access_of_a_cycle_one_page_larger_than_the_tlb(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_FIFO, 1);
    char got[32];
    touch_sequence(tlb, five_page_cycle, COUNT(five_page_cycle), got);
    assert_string_equal(got, "MMMMMMMMMMMMMMMMMMMM");
    tlb_free(tlb);
}

static void random_with_a_seed_hits_on_the_same_cycle_and_repeats_itself(void **state)
{
    (void)state;
    char first[32], second[32], other_seed[32];
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_RANDOM, 42);
    touch_sequence(tlb, five_page_cycle, COUNT(five_page_cycle), first);
    uint64_t hits = tlb->stats.total.hits[TLB_LOAD];
    tlb_free(tlb);
    /* The first five accesses are compulsory misses; after that a random victim is often
     * not the page needed next, so some accesses hit. */
    assert_memory_equal(first, "MMMMM", 5);
    assert_true(hits > 0);

    tlb = tlb_create(4, 0, TLB_POLICY_RANDOM, 42);
    touch_sequence(tlb, five_page_cycle, COUNT(five_page_cycle), second);
    tlb_free(tlb);
    assert_string_equal(first, second);

    /* Seed 0 means "the default seed", not a stuck generator. */
    tlb = tlb_create(4, 0, TLB_POLICY_RANDOM, 0);
    touch_sequence(tlb, five_page_cycle, COUNT(five_page_cycle), other_seed);
    assert_true(tlb->stats.total.hits[TLB_LOAD] > 0);
    tlb_free(tlb);
}

/* A B C D fill the TLB, A is touched again, E needs a victim: LRU evicts B (least recently
 * used), FIFO evicts A (filled first). The next A then hits only under LRU; C hits under
 * both (FIFO evicted B to refill A). */
static const uint32_t retouch_oldest[] = {A, B, C, D, A, E, A, C};

static void lru_keeps_a_retouched_oldest_entry(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_LRU, 1);
    char got[16];
    touch_sequence(tlb, retouch_oldest, COUNT(retouch_oldest), got);
    assert_string_equal(got, "MMMMHMHH");
    tlb_free(tlb);
}

static void fifo_evicts_the_first_filled_entry_even_when_just_touched(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_FIFO, 1);
    char got[16];
    touch_sequence(tlb, retouch_oldest, COUNT(retouch_oldest), got);
    assert_string_equal(got, "MMMMHMMH");
    tlb_free(tlb);
}

/* The interpreter counts instruction fetches in bulk (tlb_count_hits) and the fast path
 * counts hits without a lookup (tlb_count_hit): both must refresh LRU recency. */
static void bulk_and_fast_path_hits_refresh_lru_recency(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_LRU, 1);
    char got[16];
    const uint32_t fill[] = {A, B, C, D};
    touch_sequence(tlb, fill, COUNT(fill), got);
    tlb_count_hits(tlb, (struct tlb_entry *)tlb_probe(tlb, TLB_LOAD, A << 12, 0), TLB_FETCH, 10);
    tlb_count_hit(tlb, (struct tlb_entry *)tlb_probe(tlb, TLB_LOAD, B << 12, 0), TLB_LOAD);
    assert_int_equal(touch(tlb, E), 'M'); /* evicts C, the least recent now */
    assert_non_null(tlb_probe(tlb, TLB_LOAD, A << 12, 0));
    assert_non_null(tlb_probe(tlb, TLB_LOAD, B << 12, 0));
    assert_null(tlb_probe(tlb, TLB_LOAD, C << 12, 0));
    assert_int_equal(tlb->stats.total.hits[TLB_FETCH], 10);
    assert_int_equal(tlb->stats.total.hits[TLB_LOAD], 1);
    tlb_free(tlb);
}

/* tlb_fill's `keep` is the entry of the executing instruction: never the LRU victim. */
static void lru_fill_never_evicts_the_kept_entry(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_LRU, 1);
    char got[16];
    const uint32_t fill[] = {A, B, C, D};
    touch_sequence(tlb, fill, COUNT(fill), got);
    struct tlb_entry *code = (struct tlb_entry *)tlb_probe(tlb, TLB_LOAD, A << 12, 0);
    struct tlb_entry e = page_entry(E, 0, TEST_FLAGS_RW);
    tlb_fill(tlb, TLB_LOAD, &e, code);
    assert_non_null(tlb_probe(tlb, TLB_LOAD, A << 12, 0));
    assert_null(tlb_probe(tlb, TLB_LOAD, B << 12, 0));
    tlb_free(tlb);
}

/* 8 entries, 2 ways: 4 sets chosen by vpn mod 4. */
static void set_associative_pages_of_one_set_conflict_and_others_do_not(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(8, 2, TLB_POLICY_LRU, 1);
    assert_int_equal(tlb->arrays[0].sets, 4);
    assert_int_equal(tlb->arrays[0].ways, 2);
    char got[32];
    /* Pages 0, 4, 8 share set 0, which has two ways: an LRU cycle over three misses every
     * time, although six other entries are free. Page 1 (set 1) stays in throughout. */
    const uint32_t conflicting[] = {0, 4, 8, 1, 0, 4, 8, 1, 0, 4, 8, 1};
    touch_sequence(tlb, conflicting, COUNT(conflicting), got);
    assert_string_equal(got, "MMMMMMMHMMMH");
    tlb_free(tlb);

    /* Pages 0..7: two per set, so all eight fit. */
    tlb = tlb_create(8, 2, TLB_POLICY_LRU, 1);
    const uint32_t spread[] = {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7};
    touch_sequence(tlb, spread, COUNT(spread), got);
    assert_string_equal(got, "MMMMMMMMHHHHHHHH");
    assert_int_equal(tlb->stats.evictions, 0);
    tlb_free(tlb);

    /* The same 8 pages in a fully associative 8-entry TLB also fit; 0, 4, 8 do too. */
    tlb = tlb_create(8, 0, TLB_POLICY_LRU, 1);
    touch_sequence(tlb, conflicting, COUNT(conflicting), got);
    assert_string_equal(got, "MMMMHHHHHHHH");
    tlb_free(tlb);
}

/* ways = 1: each page has exactly one place, whatever the policy. */
static void direct_mapped_pages_with_the_same_index_evict_each_other(void **state)
{
    (void)state;
    const enum tlb_policy policies[] = {TLB_POLICY_LRU, TLB_POLICY_FIFO, TLB_POLICY_RANDOM};
    for (size_t p = 0; p < COUNT(policies); p++) {
        struct tlb *tlb = tlb_create(4, 1, policies[p], 7);
        assert_int_equal(tlb->arrays[0].sets, 4);
        char got[16];
        const uint32_t ping_pong[] = {0, 4, 0, 4, 0, 4};
        touch_sequence(tlb, ping_pong, COUNT(ping_pong), got);
        assert_string_equal(got, "MMMMMM");
        tlb_free(tlb);

        tlb = tlb_create(4, 1, policies[p], 7);
        const uint32_t neighbours[] = {0, 1, 0, 1, 2, 3, 2, 3};
        touch_sequence(tlb, neighbours, COUNT(neighbours), got);
        assert_string_equal(got, "MMHHMMHH");
        tlb_free(tlb);
    }
}

static void ways_zero_or_equal_to_entries_means_fully_associative(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(16, 0, TLB_POLICY_LRU, 1);
    assert_int_equal(tlb->arrays[0].sets, 1);
    assert_int_equal(tlb->arrays[0].ways, 16);
    assert_int_equal(tlb->config.ways, 16);
    tlb_free(tlb);
    tlb = tlb_create(16, 16, TLB_POLICY_LRU, 1);
    assert_int_equal(tlb->arrays[0].sets, 1);
    tlb_free(tlb);
}

static void impossible_geometries_are_refused_with_a_message(void **state)
{
    (void)state;
    struct tlb tlb;
    char err[128];
    const unsigned bad[][2] = {{0, 0}, {6, 4}, {12, 4}, {4, 8}, {65537, 1}};
    for (size_t i = 0; i < COUNT(bad); i++) {
        struct tlb_config config = tlb_default_config();
        config.entries = bad[i][0];
        config.ways = bad[i][1];
        err[0] = '\0';
        assert_false(tlb_init(&tlb, &config, err, sizeof err));
        assert_true(strlen(err) > 0);
    }
}

static void default_configuration_is_32_entries_4_way_lru_unified_tagged(void **state)
{
    (void)state;
    struct tlb_config c = tlb_default_config();
    assert_int_equal(c.entries, 32);
    assert_int_equal(c.ways, 4);
    assert_int_equal(c.policy, TLB_POLICY_LRU);
    assert_false(c.split);
    assert_true(c.asid_tagging);
}

static void policy_names_round_trip(void **state)
{
    (void)state;
    enum tlb_policy p;
    assert_true(tlb_policy_from_name("lru", &p) && p == TLB_POLICY_LRU);
    assert_true(tlb_policy_from_name("fifo", &p) && p == TLB_POLICY_FIFO);
    assert_true(tlb_policy_from_name("random", &p) && p == TLB_POLICY_RANDOM);
    assert_false(tlb_policy_from_name("plru", &p));
    assert_string_equal(tlb_policy_name(TLB_POLICY_FIFO), "fifo");
}

/* A 4 MiB entry: one entry answers for all 1024 pages under it, and only for those. */
static void megapage_entry_covers_1024_pages_in_one_entry(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(32, 4, TLB_POLICY_LRU, 1);
    struct tlb_entry mega = {.megapage = true, .vpn = 0x40000000u >> 12, .ppn = 0x80400u,
                             .flags = TEST_FLAGS_RW};
    tlb_fill(tlb, TLB_LOAD, &mega, NULL);
    for (uint32_t page = 0; page < 1024; page++)
        assert_non_null(tlb_lookup(tlb, TLB_LOAD, 0x40000000u + page * 4096u + 0x123, 0));
    assert_null(tlb_lookup(tlb, TLB_LOAD, 0x40400000u, 0));
    assert_null(tlb_lookup(tlb, TLB_LOAD, 0x3ffff000u, 0));
    assert_int_equal(tlb->stats.total.hits[TLB_LOAD], 1024);
    assert_int_equal(tlb->stats.total.misses[TLB_LOAD], 2);
    assert_int_equal(tlb_valid_entries(tlb), 1);

    /* 4 KiB pages under the megapage still have their own sets and entries. */
    struct tlb_entry small = page_entry(0x40800, 0, TEST_FLAGS_RW);
    tlb_fill(tlb, TLB_LOAD, &small, NULL);
    assert_int_equal(tlb_valid_entries(tlb), 2);
    const struct tlb_entry *found = tlb_probe(tlb, TLB_LOAD, 0x40800000u, 0);
    assert_non_null(found);
    assert_false(found->megapage);
    tlb_free(tlb);
}

static void eviction_counter_counts_replaced_valid_entries_only(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_LRU, 1);
    for (uint32_t vpn = 1; vpn <= 4; vpn++)
        touch(tlb, vpn);
    assert_int_equal(tlb->stats.evictions, 0);
    touch(tlb, 5);
    touch(tlb, 6);
    assert_int_equal(tlb->stats.evictions, 2);
    /* A flushed slot is refilled without an eviction. */
    tlb_flush_page(tlb, 5u << 12, true, 0);
    touch(tlb, 7);
    assert_int_equal(tlb->stats.evictions, 2);
    tlb_free(tlb);
}

static void flush_counter_counts_every_flush_operation(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_LRU, 1);
    touch(tlb, 1);
    tlb_flush_all(tlb);
    tlb_flush_page(tlb, 0x1000, true, 0);
    tlb_flush_asid(tlb, 3);
    tlb_flush_non_global(tlb);
    assert_int_equal(tlb->stats.flushes, 4);
    /* An empty TLB still counts the sfence: the counter is of operations, not entries. */
    tlb_flush_all(tlb);
    assert_int_equal(tlb->stats.flushes, 5);
    tlb_free(tlb);
}

/* Hits and misses go to the ASID made current with tlb_set_current_asid (satp's). */
static void per_asid_counters_follow_the_current_asid(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(8, 0, TLB_POLICY_LRU, 1);
    tlb_set_current_asid(tlb, 5);
    touch_as(tlb, TLB_LOAD, 1, 5, TEST_FLAGS_RW);
    touch_as(tlb, TLB_LOAD, 1, 5, TEST_FLAGS_RW);
    touch_as(tlb, TLB_STORE, 1, 5, TEST_FLAGS_RW);
    tlb_set_current_asid(tlb, 7);
    touch_as(tlb, TLB_FETCH, 2, 7, TEST_FLAGS_RW);
    touch_as(tlb, TLB_FETCH, 2, 7, TEST_FLAGS_RW);

    const struct tlb_counts *a5 = &tlb->stats.by_asid[5], *a7 = &tlb->stats.by_asid[7];
    assert_int_equal(a5->misses[TLB_LOAD], 1);
    assert_int_equal(a5->hits[TLB_LOAD], 1);
    assert_int_equal(a5->hits[TLB_STORE], 1);
    assert_int_equal(a5->hits[TLB_FETCH] + a5->misses[TLB_FETCH], 0);
    assert_int_equal(a7->misses[TLB_FETCH], 1);
    assert_int_equal(a7->hits[TLB_FETCH], 1);
    assert_int_equal(a7->hits[TLB_LOAD] + a7->misses[TLB_LOAD], 0);
    assert_int_equal(tlb->stats.by_asid[0].misses[TLB_LOAD], 0);
    for (enum tlb_access k = TLB_FETCH; k < TLB_ACCESS_KINDS; k++) {
        assert_int_equal(tlb->stats.total.hits[k], a5->hits[k] + a7->hits[k]);
        assert_int_equal(tlb->stats.total.misses[k], a5->misses[k] + a7->misses[k]);
    }
    /* The bulk fetch count goes to the current ASID too. */
    tlb_count_hits(tlb, (struct tlb_entry *)tlb_probe(tlb, TLB_FETCH, 2u << 12, 7), TLB_FETCH, 100);
    assert_int_equal(a7->hits[TLB_FETCH], 101);
    tlb_free(tlb);
}

static void probe_neither_counts_nor_changes_lru_order(void **state)
{
    (void)state;
    struct tlb *tlb = tlb_create(4, 0, TLB_POLICY_LRU, 1);
    for (uint32_t vpn = 1; vpn <= 4; vpn++)
        touch(tlb, vpn);
    uint64_t hits = tlb->stats.total.hits[TLB_LOAD], misses = tlb->stats.total.misses[TLB_LOAD];
    assert_non_null(tlb_probe(tlb, TLB_LOAD, 1u << 12, 0));
    assert_null(tlb_probe(tlb, TLB_LOAD, 9u << 12, 0));
    assert_int_equal(tlb->stats.total.hits[TLB_LOAD], hits);
    assert_int_equal(tlb->stats.total.misses[TLB_LOAD], misses);
    touch(tlb, 5); /* page 1 is still the least recently used */
    assert_null(tlb_probe(tlb, TLB_LOAD, 1u << 12, 0));
    tlb_free(tlb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lru_misses_every_access_of_a_cycle_one_page_larger_than_the_tlb),
        cmocka_unit_test(fifo_misses_every_access_of_a_cycle_one_page_larger_than_the_tlb),
        cmocka_unit_test(random_with_a_seed_hits_on_the_same_cycle_and_repeats_itself),
        cmocka_unit_test(lru_keeps_a_retouched_oldest_entry),
        cmocka_unit_test(fifo_evicts_the_first_filled_entry_even_when_just_touched),
        cmocka_unit_test(bulk_and_fast_path_hits_refresh_lru_recency),
        cmocka_unit_test(lru_fill_never_evicts_the_kept_entry),
        cmocka_unit_test(set_associative_pages_of_one_set_conflict_and_others_do_not),
        cmocka_unit_test(direct_mapped_pages_with_the_same_index_evict_each_other),
        cmocka_unit_test(ways_zero_or_equal_to_entries_means_fully_associative),
        cmocka_unit_test(impossible_geometries_are_refused_with_a_message),
        cmocka_unit_test(default_configuration_is_32_entries_4_way_lru_unified_tagged),
        cmocka_unit_test(policy_names_round_trip),
        cmocka_unit_test(megapage_entry_covers_1024_pages_in_one_entry),
        cmocka_unit_test(eviction_counter_counts_replaced_valid_entries_only),
        cmocka_unit_test(flush_counter_counts_every_flush_operation),
        cmocka_unit_test(per_asid_counters_follow_the_current_asid),
        cmocka_unit_test(probe_neither_counts_nor_changes_lru_order),
    };
    return cmocka_run_group_tests_name("tlb replacement and organisation", tests, NULL, NULL);
}
