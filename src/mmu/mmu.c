/* The Sv32 walk, permission checks, A/D updates, TLB fills and the host-side cache. */
#include "mmu/mmu.h"

#include <stdio.h>
#include <string.h>

#include "mmu/bus.h"

#define PTE_PPN_SHIFT 10
#define MEGAPAGE_VPN_MASK 0x3ffu

/* A slot about to mirror something else: its entry, which stays in the TLB, keeps the
 * slot's use stamp. (An emptied slot holds no entry, but mmu->no_entry, so that this takes
 * no branch: the entry's place in the TLB may be refilled.) */
static void release_slot(struct mmu_fast_entry *f)
{
    tlb_drop_use_cell(f->entry, &f->last_use);
}

static void empty_slot(struct mmu *mmu, struct mmu_fast_entry *f)
{
    f->page = f->view_page = MMU_FAST_INVALID;
    f->entry = &mmu->no_entry;
}

static uint64_t newer(uint64_t stamp, const struct mmu_fast_entry *f, const struct tlb_entry *entry)
{
    return f->entry == entry && f->last_use > stamp ? f->last_use : stamp;
}

uint64_t mmu_entry_last_use(const struct mmu *mmu, const struct tlb_entry *entry)
{
    uint64_t newest = entry->last_use;
    /* Only the mirrors it was put in can hold it; a 4 KiB entry only in its page's slots. */
    for (unsigned bits = entry->mirrored; bits; bits &= bits - 1) {
        const struct mmu_mirror *mirror = &mmu->mirrors[__builtin_ctz(bits)];
        if (!entry->megapage) {
            unsigned i = entry->vpn % MMU_FAST_ENTRIES;
            newest = newer(newest, &mirror->fast[TLB_LOAD][i], entry);
            newest = newer(newest, &mirror->fast[TLB_STORE][i], entry);
        } else if (mirror->has_megapages) {
            for (unsigned i = 0; i < MMU_FAST_ENTRIES; i++) {
                newest = newer(newest, &mirror->fast[TLB_LOAD][i], entry);
                newest = newer(newest, &mirror->fast[TLB_STORE][i], entry);
            }
        }
    }
    return newest;
}

static void clear_mirror(struct mmu *mmu, struct mmu_mirror *m)
{
    for (unsigned k = 0; k < TLB_ACCESS_KINDS; k++)
        for (unsigned i = 0; i < MMU_FAST_ENTRIES; i++)
            empty_slot(mmu, &m->fast[k][i]);
    for (unsigned i = 0; i < MMU_FETCH_ENTRIES; i++)
        m->fetch_cache[i].page = MMU_FAST_INVALID;
    m->view_open = false;
    m->hits_before = 0;
    m->clock_selected = mmu->tlb.clock;
    m->has_megapages = false;
}

static void clear_all_mirrors(struct mmu *mmu)
{
    mmu->no_entry = (struct tlb_entry){.valid = false};
    for (unsigned i = 0; i < TLB_USE_CELLS; i++)
        mmu->no_entry.use_cells[i] = &tlb_no_use_cell;
    _Static_assert(MMU_MIRRORS <= 8, "a bit per mirror in tlb_entry.mirrored");
    for (unsigned i = 0; i < MMU_MIRRORS; i++) {
        clear_mirror(mmu, &mmu->mirrors[i]);
        mmu->mirrors[i].mode_key = MMU_MIRROR_UNUSED;
        mmu->mirrors[i].last_selected = 0;
        mmu->mirrors[i].bit = (uint8_t)(1u << i);
    }
    mmu->mirror = &mmu->mirrors[0];
    mmu->mirror_selections = 0;
}

/* The TLB's refresh_use, for an entry with more slots than use cells (a megapage). */
static uint64_t refresh_use(void *opaque, struct tlb_entry *entry)
{
    return entry->last_use = mmu_entry_last_use(opaque, entry);
}

/* Makes the mirror of (key, satp) the current one: the one that has it, else the least
 * recently selected, emptied. */
