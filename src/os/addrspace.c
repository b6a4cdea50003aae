/* User address spaces: creation, copy-on-write sharing for fork, the page-fault handler
 * (demand zero, program pages, copy-on-write, swap-in) and sbrk. */
#include "addrspace.h"

#include "abi/errno.h"
#include "abi/pte_software.h"
#include "asid.h"
#include "devices/annotation.h"
#include "fb.h"
#include "fs.h"
#include "kalloc.h"
#include "memlayout.h"
#include "printf.h"
#include "string.h"
#include "swap.h"
#include "user_range.h"
#include "vm.h"

struct vm_counters vm_counters;

bool addrspace_create(struct address_space *as)
{
    memset(as, 0, sizeof *as);
    as->root = vm_create_root();
    if (!as->root)
        return false;
    as->asid = asid_alloc();
    if (!as->asid) {
        vm_free_root(as->root);
        as->root = NULL;
        return false;
    }
    return true;
}

static uint32_t next_present_pte(pte_t *root, uint32_t va, uint32_t to, pte_t **pte);

void addrspace_destroy(struct address_space *as)
{
    if (!as->root)
        return;
    pte_t *pte; /* vm_free_root frees the frames; the swap slots are given back here */
    for (uint32_t va = next_present_pte(as->root, USER_BASE, USER_TOP, &pte); pte;
         va = next_present_pte(as->root, va + PAGE_SIZE, USER_TOP, &pte))
        if (*pte & PTE_SWAPPED)
            swap_slot_release(*pte);
    for (uint32_t i = 0; i < as->mapping_count; i++)
        if (as->mappings[i].inode)
            iput(as->mappings[i].inode);
    as->mapping_count = 0;
    vm_free_root(as->root);
    asid_free(as->asid);
    if (as->program_inode) {
        inode_remove_runner(as->program_inode);
        iput(as->program_inode);
    }
    as->program_inode = NULL;
    as->root = NULL;
    as->asid = 0;
}

/* The level-0 PTE of every page in [from, to) that has one, skipping a megapage at a time
 * where there is no level-1 table. Returns the next va to look at after *pte, or `to`.
 * fork, exec and exit each look at every user page table this way, so the scan reads a
 * level-1 table's entries directly rather than walking from the root for each. */
static uint32_t next_present_pte(pte_t *root, uint32_t va, uint32_t to, pte_t **pte)
{
    while (va < to) {
        uint32_t next_megapage = (va & ~(MEGAPAGE_SIZE - 1)) + MEGAPAGE_SIZE;
        pte_t entry = root[VPN1(va)];
        if (entry & PTE_V) {
            pte_t *table = (pte_t *)PA_FROM_PTE(entry);
            uint32_t end = next_megapage != 0 && next_megapage < to ? next_megapage : to;
            for (; va < end; va += PAGE_SIZE) {
                if (table[VPN0(va)]) {
                    *pte = &table[VPN0(va)];
                    return va;
                }
            }
        }
        if (next_megapage == 0) /* the last megapage: the address space ends here */
            break;
        va = next_megapage;
    }
    *pte = NULL;
    return to;
}

int addrspace_copy(struct address_space *to, struct address_space *from)
{
    struct address_space copy = *from;
    if (!addrspace_create(to))
        return -ENOMEM;
    pte_t *root = to->root;
    uint32_t asid = to->asid;
    *to = copy;
    to->root = root;
    to->asid = asid;
    to->demand_zero_faults = to->frames_copied = 0;
    if (to->program_inode) {
        /* The parent runs it already, so nothing can have it open for writing. */
        if (inode_add_runner(idup(to->program_inode)) < 0)
            panic("addrspace_copy: a running program's file is open for writing");
    }
    for (uint32_t i = 0; i < to->mapping_count; i++)
        if (to->mappings[i].inode)
            idup(to->mappings[i].inode);
    pte_t *pte;
    for (uint32_t va = next_present_pte(from->root, USER_BASE, USER_TOP, &pte); pte;
         va = next_present_pte(from->root, va + PAGE_SIZE, USER_TOP, &pte)) {
        if (*pte & PTE_SWAPPED) { /* both share the slot; each reads its own copy back */
            pte_t *child = vm_walk(to->root, va, true);
            if (!child) {
                addrspace_destroy(to);
                sfence_vma_asid(from->asid);
                return -ENOMEM;
            }
            *child = *pte;
            swap_slot_share(*pte);
            continue;
        }
        if (!(*pte & PTE_V))
            continue;
        uint32_t pa = PA_FROM_PTE(*pte);
        bool managed = page_is_managed(pa); /* the screen's pixels are shared as they are */
        if (managed && (*pte & (PTE_W | PTE_COW)))
            *pte = (*pte & ~PTE_W) | PTE_COW;
        if (!vm_map_page(to->root, va, pa, *pte & (PTE_LEAF_BITS | PTE_U | PTE_COW))) {
            addrspace_destroy(to);
            sfence_vma_asid(from->asid);
            return -ENOMEM;
        }
        if (managed)
            page_ref((void *)pa);
    }
    /* The parent's TLB entries may still allow stores to pages that are shared now. */
    sfence_vma_asid(from->asid);
    return 0;
}

