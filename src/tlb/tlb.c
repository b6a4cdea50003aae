/* TLB organisation, lookup, replacement and flushes. 4 KiB entries are placed in the set
 * chosen by the low bits of the VPN; megapage entries by the low bits of VPN[1], so a
 * lookup probes at most two sets. */
#include "tlb/tlb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PTE_GLOBAL 0x20
#define MEGAPAGE_SHIFT 10 /* VPN bits below VPN[1] */

struct tlb_config tlb_default_config(void)
{
    return (struct tlb_config){.entries = 32, .ways = 4, .policy = TLB_POLICY_LRU,
                               .split = false, .asid_tagging = true, .seed = 1};
}

const char *tlb_policy_name(enum tlb_policy policy)
{
    switch (policy) {
    case TLB_POLICY_LRU: return "lru";
    case TLB_POLICY_FIFO: return "fifo";
    case TLB_POLICY_RANDOM: return "random";
    }
    return "?";
}

bool tlb_policy_from_name(const char *name, enum tlb_policy *policy)
{
    for (enum tlb_policy p = TLB_POLICY_LRU; p <= TLB_POLICY_RANDOM; p++) {
        if (strcmp(name, tlb_policy_name(p)) == 0) {
            *policy = p;
            return true;
        }
    }
    return false;
}

static bool is_power_of_two(unsigned v)
{
    return v && !(v & (v - 1));
}

static void free_arrays(struct tlb_array arrays[2])
{
    for (unsigned i = 0; i < 2; i++) {
        free(arrays[i].entries);
        arrays[i].entries = NULL;
    }
}

/* Checks `config` and allocates its empty arrays; false with a message. */
static bool make_arrays(const struct tlb_config *config, struct tlb_array arrays[2],
                        unsigned *ways_out, char *err, size_t err_size)
{
    unsigned ways = config->ways ? config->ways : config->entries;
    if (config->entries == 0 || config->entries > 65536) {
        snprintf(err, err_size, "TLB entries must be from 1 to 65536, not %u", config->entries);
        return false;
    }
    if (ways > config->entries || config->entries % ways != 0 ||
        !is_power_of_two(config->entries / ways)) {
        snprintf(err, err_size,
                 "TLB of %u entries cannot be %u-way: entries / ways must be a power of two",
                 config->entries, ways);
        return false;
    }
    unsigned count = config->split ? 2 : 1;
    for (unsigned i = 0; i < count; i++) {
        arrays[i].ways = ways;
        arrays[i].sets = config->entries / ways;
        arrays[i].entries = calloc(config->entries, sizeof(struct tlb_entry));
        if (!arrays[i].entries) {
            snprintf(err, err_size, "cannot allocate a TLB of %u entries", config->entries);
            free_arrays(arrays);
            return false;
        }
    }
    *ways_out = ways;
    return true;
}

bool tlb_init(struct tlb *tlb, const struct tlb_config *config, char *err, size_t err_size)
{
    memset(tlb, 0, sizeof *tlb);
    return tlb_reconfigure(tlb, config, err, err_size);
}

bool tlb_reconfigure(struct tlb *tlb, const struct tlb_config *config, char *err, size_t err_size)
{
    struct tlb_array arrays[2] = {{0}};
    unsigned ways;
    if (!make_arrays(config, arrays, &ways, err, err_size))
        return false;
    /* The old entries vanish without a removal report: whoever mirrors them (the MMU)
     * empties its mirror along with the reconfiguration. */
    free_arrays(tlb->arrays);
    memcpy(tlb->arrays, arrays, sizeof arrays);
    tlb->config = *config;
    tlb->config.ways = ways;
    tlb->clock = 0;
    tlb->most_recent = NULL;
    tlb->megapages = 0;
    tlb->random_state = config->seed ? config->seed : 1;
    memset(&tlb->stats, 0, sizeof tlb->stats);
    tlb->current_asid_counts = &tlb->stats.by_asid[0];
    return true;
}

void tlb_destroy(struct tlb *tlb)
{
    free_arrays(tlb->arrays);
}

const struct tlb_array *tlb_array_for(const struct tlb *tlb, enum tlb_access access)
{
    return &tlb->arrays[tlb->config.split && access != TLB_FETCH ? 1 : 0];
}

static struct tlb_array *array_for(struct tlb *tlb, enum tlb_access access)
{
    return &tlb->arrays[tlb->config.split && access != TLB_FETCH ? 1 : 0];
}

