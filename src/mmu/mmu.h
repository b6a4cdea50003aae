/* Sv32 address translation: the page-table walk with its permission checks and A/D
 * updates, the simulated TLB in front of it, and a host-side cache of RAM translations
 * that lets hits skip the TLB search while still being counted as TLB hits. The MMU knows
 * no hart: the CPU hands it the translation mode as a value (mmu_update_mode) and gets
 * faults back as values.
 *
 * Sv32 virtual address:  | VPN[1] 31:22 | VPN[0] 21:12 | offset 11:0 |
 * Sv32 PTE:              | PPN[1] 31:20 | PPN[0] 19:10 | RSW 9:8 | D A G U X W R V |
 */
#ifndef VMSIM_MMU_MMU_H
#define VMSIM_MMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/bus.h"
#include "mmu/host_view.h"
#include "riscv_spec.h"
#include "tlb/tlb.h"

/* What decides how an access translates, as the CPU derives it from privilege, mstatus
 * and satp. Fetches use the hart's privilege; loads and stores the data privilege (MPP
 * when mstatus.MPRV is set in M mode). */
struct mmu_mode {
    enum privilege fetch_privilege, data_privilege;
    bool sum, mxr;
    uint32_t satp;
};

/* A translation's outcome: the physical address, or the exception to raise (its tval is
 * the virtual address). `walked`: a page-table walk succeeded on the way (a TLB miss, or
 * the first store to a clean page): the CPU's memory path is where the cost of a walk is
 * charged, so that it is charged the same whether an interpreter or a translated block
 * made the access (blocks leave to that path on any miss). */
struct mmu_result {
    bool faulted;
    bool walked;
    uint32_t fault_cause; /* CAUSE_*_PAGE_FAULT or CAUSE_*_ACCESS */
    uint64_t paddr;
};

/* What the last failed translation found, for traces and fault reports a student can read. */
struct mmu_fault_report {
    uint32_t vaddr;
    enum tlb_access access;
    int level;            /* page-table level where the walk stopped (1 = root), -1 if none */
    uint32_t pte_address; /* physical address of the PTE read last */
    uint32_t pte;         /* its value */
    const char *reason;   /* which check failed, in words */
};

/* A host-side shortcut for one virtual page of RAM: valid while the TLB entry it mirrors is
 * in the TLB and the translation mode (privilege, SUM, MXR, satp) is unchanged. */
struct mmu_fast_entry {
    uint32_t page;          /* virtual page base; MMU_FAST_INVALID when empty */
    uint32_t view_page;     /* translated code's tag: `page` while the mirror's host view
                               maps it onto this slot's RAM page (mmu_open_view) and, for
                               a store slot, that RAM page has no flags (code, watched);
                               else MMU_FAST_INVALID */
    uintptr_t host_offset;  /* host address of the physical page minus `page`: an access's
                               host address is this + its virtual address (wrapping) */
    struct tlb_entry *entry; /* &mmu->no_entry when empty */
    uint64_t last_use;      /* the TLB clock at the last hit that translated code counted
                               through this slot (0: none since it was filled): newer than
                               entry->last_use until the MMU folds it in (refresh_use) */
};

#define MMU_FAST_ENTRIES 256
/* Matches no page base, even with the low bits of a misaligned access kept (translated
 * code compares page | (vaddr & (size - 1)) with it in one go). */
#define MMU_FAST_INVALID 0xfffu
/* A host mapping costs as much as tens of thousands of accesses through host_offset
 * (30-80 us on the virtual machine measured, mostly the host's page faults), and a new
 * process needs new ones for all its pages: a mode opens its host view (mmu_open_view)
 * only once it has made this many TLB hits, so that short processes never pay for one. */
#define MMU_VIEW_WARM_UP_DEFAULT (4u << 20)

/* Where recent code pages live, so that a jump to another page skips the slow fetch path:
 * valid under the same rules as the host cache. `entry` is NULL without translation. */
struct mmu_fetch_entry {
    uint32_t page; /* virtual page base; MMU_FAST_INVALID when empty */
    uint32_t ram_page_index;
    struct tlb_entry *entry;
};

#define MMU_FETCH_ENTRIES 64

/* The host-side caches of one translation mode (mode key and satp). The MMU keeps a few,
 * so that a trap and its return, or a switch to the kernel's page table and back, find
 * their pages still cached instead of refilling every one through the slow path: each
 * holds only entries that are in the TLB (an entry leaving the TLB leaves all of them),
 * filled while its mode was the current one. */