static const struct segment *segment_holding(const struct address_space *as, uint32_t va)
{
    for (uint32_t i = 0; i < as->segment_count; i++) {
        const struct segment *s = &as->segments[i];
        if (va >= PAGE_ROUND_DOWN(s->vaddr) && va < s->vaddr + s->memory_size)
            return s;
    }
    return NULL;
}

static const struct mapping *mapping_holding(const struct address_space *as, uint32_t va)
{
    for (uint32_t i = 0; i < as->mapping_count; i++)
        if (va >= as->mappings[i].start && va < as->mappings[i].end)
            return &as->mappings[i];
    return NULL;
}

/* Fills the page at va with the bytes every segment has there (segments may share a
 * page) and returns the union of their permissions. */
static uint32_t load_program_page(const struct address_space *as, uint32_t va, uint8_t *page)
{
    uint32_t flags = 0;
    for (uint32_t i = 0; i < as->segment_count; i++) {
        const struct segment *s = &as->segments[i];
        uint32_t start = s->vaddr > va ? s->vaddr : va;
        uint32_t file_end = s->vaddr + s->file_size;
        uint32_t end = file_end < va + PAGE_SIZE ? file_end : va + PAGE_SIZE;
        if (va + PAGE_SIZE > PAGE_ROUND_DOWN(s->vaddr) && va < s->vaddr + s->memory_size)
            flags |= s->pte_flags;
        if (start >= end)
            continue;
        uint32_t offset = s->file_offset + (start - s->vaddr);
        if (as->program_inode)
            readi(as->program_inode, false, (uint32_t)(page + (start - va)), offset, end - start);
        else
            memcpy(page + (start - va), as->program->image + offset, end - start);
    }
    return flags;
}

static bool allows(uint32_t pte, enum access_kind access)
{
    switch (access) {
    case ACCESS_READ: return pte & PTE_R;
    case ACCESS_WRITE: return pte & PTE_W;
    case ACCESS_EXECUTE: return pte & PTE_X;
    }
    return false;
}

/* A frame for a user page: first, if RAM runs short, some pages go out to swap. */
static void *user_frame_alloc(void)
{
    swap_make_room();
    return page_alloc();
}

/* A store to a copy-on-write page: the faulting address space gets a frame of its own
 * (a copy, unless no one else maps the frame any more) with W set again. */
static enum fault_result break_copy_on_write(struct address_space *as, uint32_t va, pte_t *pte,
                                             struct fault_report *report)
{
    void *shared = (void *)PA_FROM_PTE(*pte);
    void *own = shared;
    if (page_ref_count(shared) > 1) {
        /* Making room may swap shared pages out: a reference held meanwhile keeps this
         * one in RAM (the pager moves only pages whose every reference is a PTE). */
        page_ref(shared);
        own = user_frame_alloc();
        if (own)
            memcpy(own, shared, PAGE_SIZE);
        page_free(shared);
        if (!own)
            return FAULT_OUT_OF_MEMORY;
        page_free(shared); /* one reference fewer: the other owners keep it */
        vm_counters.frames_copied++;
        as->frames_copied++;
    }
    *pte = PTE_FROM_PA(own) | (*pte & (PTE_LEAF_BITS | PTE_U | PTE_A | PTE_D | PTE_V) & ~PTE_COW) | PTE_W;
    sfence_vma_page(va, as->asid);
    if (as->in_process)
        page_set_owner(own, as, va); /* this address space's alone now: swappable */
    vm_counters.copy_on_write_faults++;
    report->kind = ANNOTATION_FAULT_COPY_ON_WRITE;
    report->frame = (uint32_t)own;
    return FAULT_HANDLED;
}

/* What a first touch of va means: the permissions of the region that holds it, and
 * where its bytes come from (the program, a mapped file, or nowhere: zeros). False if no
 * region holds va. */