static void select_mirror(struct mmu *mmu, uint32_t key, uint32_t satp)
{
    struct mmu_mirror *chosen = NULL;
    for (unsigned i = 0; i < MMU_MIRRORS && !chosen; i++)
        if (mmu->mirrors[i].mode_key == key && mmu->mirrors[i].satp == satp)
            chosen = &mmu->mirrors[i];
    if (!chosen) {
        chosen = &mmu->mirrors[0];
        for (unsigned i = 1; i < MMU_MIRRORS; i++)
            if (mmu->mirrors[i].last_selected < chosen->last_selected)
                chosen = &mmu->mirrors[i];
        /* Its slots' stamps go to their entries, which stay in the TLB. */
        for (unsigned k = TLB_LOAD; k <= TLB_STORE; k++)
            for (unsigned i = 0; i < MMU_FAST_ENTRIES; i++)
                release_slot(&chosen->fast[k][i]);
        clear_mirror(mmu, chosen);
        chosen->mode_key = key;
        chosen->satp = satp;
    }
    chosen->last_selected = ++mmu->mirror_selections;
    struct mmu_mirror *old = mmu->mirror;
    old->hits_before += mmu->tlb.clock - old->clock_selected;
    chosen->clock_selected = mmu->tlb.clock;
    mmu->mirror = chosen;
}

/* Keeps the host caches a subset of the TLB: an entry that leaves the TLB leaves them too
 * (only the caches it was put in can hold it). */
static void entry_removed(void *opaque, const struct tlb_entry *entry)
{
    struct mmu *mmu = opaque;
    for (unsigned bits = entry->mirrored; bits; bits &= bits - 1) {
        struct mmu_mirror *mirror = &mmu->mirrors[__builtin_ctz(bits)];
        if (entry->megapage) {
            if (!mirror->has_megapages)
                continue;
            for (unsigned k = TLB_LOAD; k <= TLB_STORE; k++)
                for (unsigned i = 0; i < MMU_FAST_ENTRIES; i++)
                    if (mirror->fast[k][i].entry == entry)
                        empty_slot(mmu, &mirror->fast[k][i]);
            for (unsigned i = 0; i < MMU_FETCH_ENTRIES; i++)
                if (mirror->fetch_cache[i].entry == entry)
                    mirror->fetch_cache[i].page = MMU_FAST_INVALID;
        } else {
            /* A 4 KiB entry can only sit in its own page's slots. */
            for (unsigned k = TLB_LOAD; k <= TLB_STORE; k++) {
                struct mmu_fast_entry *f = &mirror->fast[k][entry->vpn % MMU_FAST_ENTRIES];
                if (f->entry == entry)
                    empty_slot(mmu, f);
            }
            struct mmu_fetch_entry *f = &mirror->fetch_cache[entry->vpn % MMU_FETCH_ENTRIES];
            if (f->entry == entry)
                f->page = MMU_FAST_INVALID;
        }
    }
    if (entry == mmu->fetch_entry) {
        mmu->fetch_entry = NULL;
        mmu->fetch_entry_lost = true;
    }
}

/* What a slot of `access` for `page` on RAM page `ram_page` gets as view_page: translated
 * stores through a view do not test the RAM page's flags (ram_page_flagged keeps it so). */
static uint32_t view_tag(const struct mmu *mmu, enum tlb_access access, uint32_t page,
                         uint32_t ram_page)
{
    if (!host_view_maps(&mmu->mirror->view, page, ram_page) ||
        (access == TLB_STORE && mmu->bus->ram.page_flags[ram_page]))
        return MMU_FAST_INVALID;
    return page;
}

/* The RAM's flags_raised hook: no store slot may reach that RAM page through a view. */
static void ram_page_flagged(void *opaque, uint32_t ram_page)
{
    struct mmu *mmu = opaque;
    for (unsigned m = 0; m < MMU_MIRRORS; m++) {
        for (unsigned i = 0; i < MMU_FAST_ENTRIES; i++) {
            struct mmu_fast_entry *f = &mmu->mirrors[m].fast[TLB_STORE][i];
            if (f->view_page == f->page && f->page != MMU_FAST_INVALID &&
                mmu_slot_ram_page(mmu, f) == ram_page)
                f->view_page = MMU_FAST_INVALID;
        }
    }
}