struct mmu_mirror {
    struct mmu_fast_entry fast[TLB_ACCESS_KINDS][MMU_FAST_ENTRIES];
    struct mmu_fetch_entry fetch_cache[MMU_FETCH_ENTRIES];
    uint32_t mode_key; /* MMU_MIRROR_UNUSED: holds nothing */
    uint32_t satp;
    uint64_t last_selected; /* the least recently selected one is reused */
    bool has_megapages;     /* some slot mirrors a megapage (an eviction must search) */
    uint8_t bit;            /* its bit in struct tlb_entry's `mirrored` */
    /* Where translated code reaches the pages of the slots whose view_page is set: made
     * when the mode first opens it (base NULL until then), kept when the mirror is reused. */
    struct host_view view;
    bool view_open;          /* fills map their pages in the view (mmu_open_mode_view) */
    uint64_t hits_before;    /* TLB hits while it was the current mirror, before ... */
    uint64_t clock_selected; /* ... the TLB clock when it last became current */
};

#define MMU_MIRRORS 4
#define MMU_MIRROR_UNUSED UINT32_MAX

struct mmu {
    struct tlb tlb;
    struct bus *bus; /* page tables are read from (and A/D written to) its RAM */
    struct mmu_mode mode; /* as of the last mmu_update_mode */
    struct mmu_mirror *mirror; /* the current mode's, one of mirrors[] */
    struct mmu_mirror mirrors[MMU_MIRRORS];
    uint64_t mirror_selections;
    bool host_views; /* modes may have host views (RAM is a file, and there was room) */
    uint64_t view_warm_up; /* TLB hits a mode makes before its view opens */
    uint32_t view_limit;   /* pages a view maps before it starts again */
    uint32_t mode_key;       /* privilege, data privilege, SUM, MXR: see mmu_update_mode */
    bool translate_fetch, translate_data;
    struct tlb_entry *fetch_entry; /* the TLB entry of the page instructions come from */
    struct tlb_entry no_entry; /* what an empty mirror slot points to: no entry of the TLB */
    bool fetch_entry_lost;   /* it left the TLB: the next fetch must look it up again */
    struct mmu_fault_report last_fault;
    uint64_t page_faults;

    /* Observers for tracing (NULL when off). */
    void (*on_satp_change)(void *opaque, uint32_t old_satp, uint32_t new_satp);
    void (*on_sfence)(void *opaque, bool has_address, uint32_t vaddr, bool has_asid, uint32_t asid);
    void *observer_opaque;
};

/* An MMU over `bus` with a TLB of `config`, translation off (M mode, satp 0) until the
 * first mmu_update_mode. */
bool mmu_init(struct mmu *mmu, struct bus *bus, const struct tlb_config *config, char *err,
              size_t err_size);
void mmu_destroy(struct mmu *mmu);

/* Replaces the TLB's organisation in place (empty, counters at zero); the MMU keeps its
 * observers. False, with a message, for an impossible configuration (nothing changes). */
bool mmu_configure_tlb(struct mmu *mmu, const struct tlb_config *config, char *err,
                       size_t err_size);

/* Takes the translation mode after privilege, mstatus or satp may have changed; switches
 * to the host cache of the new mode when it did (emptying the least recently used one when
 * none is that mode's), and flushes an untagged TLB on a satp change. */
void mmu_update_mode(struct mmu *mmu, struct mmu_mode mode);

/* Translates `vaddr` for `access` in the current mode, counting the TLB lookup, walking
 * on a miss and filling the TLB and the host cache. */
struct mmu_result mmu_translate(struct mmu *mmu, uint32_t vaddr, enum tlb_access access)
    __attribute__((warn_unused_result));

/* Translates `vaddr` as `mode` would for a load, walking the page table in RAM without
 * touching the TLB, its statistics or the A/D bits, and without permission checks: for
 * debuggers, which must observe without changing anything. */
bool mmu_debug_translate(const struct mmu *mmu, struct mmu_mode mode, uint32_t vaddr,
                         uint32_t *paddr);

/* The same walk through the page table that `satp` names (identity when its MODE is
 * bare), whatever the hart runs now: a debugger reads another process's memory with it.
 * *leaf_pte gets the leaf entry (0 when bare); false where nothing valid is mapped. */
bool mmu_debug_walk(const struct bus *bus, uint32_t satp, uint32_t vaddr, uint32_t *paddr,
                    uint32_t *leaf_pte);

/* The access-fault cause (CAUSE_*_ACCESS) of an access kind. */
uint32_t mmu_access_fault_cause(enum tlb_access access);

/* sfence.vma: rs1 != x0 gives an address, rs2 != x0 an ASID. */
void mmu_sfence(struct mmu *mmu, bool has_address, uint32_t vaddr, bool has_asid, uint32_t asid);

/* When `entry` (in the TLB) was last hit: its own stamp or a newer one in a host-side
 * slot that mirrors it. For views, which must not fold the stamps in themselves. */