static bool region_of(const struct address_space *as, uint32_t va, uint32_t *flags, bool *from_program,
                      const struct mapping **from_file)
{
    *from_program = false;
    *from_file = NULL;
    const struct segment *segment = segment_holding(as, va);
    if (segment) {
        *flags = segment->pte_flags;
        *from_program = true;
        return true;
    }
    const struct mapping *mapping = mapping_holding(as, va);
    if (mapping) {
        *flags = mapping->pte_flags;
        if (mapping->inode)
            *from_file = mapping;
        return true;
    }
    bool in_heap = va >= as->heap_start && va < PAGE_ROUND_UP(as->heap_end);
    bool in_stack = va >= USER_STACK_BOTTOM && va < USER_STACK_TOP;
    *flags = PTE_R | PTE_W;
    return in_heap || in_stack;
}

enum fault_result addrspace_fault(struct address_space *as, uint32_t va, enum access_kind access,
                                  struct fault_report *report)
{
    struct fault_report ignored;
    if (!report)
        report = &ignored;
    report->kind = 0;
    report->frame = 0;
    if (va < USER_BASE || va >= USER_TOP)
        return FAULT_NOT_MAPPED;
    va = PAGE_ROUND_DOWN(va);
    pte_t *existing = vm_walk(as->root, va, false);
    if (existing && (*existing & PTE_V)) {
        if (allows(*existing, access))
            return FAULT_HANDLED;
        if (access == ACCESS_WRITE && (*existing & PTE_COW))
            return break_copy_on_write(as, va, existing, report);
        return FAULT_PROTECTION;
    }
    if (existing && (*existing & PTE_SWAPPED))
        return allows(*existing, access) ? swap_in(as, va, existing, report) : FAULT_PROTECTION;

    uint32_t flags;
    bool from_program;
    const struct mapping *from_file;
    if (!region_of(as, va, &flags, &from_program, &from_file))
        return FAULT_NOT_MAPPED;
    if (!allows(flags, access))
        return FAULT_PROTECTION;

    uint8_t *page = user_frame_alloc();
    if (!page)
        return FAULT_OUT_OF_MEMORY;
    if (from_program)
        flags = load_program_page(as, va, page);
    else if (from_file) /* bytes past the end of the file stay zero */
        readi(from_file->inode, false, (uint32_t)page, from_file->file_offset + (va - from_file->start), PAGE_SIZE);
    if (!vm_map_page(as->root, va, (uint32_t)page, flags | PTE_U)) {
        page_free(page);
        return FAULT_OUT_OF_MEMORY;
    }
    /* The TLB caches no invalid entries on vmsim, but the spec allows it: be exact. */
    sfence_vma_page(va, as->asid);
    if (as->in_process)
        page_set_owner(page, as, va);
    if (from_program || from_file) {
        vm_counters.program_faults++;
        report->kind = ANNOTATION_FAULT_PROGRAM_FILE;
    } else {
        vm_counters.demand_zero_faults++;
        as->demand_zero_faults++;
        report->kind = ANNOTATION_FAULT_DEMAND_ZERO;
    }
    report->frame = (uint32_t)page;
    return FAULT_HANDLED;
}

/* Drops the pages of [from, to) (page-aligned): their frames lose a reference. */
static void release_pages(struct address_space *as, uint32_t from, uint32_t to)
{
    pte_t *pte;
    for (uint32_t va = next_present_pte(as->root, from, to, &pte); pte;
         va = next_present_pte(as->root, va + PAGE_SIZE, to, &pte)) {
        if ((*pte & PTE_V) && page_is_managed(PA_FROM_PTE(*pte)))
            page_free((void *)PA_FROM_PTE(*pte));
        else if (*pte & PTE_SWAPPED)
            swap_slot_release(*pte);
        *pte = 0;
        sfence_vma_page(va, as->asid);
    }
}


int32_t addrspace_grow(struct address_space *as, int32_t delta)
{
    uint32_t old_end = as->heap_end;
    if (delta < 0) {
        uint32_t shrink = 0u - (uint32_t)delta; /* also right for INT32_MIN */
        if (shrink > old_end - as->heap_start)
            return -EINVAL;
        uint32_t new_end = old_end - shrink;
        release_pages(as, PAGE_ROUND_UP(new_end), PAGE_ROUND_UP(old_end));
        as->heap_end = new_end;
        return (int32_t)old_end;
    }
    /* Only address space is reserved; but a request larger than all of RAM can never be
     * met, so it fails now rather than at some later touch. */
    if (!range_inside(old_end, (uint32_t)delta, as->heap_start, USER_HEAP_LIMIT) ||
        (uint32_t)delta / PAGE_SIZE > pages_managed_count() + swap_slots_total())
        return -ENOMEM;
    as->heap_end = old_end + (uint32_t)delta;
    return (int32_t)old_end;
}

