/* User address spaces: creation, copying for fork, demand paging and sbrk. */
#include "addrspace.h"

#include "abi/errno.h"
#include "asid.h"
#include "fb.h"
#include "fs.h"
#include "kalloc.h"
#include "memlayout.h"
#include "printf.h"
#include "string.h"
#include "user_range.h"
#include "vm.h"

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

void addrspace_destroy(struct address_space *as)
{
    if (!as->root)
        return;
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

int addrspace_copy(struct address_space *to, const struct address_space *from)
{
    struct address_space copy = *from;
    if (!addrspace_create(to))
        return -ENOMEM;
    pte_t *root = to->root;
    uint32_t asid = to->asid;
    *to = copy;
    to->root = root;
    to->asid = asid;
    if (to->program_inode) {
        /* The parent runs it already, so nothing can have it open for writing. */
        if (inode_add_runner(idup(to->program_inode)) < 0)
            panic("addrspace_copy: a running program's file is open for writing");
    }
    for (uint32_t va = USER_BASE; va < USER_TOP; va += PAGE_SIZE) {
        /* Skip a whole megapage at a time where the parent has no level-1 table. */
        if (!(from->root[VPN1(va)] & PTE_V)) {
            va += MEGAPAGE_SIZE - PAGE_SIZE;
            continue;
        }
        pte_t *pte = vm_walk(from->root, va, false);
        if (!(*pte & PTE_V))
            continue;
        if (fb_user_range(va)) { /* the screen's pixels stay shared */
            if (!vm_map_page(to->root, va, PA_FROM_PTE(*pte), *pte & (PTE_LEAF_BITS | PTE_U))) {
                addrspace_destroy(to);
                return -ENOMEM;
            }
            continue;
        }
        void *page = page_alloc();
        if (!page || !vm_map_page(to->root, va, (uint32_t)page, *pte & (PTE_LEAF_BITS | PTE_U))) {
            if (page)
                page_free(page);
            addrspace_destroy(to);
            return -ENOMEM;
        }
        memcpy(page, (void *)PA_FROM_PTE(*pte), PAGE_SIZE);
    }
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

enum fault_result addrspace_fault(struct address_space *as, uint32_t va, enum access_kind access)
{
    if (va < USER_BASE || va >= USER_TOP)
        return FAULT_NOT_MAPPED;
    va = PAGE_ROUND_DOWN(va);
    pte_t *existing = vm_walk(as->root, va, false);
    if (existing && (*existing & PTE_V))
        return allows(*existing, access) ? FAULT_HANDLED : FAULT_PROTECTION;

    uint32_t flags;
    const struct segment *segment = segment_holding(as, va);
    bool in_stack = va >= USER_STACK_BOTTOM && va < USER_STACK_TOP;
    if (!segment && !in_stack)
        return FAULT_NOT_MAPPED;
    if (segment)
        flags = segment->pte_flags;
    else
        flags = PTE_R | PTE_W;
    if (!allows(flags, access))
        return FAULT_PROTECTION;

    uint8_t *page = page_alloc();
    if (!page)
        return FAULT_OUT_OF_MEMORY;
    if (segment)
        flags = load_program_page(as, va, page);
    if (!vm_map_page(as->root, va, (uint32_t)page, flags | PTE_U)) {
        page_free(page);
        return FAULT_OUT_OF_MEMORY;
    }
    /* The TLB caches no invalid entries on vmsim, but the spec allows it: be exact. */
    sfence_vma_page(va, as->asid);
    return FAULT_HANDLED;
}

static void unmap_heap_pages(struct address_space *as, uint32_t from, uint32_t to)
{
    for (uint32_t va = PAGE_ROUND_UP(from); va < PAGE_ROUND_UP(to); va += PAGE_SIZE) {
        pte_t *pte = vm_walk(as->root, va, false);
        if (pte && (*pte & PTE_V)) {
            page_free((void *)PA_FROM_PTE(*pte));
            *pte = 0;
            sfence_vma_page(va, as->asid);
        }
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
        unmap_heap_pages(as, new_end, old_end);
        as->heap_end = new_end;
        return (int32_t)old_end;
    }
    if (!range_inside(old_end, (uint32_t)delta, as->heap_start, USER_HEAP_LIMIT))
        return -ENOMEM;
    uint32_t new_end = old_end + (uint32_t)delta;
    if (as->fb_mapped && new_end > FB_USER_BASE)
        return -ENOMEM;
    for (uint32_t va = PAGE_ROUND_UP(old_end); va < PAGE_ROUND_UP(new_end); va += PAGE_SIZE) {
        void *page = page_alloc();
        if (!page || !vm_map_page(as->root, va, (uint32_t)page, PTE_R | PTE_W | PTE_U)) {
            if (page)
                page_free(page);
            unmap_heap_pages(as, old_end, va);
            return -ENOMEM;
        }
    }
    as->heap_end = new_end;
    return (int32_t)old_end;
}

const char *fault_result_name(enum fault_result result)
{
    switch (result) {
    case FAULT_HANDLED: return "handled";
    case FAULT_NOT_MAPPED: return "address not mapped";
    case FAULT_PROTECTION: return "access not allowed by the page's permissions";
    case FAULT_OUT_OF_MEMORY: return "out of memory";
    }
    return "?";
}