uint64_t mmu_entry_last_use(const struct mmu *mmu, const struct tlb_entry *entry);

/* Lets translated code reach the page the current mode's slot for `vaddr` and `access`
 * holds through the host view (its view_page): maps it there if needed, making the view
 * first if the mode has none yet (if the host refuses, the MMU gives views up). Nothing
 * when the slot does not hold vaddr's page or there are no host views. Counts nothing in
 * the TLB. */
void mmu_open_view(struct mmu *mmu, uint32_t vaddr, enum tlb_access access);

/* Opens the current mode's host view to every page its slots hold, and to every page they
 * are filled with from then on. */
void mmu_open_mode_view(struct mmu *mmu);

/* Opens the current mode's host view once it has made mmu->view_warm_up TLB hits (the
 * clock counts them); the translator calls it when it starts running blocks. */
static inline void mmu_check_view_warm_up(struct mmu *mmu)
{
    struct mmu_mirror *m = mmu->mirror;
    if (!m->view_open && mmu->host_views &&
        m->hits_before + (mmu->tlb.clock - m->clock_selected) >= mmu->view_warm_up)
        mmu_open_mode_view(mmu);
}

/* Counts sequential instruction fetches from the current code page as TLB hits. */
static inline void mmu_count_fetch_hits(struct mmu *mmu, uint64_t count)
{
    if (mmu->fetch_entry && mmu->translate_fetch)
        tlb_count_hits(&mmu->tlb, mmu->fetch_entry, TLB_FETCH, count);
}

/* Remembers that virtual page `page` holds code in RAM page `ram_page_index`, as the last
 * fetch translation found (mmu->fetch_entry). */
void mmu_remember_code_page(struct mmu *mmu, uint32_t page, uint32_t ram_page_index);

/* The fast path of a fetch from another page: the RAM page index, counting the TLB hit
 * exactly as a lookup would; false sends the caller to mem_fetch_page. */
static inline bool mmu_fast_fetch(struct mmu *mmu, uint32_t pc, uint32_t *ram_page_index)
{
    struct mmu_fetch_entry *f = &mmu->mirror->fetch_cache[(pc >> 12) % MMU_FETCH_ENTRIES];
    if (f->page != (pc & ~0xfffu) || (pc & 3))
        return false;
    if (f->entry) {
        tlb_count_hit(&mmu->tlb, f->entry, TLB_FETCH);
        mmu->fetch_entry = f->entry;
    }
    *ram_page_index = f->ram_page_index;
    return true;
}

/* The fast paths: true when done here. */
static inline bool mmu_fast_load(struct mmu *mmu, uint32_t vaddr, unsigned size, uint32_t *value)
{
    struct mmu_fast_entry *e = &mmu->mirror->fast[TLB_LOAD][(vaddr >> 12) % MMU_FAST_ENTRIES];
    if (__builtin_expect(e->page == (vaddr & ~0xfffu) && (vaddr & (size - 1)) == 0, 1)) {
        *value = ram_load_value((const uint8_t *)(e->host_offset + vaddr), size);
        tlb_count_hit(&mmu->tlb, e->entry, TLB_LOAD);
        return true;
    }
    return false;
}

/* The index of the RAM page a filled slot maps. */
static inline uint32_t mmu_slot_ram_page(const struct mmu *mmu, const struct mmu_fast_entry *e)
{
    return (uint32_t)((e->host_offset + e->page - (uintptr_t)mmu->bus->ram.bytes) >> RAM_PAGE_SHIFT);
}

/* For a store through `e`: whether it must take the slow path for its RAM page's sake. */
static inline bool mmu_store_needs_notice(const struct mmu *mmu, const struct mmu_fast_entry *e,
                                          uint32_t vaddr)
{
    const struct ram *ram = &mmu->bus->ram;
    uint32_t ram_page = mmu_slot_ram_page(mmu, e);
    return ram->page_flags[ram_page] != 0 &&
           ram_store_needs_notice(ram, ram_page << RAM_PAGE_SHIFT | (vaddr & 0xfff));
}

static inline bool mmu_fast_store(struct mmu *mmu, uint32_t vaddr, unsigned size, uint32_t value)
{
    struct mmu_fast_entry *e = &mmu->mirror->fast[TLB_STORE][(vaddr >> 12) % MMU_FAST_ENTRIES];
    if (__builtin_expect(e->page == (vaddr & ~0xfffu) && (vaddr & (size - 1)) == 0 &&
                             !mmu_store_needs_notice(mmu, e, vaddr),
                         1)) {
        ram_store_value((uint8_t *)(e->host_offset + vaddr), size, value);
        tlb_count_hit(&mmu->tlb, e->entry, TLB_STORE);
        return true;
    }
    return false;
}

#endif