static bool overlaps_a_mapping(const struct address_space *as, uint32_t start, uint32_t end)
{
    for (uint32_t i = 0; i < as->mapping_count; i++)
        if (start < as->mappings[i].end && as->mappings[i].start < end)
            return true;
    return false;
}

int32_t addrspace_map(struct address_space *as, uint32_t length, uint32_t pte_flags, struct inode *inode,
                      uint32_t file_offset)
{
    if (length == 0 || length > USER_MMAP_TOP - USER_MMAP_BASE || file_offset % PAGE_SIZE)
        return -EINVAL;
    length = PAGE_ROUND_UP(length);
    if (as->mapping_count == MAX_MAPPINGS)
        return -ENOMEM;
    /* The highest hole that fits: it ends at the top of the region or where a mapping
     * starts. */
    uint32_t best = 0;
    for (uint32_t i = 0; i <= as->mapping_count; i++) {
        uint32_t end = i == as->mapping_count ? USER_MMAP_TOP : as->mappings[i].start;
        if (end - USER_MMAP_BASE < length)
            continue;
        uint32_t start = end - length;
        if (start > best && !overlaps_a_mapping(as, start, end))
            best = start;
    }
    if (!best)
        return -ENOMEM;
    struct mapping *m = &as->mappings[as->mapping_count++];
    *m = (struct mapping){.start = best, .end = best + length, .pte_flags = pte_flags,
                          .inode = inode ? idup(inode) : NULL, .file_offset = file_offset};
    return (int32_t)best;
}

int addrspace_unmap(struct address_space *as, uint32_t start, uint32_t length)
{
    if (start % PAGE_SIZE || length == 0 || !range_inside(start, length, USER_MMAP_BASE, USER_MMAP_TOP))
        return -EINVAL;
    uint32_t end = start + PAGE_ROUND_UP(length);
    /* A mapping with a hole in its middle becomes two: find the slot first. */
    for (uint32_t i = 0; i < as->mapping_count; i++) {
        const struct mapping *m = &as->mappings[i];
        if (m->start < start && m->end > end && as->mapping_count == MAX_MAPPINGS)
            return -ENOMEM;
    }
    for (uint32_t i = 0; i < as->mapping_count;) {
        struct mapping *m = &as->mappings[i];
        if (m->end <= start || m->start >= end) {
            i++;
        } else if (m->start >= start && m->end <= end) { /* all of it goes */
            if (m->inode)
                iput(m->inode);
            *m = as->mappings[--as->mapping_count];
        } else if (m->start < start && m->end > end) { /* a hole in the middle */
            struct mapping *rest = &as->mappings[as->mapping_count++];
            *rest = *m;
            rest->start = end;
            rest->file_offset += end - m->start;
            if (rest->inode)
                idup(rest->inode);
            m->end = start;
            i++;
        } else if (m->start < start) { /* its end goes */
            m->end = start;
            i++;
        } else { /* its start goes */
            m->file_offset += end - m->start;
            m->start = end;
            i++;
        }
    }
    release_pages(as, start, end);
    return 0;
}

uint32_t addrspace_resident_pages(const struct address_space *as)
{
    uint32_t pages = 0;
    pte_t *pte;
    for (uint32_t va = next_present_pte(as->root, USER_BASE, USER_TOP, &pte); pte;
         va = next_present_pte(as->root, va + PAGE_SIZE, USER_TOP, &pte))
        if ((*pte & PTE_V) && page_is_managed(PA_FROM_PTE(*pte)))
            pages++;
    return pages;
}

uint32_t addrspace_swapped_pages(const struct address_space *as)
{
    uint32_t pages = 0;
    pte_t *pte;
    for (uint32_t va = next_present_pte(as->root, USER_BASE, USER_TOP, &pte); pte;
         va = next_present_pte(as->root, va + PAGE_SIZE, USER_TOP, &pte))
        if (*pte & PTE_SWAPPED)
            pages++;
    return pages;
}

const char *fault_result_name(enum fault_result result)
{
    switch (result) {
    case FAULT_HANDLED: return "handled";
    case FAULT_NOT_MAPPED: return "address not mapped";
    case FAULT_PROTECTION: return "access not allowed by the page's permissions";
    case FAULT_OUT_OF_MEMORY: return "out of memory";
    case FAULT_SWAP_READ_ERROR: return "its page could not be read back from swap";
    }
    return "?";
}
