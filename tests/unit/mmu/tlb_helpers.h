/* Helpers for the TLB unit tests: a TLB on the heap (its per-ASID counters make it too big
 * to be a comfortable local) and "touch" sequences that read as strings of hits (H) and
 * misses (M), so that a failing test prints the whole sequence it got. */
#ifndef VMSIM_TESTS_TLB_HELPERS_H
#define VMSIM_TESTS_TLB_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tlb/tlb.h"

/* Leaf flags as the walk leaves them in an entry: V R W A D, and G for global pages. */
#define TEST_FLAGS_RW 0xc7u
#define TEST_FLAG_GLOBAL 0x20u

static inline struct tlb *tlb_create(unsigned entries, unsigned ways, enum tlb_policy policy,
                                     uint64_t seed)
{
    struct tlb *tlb = calloc(1, sizeof *tlb);
    assert_non_null(tlb);
    struct tlb_config config = {.entries = entries, .ways = ways, .policy = policy,
                                .split = false, .asid_tagging = true, .seed = seed};
    char err[128];
    assert_true(tlb_init(tlb, &config, err, sizeof err));
    return tlb;
}

static inline struct tlb *tlb_create_config(const struct tlb_config *config)
{
    struct tlb *tlb = calloc(1, sizeof *tlb);
    assert_non_null(tlb);
    char err[128];
    assert_true(tlb_init(tlb, config, err, sizeof err));
    return tlb;
}

static inline void tlb_free(struct tlb *tlb)
{
    tlb_destroy(tlb);
    free(tlb);
}

/* A 4 KiB translation of virtual page `vpn` to a frame that differs per ASID, so a test can
 * tell whose entry a lookup found. */
static inline struct tlb_entry page_entry(uint32_t vpn, uint16_t asid, uint8_t flags)
{
    return (struct tlb_entry){.vpn = vpn, .ppn = 0x80000u + vpn + 0x1000u * asid, .asid = asid,
                              .flags = flags};
}

/* Looks `vpn` up as `access` for `asid` and fills it on a miss, as the MMU does.
 * Returns 'H' or 'M'. */
static inline char touch_as(struct tlb *tlb, enum tlb_access access, uint32_t vpn, uint16_t asid,
                            uint8_t flags)
{
    if (tlb_lookup(tlb, access, vpn << 12, asid))
        return 'H';
    struct tlb_entry e = page_entry(vpn, asid, flags);
    tlb_fill(tlb, access, &e, NULL);
    return 'M';
}

static inline char touch(struct tlb *tlb, uint32_t vpn)
{
    return touch_as(tlb, TLB_LOAD, vpn, 0, TEST_FLAGS_RW);
}

/* Touches the pages in `vpns` in order and writes the hit/miss string into `out`. */
static inline void touch_sequence(struct tlb *tlb, const uint32_t *vpns, size_t count, char *out)
{
    for (size_t i = 0; i < count; i++)
        out[i] = touch(tlb, vpns[i]);
    out[count] = '\0';
}

/* Number of valid entries in all arrays. */
static inline unsigned tlb_valid_entries(const struct tlb *tlb)
{
    unsigned n = 0;
    for (unsigned a = 0; a < 2; a++)
        if (tlb->arrays[a].entries)
            for (unsigned i = 0; i < tlb->arrays[a].sets * tlb->arrays[a].ways; i++)
                n += tlb->arrays[a].entries[i].valid;
    return n;
}

#endif