/* Translation off, nothing cached, nothing counted: the state of a new MMU. */
static void reset_state(struct mmu *mmu)
{
    mmu->mode = (struct mmu_mode){.fetch_privilege = PRIV_M, .data_privilege = PRIV_M};
    mmu->mode_key = UINT32_MAX;
    mmu->translate_fetch = mmu->translate_data = false;
    mmu->fetch_entry = NULL;
    mmu->fetch_entry_lost = false;
    mmu->last_fault = (struct mmu_fault_report){.level = -1};
    mmu->page_faults = 0;
    clear_all_mirrors(mmu);
}

bool mmu_init(struct mmu *mmu, struct bus *bus, const struct tlb_config *config, char *err,
              size_t err_size)
{
    memset(mmu, 0, sizeof *mmu);
    if (!tlb_init(&mmu->tlb, config, err, err_size))
        return false;
    mmu->bus = bus;
    mmu->tlb.on_remove = entry_removed;
    mmu->tlb.refresh_use = refresh_use;
    mmu->tlb.on_remove_opaque = mmu;
    bus->ram.flags_raised = ram_page_flagged;
    bus->ram.flags_raised_opaque = mmu;
    mmu->view_warm_up = MMU_VIEW_WARM_UP_DEFAULT;
    mmu->view_limit = HOST_VIEW_DEFAULT_LIMIT;
    mmu->host_views = bus->ram.in_file;
    reset_state(mmu);
    return true;
}

bool mmu_configure_tlb(struct mmu *mmu, const struct tlb_config *config, char *err,
                       size_t err_size)
{
    if (!tlb_reconfigure(&mmu->tlb, config, err, err_size))
        return false;
    reset_state(mmu);
    return true;
}

void mmu_destroy(struct mmu *mmu)
{
    if (mmu->bus && mmu->bus->ram.flags_raised_opaque == mmu)
        mmu->bus->ram.flags_raised = NULL;
    for (unsigned i = 0; i < MMU_MIRRORS; i++)
        host_view_destroy(&mmu->mirrors[i].view);
    mmu->host_views = false;
    tlb_destroy(&mmu->tlb);
}