static struct tlb_entry *set_of(const struct tlb_array *array, uint32_t index_bits)
{
    return &array->entries[(index_bits & (array->sets - 1)) * array->ways];
}

void tlb_set_current_asid(struct tlb *tlb, uint16_t asid)
{
    tlb->current_asid_counts = &tlb->stats.by_asid[asid % TLB_ASID_COUNT];
}

static bool entry_matches(const struct tlb_entry *e, uint32_t vpn, uint16_t asid, bool tagging)
{
    if (!e->valid)
        return false;
    uint32_t wanted = e->megapage ? (vpn & ~((1u << MEGAPAGE_SHIFT) - 1)) : vpn;
    if (e->vpn != wanted)
        return false;
    return !tagging || (e->flags & PTE_GLOBAL) || e->asid == asid;
}

/* Inlined: a translated load or store that missed its mirror slot pays no call for it. */
static inline __attribute__((always_inline)) struct tlb_entry *
find(const struct tlb *tlb, const struct tlb_array *array, uint32_t vaddr, uint16_t asid)
{
    uint32_t vpn = vaddr >> 12;
    bool tagging = tlb->config.asid_tagging;
    struct tlb_entry *set = set_of(array, vpn);
    for (unsigned w = 0; w < array->ways; w++)
        if (set[w].vpn == vpn && !set[w].megapage && entry_matches(&set[w], vpn, asid, tagging))
            return &set[w];
    if (tlb->megapages == 0)
        return NULL;
    struct tlb_entry *mega_set = set_of(array, vpn >> MEGAPAGE_SHIFT);
    for (unsigned w = 0; w < array->ways; w++)
        if (mega_set[w].megapage && entry_matches(&mega_set[w], vpn, asid, tagging))
            return &mega_set[w];
    return NULL;
}

struct tlb_entry *tlb_lookup(struct tlb *tlb, enum tlb_access access, uint32_t vaddr, uint16_t asid)
{
    struct tlb_entry *e = find(tlb, array_for(tlb, access), vaddr, asid);
    if (e) {
        tlb_count_hit(tlb, e, access);
    } else {
        tlb->stats.total.misses[access]++;
        tlb->current_asid_counts->misses[access]++;
        if (tlb->on_miss)
            tlb->on_miss(tlb->observer_opaque, access, vaddr, asid);
    }
    return e;
}

const struct tlb_entry *tlb_probe(const struct tlb *tlb, enum tlb_access access, uint32_t vaddr,
                                  uint16_t asid)
{
    return find(tlb, tlb_array_for(tlb, access), vaddr, asid);
}

static uint64_t next_random(struct tlb *tlb)
{
    /* xorshift64: a fixed sequence for a given seed, so runs are reproducible. */
    uint64_t x = tlb->random_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    tlb->random_state = x;
    return x;
}

uint64_t tlb_no_use_cell;

static void fold_use_cells(struct tlb_entry *e)
{
    uint64_t newest = e->last_use;
    for (unsigned i = 0; i < TLB_USE_CELLS; i++)
        newest = *e->use_cells[i] > newest ? *e->use_cells[i] : newest;
    e->last_use = newest;
}

static struct tlb_entry *choose_victim(struct tlb *tlb, struct tlb_entry *set, unsigned ways)
{
    for (unsigned w = 0; w < ways; w++)
        if (!set[w].valid)
            return &set[w];
    struct tlb_entry *victim = &set[0];
    switch (tlb->config.policy) {
    case TLB_POLICY_LRU:
        /* Stamps outside the cells only make an entry newer, so the oldest is the victim
         * once refreshing it (the MMU searches) leaves it the oldest. Selects, not
         * branches: which way is oldest follows no pattern. */
        for (;;) {
            uint64_t stamp = UINT64_MAX;
            for (unsigned w = 0; w < ways; w++) {
                fold_use_cells(&set[w]);
                bool older = set[w].last_use < stamp;
                stamp = older ? set[w].last_use : stamp;
                victim = older ? &set[w] : victim;
            }
            if (!victim->use_cells_overflowed || !tlb->refresh_use ||
                tlb->refresh_use(tlb->on_remove_opaque, victim) == stamp)
                break;
        }
        break;
    case TLB_POLICY_FIFO:
        for (unsigned w = 1; w < ways; w++)
            if (set[w].filled_at < victim->filled_at)
                victim = &set[w];
        break;
    case TLB_POLICY_RANDOM:
        victim = &set[next_random(tlb) % ways];
        break;
    }
    return victim;
}

