/* The simulated hardware TLB: the translations a real core would hold, organised as the
 * options say (entries, ways, replacement policy, split or unified, ASID tagging), with
 * exact counters for every lookup. Nothing else in vmsim keeps TLB state; the host-side
 * translation cache in src/mmu/ only ever mirrors entries that are in here. */
#ifndef VMSIM_TLB_TLB_H
#define VMSIM_TLB_TLB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tlb_access { TLB_FETCH, TLB_LOAD, TLB_STORE, TLB_ACCESS_KINDS };
enum tlb_policy { TLB_POLICY_LRU, TLB_POLICY_FIFO, TLB_POLICY_RANDOM };

#define TLB_ASID_COUNT 512 /* Sv32's 9-bit ASID */

struct tlb_config {
    unsigned entries;      /* per TLB (each of the two when split) */
    unsigned ways;         /* associativity; 0 or == entries means fully associative */
    enum tlb_policy policy;
    bool split;            /* separate instruction and data TLBs */
    bool asid_tagging;     /* off: entries carry no ASID and a satp write flushes them */
    uint64_t seed;         /* for the random policy */
};

#define TLB_USE_CELLS 2 /* a 4 KiB page's load and store slots in one mode */

/* One cached translation. A megapage (4 MiB) entry matches on vpn[1] alone. The flags are
 * the leaf PTE's low byte (V R W X U G A D) after the walk's A/D update. */
struct tlb_entry {
    bool valid;
    bool megapage;
    uint16_t asid;
    uint32_t vpn;       /* virtual address >> 12 (low 10 bits zero for a megapage) */
    uint32_t ppn;       /* physical page number (megapage: of its first 4 KiB page) */
    uint8_t flags;
    uint32_t pte_address;
    uint64_t last_use;  /* LRU order: the clock at its last hit, unless a use cell holds a
                           newer one */
    uint64_t filled_at; /* FIFO order */
    /* Where hits on it may be stamped outside the TLB: the MMU's host-side slots take the
     * stamps of translated code's hits, which saves that code a load per access. Its LRU
     * stamp is the newest of last_use and these (tlb_add_use_cell); the unused ones point
     * at tlb_no_use_cell, so that reading them all takes no branch. */
    uint64_t *use_cells[TLB_USE_CELLS];
    uint8_t use_cell_count;
    bool use_cells_overflowed; /* it had more: refresh_use must find them */
    uint8_t mirrored;   /* kept by the MMU, not the TLB: which of its host-side caches may
                           hold this entry (a fill starts it at zero) */
};

/* What happened to an entry, for the observer. */
enum tlb_change { TLB_CHANGE_FILLED, TLB_CHANGE_EVICTED, TLB_CHANGE_FLUSHED };

struct tlb_counts {
    uint64_t hits[TLB_ACCESS_KINDS], misses[TLB_ACCESS_KINDS];
};

struct tlb_stats {
    struct tlb_counts total;
    uint64_t walks, walk_memory_accesses, flushes, evictions;
    struct tlb_counts by_asid[TLB_ASID_COUNT];
};

struct tlb_array {
    unsigned sets, ways;
    struct tlb_entry *entries; /* sets * ways, set-major */
};

struct tlb {
    struct tlb_config config;
    struct tlb_array arrays[2]; /* [0] unified or instruction, [1] data when split */
    uint64_t clock;
    struct tlb_entry *most_recent; /* the entry with the newest last_use, or NULL */
    unsigned megapages; /* valid megapage entries: a lookup probes their sets only if any */
    uint64_t random_state;
    struct tlb_stats stats;
    /* Counters of the ASID now in satp, so that hits cost one pointer dereference. */
    struct tlb_counts *current_asid_counts;
    /* Called when an entry leaves the TLB (eviction or flush); NULL for none. */
    void (*on_remove)(void *opaque, const struct tlb_entry *entry);
    /* Brings the last_use of an entry whose use cells overflowed up to its newest stamp
     * and returns it; NULL for none. The LRU victim choice calls it for such a candidate. */
    uint64_t (*refresh_use)(void *opaque, struct tlb_entry *entry);
    void *on_remove_opaque; /* for on_remove and refresh_use */
    /* Watches fills, evictions and flushes (the observation boundary); NULL for none. */
    void (*observer)(void *opaque, const struct tlb_entry *entry, enum tlb_change change);
    /* Watches misses (each one tlb_lookup counts); NULL for none. Same opaque. */
    void (*on_miss)(void *opaque, enum tlb_access access, uint32_t vaddr, uint16_t asid);
    void *observer_opaque;
};