static uint16_t asid_of(uint32_t satp)
{
    return (uint16_t)((satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK);
}

static uint16_t current_asid(const struct mmu *mmu)
{
    return asid_of(mmu->mode.satp);
}

void mmu_update_mode(struct mmu *mmu, struct mmu_mode mode)
{
    uint32_t key = (uint32_t)mode.fetch_privilege | (uint32_t)mode.data_privilege << 2 |
                   (mode.sum ? 16u : 0) | (mode.mxr ? 32u : 0);
    uint32_t old_satp = mmu->mode.satp;
    /* The key and satp are the whole mode. The interpreter passes the mode after every
     * trap, CSR write and device access, and most change nothing (a timer tick of the
     * guest OS made about 30 such calls). */
    if (key == mmu->mode_key && mode.satp == old_satp)
        return;
    bool sv32 = (mode.satp & SATP_MODE_SV32) != 0;
    mmu->mode = mode;
    if (mode.satp != old_satp) {
        if (!mmu->tlb.config.asid_tagging)
            tlb_flush_non_global(&mmu->tlb);
        tlb_set_current_asid(&mmu->tlb, asid_of(mode.satp));
        if (mmu->on_satp_change)
            mmu->on_satp_change(mmu->observer_opaque, old_satp, mode.satp);
    }
    select_mirror(mmu, key, mode.satp);
    mmu->mode_key = key;
    mmu->translate_fetch = sv32 && mode.fetch_privilege != PRIV_M;
    mmu->translate_data = sv32 && mode.data_privilege != PRIV_M;
}

static uint32_t page_fault_cause(enum tlb_access access)
{
    static const uint32_t causes[] = {CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT};
    return causes[access];
}

uint32_t mmu_access_fault_cause(enum tlb_access access)
{
    static const uint32_t causes[] = {CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS};
    return causes[access];
}

/* Records a fault for the trace and returns it as the result of a translation. */
static struct mmu_result fail(struct mmu *mmu, uint32_t cause, uint32_t vaddr,
                              enum tlb_access access, int level, uint32_t pte_address,
                              uint32_t pte, const char *reason)
{
    mmu->last_fault = (struct mmu_fault_report){.vaddr = vaddr, .access = access, .level = level,
                                                .pte_address = pte_address, .pte = pte,
                                                .reason = reason};
    if (cause == page_fault_cause(access))
        mmu->page_faults++;
    return (struct mmu_result){.faulted = true, .fault_cause = cause};
}

/* Why a leaf with these flags may not be used for this access, or NULL if it may. */
static const char *permission_problem(uint8_t flags, enum privilege priv, enum tlb_access access,
                                      const struct mmu_mode *mode)
{
    if (priv == PRIV_U && !(flags & PTE_U))
        return "user-mode access to a page without the U bit";
    if (priv == PRIV_S && (flags & PTE_U)) {
        if (access == TLB_FETCH)
            return "supervisor-mode fetch from a user page";
        if (!mode->sum)
            return "supervisor-mode access to a user page with SUM clear";
    }
    switch (access) {
    case TLB_FETCH:
        return (flags & PTE_X) ? NULL : "fetch from a page without X";
    case TLB_LOAD:
        if (flags & PTE_R)
            return NULL;
        if ((flags & PTE_X) && mode->mxr)
            return NULL;
        return "load from a page without R";
    case TLB_STORE:
        return (flags & PTE_W) ? NULL : "store to a page without W";
    default:
        return NULL;
    }
}

/* Walks the page table for vaddr; on success fills *out (not yet in the TLB). */
static struct mmu_result walk(struct mmu *mmu, uint32_t vaddr, enum tlb_access access,
                              enum privilege priv, struct tlb_entry *out)
{
    struct tlb *tlb = &mmu->tlb;
    struct bus *bus = mmu->bus;
    tlb->stats.walks++;
    uint64_t table = (uint64_t)(mmu->mode.satp & SATP_PPN_MASK) << 12;
    uint32_t vpn[2] = {(vaddr >> 12) & 0x3ff, vaddr >> 22};
    /* G in a pointer PTE makes every mapping below it global. */
    uint32_t inherited_global = 0;
    for (int level = 1; level >= 0; level--) {
        uint64_t pte_address = table + 4u * vpn[level];
        tlb->stats.walk_memory_accesses++;
        if (pte_address > UINT32_MAX || !bus_in_ram(bus, (uint32_t)pte_address, 4))
            return fail(mmu, mmu_access_fault_cause(access), vaddr, access, level, (uint32_t)pte_address, 0,
                        "page-table entry address is outside RAM");
        uint32_t pte;
        memcpy(&pte, bus_ram_pointer(bus, (uint32_t)pte_address), 4);
        if (!(pte & PTE_V))
            return fail(mmu, page_fault_cause(access), vaddr, access, level, (uint32_t)pte_address, pte,
                        "page-table entry not valid (V clear)");
        if (!(pte & PTE_R) && (pte & PTE_W))
            return fail(mmu, page_fault_cause(access), vaddr, access, level, (uint32_t)pte_address, pte,
                        "reserved encoding: W set without R");
        if (!(pte & (PTE_R | PTE_X))) {
            if (level == 0)
                return fail(mmu, page_fault_cause(access), vaddr, access, level, (uint32_t)pte_address,
                            pte, "pointer to a next level below the last level");
            inherited_global |= pte & PTE_G;
            table = (uint64_t)(pte >> PTE_PPN_SHIFT) << 12;
            continue;
        }
        uint32_t ppn = pte >> PTE_PPN_SHIFT;
        if (level == 1 && (ppn & MEGAPAGE_VPN_MASK))
            return fail(mmu, page_fault_cause(access), vaddr, access, level, (uint32_t)pte_address, pte,
                        "misaligned megapage (PPN[0] not zero)");
        const char *problem = permission_problem((uint8_t)pte, priv, access, &mmu->mode);
        if (problem)
            return fail(mmu, page_fault_cause(access), vaddr, access, level, (uint32_t)pte_address, pte,
                        problem);
        uint32_t updated = pte | PTE_A | (access == TLB_STORE ? PTE_D : 0);
        if (updated != pte) {
            tlb->stats.walk_memory_accesses++;
            bus_write_ram(bus, (uint32_t)pte_address, &updated, 4);
        }
        *out = (struct tlb_entry){
            .megapage = level == 1,
            .asid = current_asid(mmu),
            .vpn = level == 1 ? (vaddr >> 12) & ~MEGAPAGE_VPN_MASK : vaddr >> 12,
            .ppn = ppn,
            .flags = (uint8_t)(updated | inherited_global),
            .pte_address = (uint32_t)pte_address,
        };
        return (struct mmu_result){.faulted = false};
    }
    return (struct mmu_result){.faulted = true}; /* not reached: level 0 always returns */
}

static uint64_t physical_address(const struct tlb_entry *e, uint32_t vaddr)
{
    if (e->megapage)
        return ((uint64_t)e->ppn << 12) | (vaddr & 0x3fffff);
    return ((uint64_t)e->ppn << 12) | (vaddr & 0xfff);
}

/* Records that the current mirror now holds `e` (so that entry_removed looks there). */
static void note_mirrored(struct mmu *mmu, struct tlb_entry *e)
{
    if (e->megapage)
        mmu->mirror->has_megapages = true;
    e->mirrored |= mmu->mirror->bit;
}

/* Makes `f` mirror what `fast` says, in place of what it held; the entry may be stamped
 * in it from now on. */
static void fill_slot(struct mmu_fast_entry *f, const struct mmu_fast_entry *fast)
{
    release_slot(f);
    *f = *fast;
    tlb_add_use_cell(fast->entry, &f->last_use);
}

void mmu_open_view(struct mmu *mmu, uint32_t vaddr, enum tlb_access access)
{
    struct mmu_mirror *m = mmu->mirror;
    uint32_t page = vaddr & ~0xfffu;
    unsigned slot = (vaddr >> 12) % MMU_FAST_ENTRIES;
    const struct mmu_fast_entry *f = &m->fast[access][slot];
    if (!mmu->host_views || f->page != page || f->view_page == page)
        return;
    if (!m->view.base && !host_view_init(&m->view, mmu->bus->ram.fd, mmu->view_limit)) {
        /* No room for one (ulimit -v): translated code goes through host offsets. */
        mmu->host_views = false;
        for (unsigned i = 0; i < MMU_MIRRORS; i++)
            mmu->mirrors[i].view_open = false;
        return;
    }
    uint32_t ram_page = mmu_slot_ram_page(mmu, f);
    enum host_view_change change = host_view_map(&m->view, page, ram_page);
    /* Slots whose tag relied on what the view held before lose it: after a move, those of
     * this page (only this slot index can hold it); after emptying or a refusal, every one. */
    for (unsigned k = TLB_LOAD; k <= TLB_STORE; k++) {
        if (change == HOST_VIEW_EMPTIED || change == HOST_VIEW_FAILED) {
            for (unsigned i = 0; i < MMU_FAST_ENTRIES; i++)
                m->fast[k][i].view_page = MMU_FAST_INVALID;
        } else if (change == HOST_VIEW_MOVED && m->fast[k][slot].view_page == page) {
            m->fast[k][slot].view_page = MMU_FAST_INVALID;
        }
    }
    if (change == HOST_VIEW_FAILED)
        return;
    for (unsigned k = TLB_LOAD; k <= TLB_STORE; k++) {
        struct mmu_fast_entry *g = &m->fast[k][slot];
        if (g->page == page && mmu_slot_ram_page(mmu, g) == ram_page)
            g->view_page = view_tag(mmu, k, page, ram_page);
    }
}

void mmu_open_mode_view(struct mmu *mmu)
{
    struct mmu_mirror *m = mmu->mirror;
    m->view_open = true;
    for (unsigned k = TLB_LOAD; k <= TLB_STORE && m->view_open; k++)
        for (unsigned i = 0; i < MMU_FAST_ENTRIES && m->view_open; i++)
            if (m->fast[k][i].page != MMU_FAST_INVALID)
                mmu_open_view(mmu, m->fast[k][i].page, k);
}

/* Mirrors e's translation of vaddr's page for `access` (a load or a store), and for the
 * other of the two as well when `also_other`. */
static void fill_fast_cache(struct mmu *mmu, struct tlb_entry *e, uint32_t vaddr, uint64_t paddr,
                            enum tlb_access access, bool also_other)
{
    const struct bus *bus = mmu->bus;
    if (paddr > UINT32_MAX || !bus_in_ram(bus, (uint32_t)paddr & ~0xfffu, RAM_PAGE_SIZE))
        return; /* devices always take the slow path */
    uint32_t page_base = (uint32_t)paddr & ~0xfffu;
    note_mirrored(mmu, e);
    uint32_t page = vaddr & ~0xfffu;
    uint32_t ram_page = (page_base - bus->ram.base) >> RAM_PAGE_SHIFT;
    struct mmu_fast_entry fast = {
        .page = page,
        .host_offset = (uintptr_t)bus_ram_pointer(bus, page_base) - page,
        .entry = e,
    };
    unsigned slot = (vaddr >> 12) % MMU_FAST_ENTRIES;
    /* Translated code may use it at once if the view already maps it there. */
    fast.view_page = view_tag(mmu, access, page, ram_page);
    bool in_view = fast.view_page == page;
    fill_slot(&mmu->mirror->fast[access][slot], &fast);
    if (also_other) {
        enum tlb_access other = access == TLB_LOAD ? TLB_STORE : TLB_LOAD;
        fast.view_page = view_tag(mmu, other, page, ram_page);
        fill_slot(&mmu->mirror->fast[other][slot], &fast);
    }
    /* (mmu_open_view does nothing for a slot in the view; it maps for both slots) */
    if (mmu->mirror->view_open && !in_view)
        mmu_open_view(mmu, vaddr, access);
}

struct mmu_result mmu_translate(struct mmu *mmu, uint32_t vaddr, enum tlb_access access)
{
    const struct mmu_mode *mode = &mmu->mode;
    enum privilege priv = access == TLB_FETCH ? mode->fetch_privilege : mode->data_privilege;
    if (priv == PRIV_M || !(mode->satp & SATP_MODE_SV32)) {
        if (access == TLB_FETCH)
            mmu->fetch_entry = NULL;
        return (struct mmu_result){.paddr = vaddr};
    }
    struct tlb_entry *e = tlb_lookup(&mmu->tlb, access, vaddr, current_asid(mmu));
    bool walked_here = false;
    if (e) {
        const char *problem = permission_problem(e->flags, priv, access, mode);
        if (problem) {
            /* Report the PTE as memory holds it now, so the student sees what was cached. */
            uint32_t pte = 0;
            if (bus_in_ram(mmu->bus, e->pte_address, 4))
                memcpy(&pte, bus_ram_pointer(mmu->bus, e->pte_address), 4);
            return fail(mmu, page_fault_cause(access), vaddr, access, -1, e->pte_address, pte,
                        problem);
        }
        if (access == TLB_STORE && !(e->flags & PTE_D)) {
            /* The first store to a clean page walks again so that D reaches the PTE. */
            struct tlb_entry fresh;
            struct mmu_result walk_result = walk(mmu, vaddr, access, priv, &fresh);
            if (walk_result.faulted)
                return walk_result;
            e->flags = fresh.flags;
            walked_here = true;
        }
    } else {
        struct tlb_entry fresh;
        struct mmu_result walk_result = walk(mmu, vaddr, access, priv, &fresh);
        if (walk_result.faulted)
            return walk_result;
        e = tlb_fill(&mmu->tlb, access, &fresh, access == TLB_FETCH ? NULL : mmu->fetch_entry);
        walked_here = true;
    }
    uint64_t paddr = physical_address(e, vaddr);
    if (access == TLB_FETCH) {
        mmu->fetch_entry = e;
        mmu->fetch_entry_lost = false;
    } else {
        /* Loads and stores look up the same TLB array, so the other kind would find this
         * entry too: cache it for that kind as well when its checks would pass (a store
         * also needs D, or it walks), so that the first store to a page read from (or
         * the reverse) is not a slow path that only finds the same entry. */
        enum tlb_access other = access == TLB_LOAD ? TLB_STORE : TLB_LOAD;
        fill_fast_cache(mmu, e, vaddr, paddr, access,
                        !permission_problem(e->flags, priv, other, mode) &&
                            (other == TLB_LOAD || (e->flags & PTE_D)));
    }
    return (struct mmu_result){.paddr = paddr, .walked = walked_here};
}

bool mmu_debug_translate(const struct mmu *mmu, struct mmu_mode mode, uint32_t vaddr,
                         uint32_t *paddr)
{
    uint32_t leaf_pte;
    if (mode.data_privilege == PRIV_M)
        return mmu_debug_walk(mmu->bus, 0, vaddr, paddr, &leaf_pte);
    return mmu_debug_walk(mmu->bus, mode.satp, vaddr, paddr, &leaf_pte);
}

bool mmu_debug_walk(const struct bus *bus, uint32_t satp, uint32_t vaddr, uint32_t *paddr,
                    uint32_t *leaf_pte)
{
    *leaf_pte = 0;
    if (!(satp & SATP_MODE_SV32)) {
        *paddr = vaddr;
        return true;
    }
    uint64_t table = (uint64_t)(satp & SATP_PPN_MASK) << 12;
    for (int level = 1; level >= 0; level--) {
        uint64_t pte_address = table + 4u * ((vaddr >> (12 + 10 * level)) & 0x3ff);
        if (pte_address > UINT32_MAX || !bus_in_ram(bus, (uint32_t)pte_address, 4))
            return false;
        uint32_t pte;
        memcpy(&pte, bus_ram_pointer(bus, (uint32_t)pte_address), 4);
        if (!(pte & PTE_V))
            return false;
        if (pte & (PTE_R | PTE_X)) {
            uint64_t base = (uint64_t)(pte >> PTE_PPN_SHIFT) << 12;
            uint64_t p = level == 1 ? (base & ~0x3fffffull) | (vaddr & 0x3fffff) : base | (vaddr & 0xfff);
            if (p > UINT32_MAX)
                return false;
            *paddr = (uint32_t)p;
            *leaf_pte = pte;
            return true;
        }
        table = (uint64_t)(pte >> PTE_PPN_SHIFT) << 12;
    }
    return false;
}

void mmu_sfence(struct mmu *mmu, bool has_address, uint32_t vaddr, bool has_asid, uint32_t asid)
{
    struct tlb *tlb = &mmu->tlb;
    uint16_t a = (uint16_t)(asid & SATP_ASID_MASK);
    if (has_address)
        tlb_flush_page(tlb, vaddr, !has_asid, a);
    else if (has_asid)
        tlb_flush_asid(tlb, a);
    else
        tlb_flush_all(tlb);
    if (mmu->on_sfence)
        mmu->on_sfence(mmu->observer_opaque, has_address, vaddr, has_asid, asid);
}

void mmu_remember_code_page(struct mmu *mmu, uint32_t page, uint32_t ram_page_index)
{
    if (mmu->fetch_entry)
        note_mirrored(mmu, mmu->fetch_entry);
    mmu->mirror->fetch_cache[(page >> 12) % MMU_FETCH_ENTRIES] = (struct mmu_fetch_entry){
        .page = page, .ram_page_index = ram_page_index, .entry = mmu->fetch_entry};
}