static void remove_entry(struct tlb *tlb, struct tlb_entry *e, enum tlb_change why)
{
    if (e == tlb->most_recent)
        tlb->most_recent = NULL;
    if (tlb->on_remove)
        tlb->on_remove(tlb->on_remove_opaque, e);
    if (tlb->observer)
        tlb->observer(tlb->observer_opaque, e, why);
    e->valid = false;
    if (e->megapage)
        tlb->megapages--;
}

struct tlb_entry *tlb_fill(struct tlb *tlb, enum tlb_access access, const struct tlb_entry *entry,
                           struct tlb_entry *keep)
{
    struct tlb_array *array = array_for(tlb, access);
    uint32_t index_bits = entry->megapage ? entry->vpn >> MEGAPAGE_SHIFT : entry->vpn;
    struct tlb_entry *set = set_of(array, index_bits);
    if (keep) {
        keep->last_use = ++tlb->clock;
        tlb->most_recent = keep;
    }
    struct tlb_entry *victim = choose_victim(tlb, set, array->ways);
    if (victim->valid) {
        tlb->stats.evictions++;
        remove_entry(tlb, victim, TLB_CHANGE_EVICTED);
    }
    *victim = *entry;
    victim->valid = true;
    victim->mirrored = 0;
    for (unsigned i = 0; i < TLB_USE_CELLS; i++)
        victim->use_cells[i] = &tlb_no_use_cell;
    victim->use_cell_count = 0;
    victim->use_cells_overflowed = false;
    if (victim->megapage)
        tlb->megapages++;
    if (!tlb->config.asid_tagging)
        victim->asid = 0;
    victim->filled_at = victim->last_use = ++tlb->clock;
    tlb->most_recent = victim;
    if (tlb->observer)
        tlb->observer(tlb->observer_opaque, victim, TLB_CHANGE_FILLED);
    return victim;
}

/* Removes the entries `doomed` selects, in both arrays. */
static void flush_where(struct tlb *tlb, bool (*doomed)(const struct tlb_entry *, const void *),
                        const void *context)
{
    tlb->stats.flushes++;
    for (unsigned a = 0; a < 2; a++) {
        struct tlb_array *array = &tlb->arrays[a];
        if (!array->entries)
            continue;
        for (unsigned i = 0; i < array->sets * array->ways; i++)
            if (array->entries[i].valid && doomed(&array->entries[i], context))
                remove_entry(tlb, &array->entries[i], TLB_CHANGE_FLUSHED);
    }
}

static bool always(const struct tlb_entry *e, const void *context)
{
    (void)e, (void)context;
    return true;
}

static bool not_global(const struct tlb_entry *e, const void *context)
{
    (void)context;
    return !(e->flags & PTE_GLOBAL);
}

struct page_and_asid {
    uint32_t vpn;
    bool all_asids;
    uint16_t asid;
    bool tagging;
};

static bool covers_page(const struct tlb_entry *e, const void *context)
{
    const struct page_and_asid *p = context;
    uint32_t wanted = e->megapage ? (p->vpn & ~((1u << MEGAPAGE_SHIFT) - 1)) : p->vpn;
    if (e->vpn != wanted)
        return false;
    return p->all_asids || !p->tagging || (!(e->flags & PTE_GLOBAL) && e->asid == p->asid);
}

static bool of_asid(const struct tlb_entry *e, const void *context)
{
    const struct page_and_asid *p = context;
    return !(e->flags & PTE_GLOBAL) && (!p->tagging || e->asid == p->asid);
}

void tlb_flush_all(struct tlb *tlb)
{
    flush_where(tlb, always, NULL);
}

void tlb_flush_non_global(struct tlb *tlb)
{
    flush_where(tlb, not_global, NULL);
}

void tlb_flush_page(struct tlb *tlb, uint32_t vaddr, bool all_asids, uint16_t asid)
{
    struct page_and_asid p = {.vpn = vaddr >> 12, .all_asids = all_asids, .asid = asid,
                              .tagging = tlb->config.asid_tagging};
    flush_where(tlb, covers_page, &p);
}

void tlb_flush_asid(struct tlb *tlb, uint16_t asid)
{
    struct page_and_asid p = {.asid = asid, .tagging = tlb->config.asid_tagging};
    flush_where(tlb, of_asid, &p);
}