/* Fetch + load + store of one kind of counter. */
static inline uint64_t tlb_counts_sum(const uint64_t counts[TLB_ACCESS_KINDS])
{
    return counts[TLB_FETCH] + counts[TLB_LOAD] + counts[TLB_STORE];
}

/* Checks and applies a configuration; false with a message for impossible ones. */
bool tlb_init(struct tlb *tlb, const struct tlb_config *config, char *err, size_t err_size);
void tlb_destroy(struct tlb *tlb);

/* Gives the TLB a new organisation in place: empty, counters at zero, the current ASID's
 * counters those of ASID 0; the removal hook stays. On a false return (message in err)
 * nothing changed. */
bool tlb_reconfigure(struct tlb *tlb, const struct tlb_config *config, char *err, size_t err_size);

/* The default: 32 entries, 4-way, LRU, unified, ASID-tagged. */
struct tlb_config tlb_default_config(void);

const char *tlb_policy_name(enum tlb_policy policy);
bool tlb_policy_from_name(const char *name, enum tlb_policy *policy);

/* Makes `asid` the one whose counters hits and misses go to. */
void tlb_set_current_asid(struct tlb *tlb, uint16_t asid);

/* Looks up the translation of `vaddr` for `asid`, counting a hit or a miss. */
struct tlb_entry *tlb_lookup(struct tlb *tlb, enum tlb_access access, uint32_t vaddr, uint16_t asid);

/* Looks up without counting or changing replacement state (for debuggers and the UI). */
const struct tlb_entry *tlb_probe(const struct tlb *tlb, enum tlb_access access, uint32_t vaddr,
                                  uint16_t asid);

/* Counts `count` hits at once on `entry`, an entry in the TLB (sequential instruction
 * fetches from one page, or one hit the host-side fast path found). */
static inline void tlb_count_hits(struct tlb *tlb, struct tlb_entry *entry, enum tlb_access access,
                                  uint64_t count)
{
    if (count == 0)
        return;
    tlb->stats.total.hits[access] += count;
    tlb->current_asid_counts->hits[access] += count;
    /* A repeat hit on the most recently used entry changes no LRU order. */
    if (entry != tlb->most_recent) {
        entry->last_use = ++tlb->clock;
        tlb->most_recent = entry;
    }
}

static inline void tlb_count_hit(struct tlb *tlb, struct tlb_entry *entry, enum tlb_access access)
{
    tlb_count_hits(tlb, entry, access, 1);
}

/* Inserts a translation after a walk, replacing a victim chosen by the policy. `keep` (may
 * be NULL) is the entry of the instruction being executed: it was used more recently than
 * any other, whatever its LRU stamp says. */
struct tlb_entry *tlb_fill(struct tlb *tlb, enum tlb_access access, const struct tlb_entry *entry,
                           struct tlb_entry *keep);

extern uint64_t tlb_no_use_cell; /* always zero */

/* `cell` (a uint64_t the clock's stamps are written to, zero or older than the entry's
 * stamps when added, and not one of its cells yet) may hold hits on `entry` from now on,
 * until tlb_drop_use_cell. */
static inline void tlb_add_use_cell(struct tlb_entry *entry, uint64_t *cell)
{
    if (entry->use_cell_count < TLB_USE_CELLS)
        entry->use_cells[entry->use_cell_count++] = cell;
    else
        entry->use_cells_overflowed = true;
}

/* `cell` stops holding hits on `entry`; its stamp is kept. Written without data-dependent
 * branches: a TLB miss runs it for slots that hold no pattern a predictor could learn. */
static inline void tlb_drop_use_cell(struct tlb_entry *entry, uint64_t *cell)
{
    entry->last_use = *cell > entry->last_use ? *cell : entry->last_use;
    unsigned found = TLB_USE_CELLS;
    for (unsigned i = 0; i < TLB_USE_CELLS; i++)
        found = entry->use_cells[i] == cell ? i : found;
    if (found < TLB_USE_CELLS) {
        unsigned last = --entry->use_cell_count;
        entry->use_cells[found] = entry->use_cells[last];
        entry->use_cells[last] = &tlb_no_use_cell;
    }
}

/* sfence.vma and satp-write flushes. Global entries survive the ASID-specific ones. */
void tlb_flush_all(struct tlb *tlb);
void tlb_flush_page(struct tlb *tlb, uint32_t vaddr, bool all_asids, uint16_t asid);
void tlb_flush_asid(struct tlb *tlb, uint16_t asid);
void tlb_flush_non_global(struct tlb *tlb);

/* The TLB an access kind uses (0 or 1) and its geometry, for display. */
const struct tlb_array *tlb_array_for(const struct tlb *tlb, enum tlb_access access);

#endif
