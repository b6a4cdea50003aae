/* A user address space: its page table and ASID, and the regions that decide what a page
 * fault means. Pages of the program and the stack are not allocated until first touched
 * (demand paging); heap pages are allocated by sbrk. */
#ifndef OS_ADDRSPACE_H
#define OS_ADDRSPACE_H

#include "programs.h"
#include "riscv.h"
#include "types.h"

struct inode;

#define MAX_SEGMENTS 4

/* One loadable ELF segment: [vaddr, vaddr + memory_size) in the address space, of which
 * the first file_size bytes come from the program image at file_offset, the rest zero. */
struct segment {
    uint32_t vaddr, memory_size, file_offset, file_size;
    uint32_t pte_flags; /* PTE_R / PTE_W / PTE_X */
};

struct address_space {
    pte_t *root;
    uint32_t asid;
    /* Where segment bytes are loaded from: a file on the disk (the address space holds a
     * reference to it), or else a program linked into the kernel image. */
    struct inode *program_inode;
    const struct user_program *program;
    struct segment segments[MAX_SEGMENTS];
    uint32_t segment_count;
    uint32_t heap_start, heap_end; /* heap_end is the program break */
    bool fb_mapped;                /* the shared framebuffer is mapped at FB_USER_BASE */
};

enum access_kind { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE };

enum fault_result {
    FAULT_HANDLED,      /* the page is mapped now: retry the access */
    FAULT_NOT_MAPPED,   /* no region holds this address */
    FAULT_PROTECTION,   /* the page exists but does not allow this access */
    FAULT_OUT_OF_MEMORY,
};

/* An empty address space (kernel mappings only) with its own ASID; false when out of
 * memory. */
bool addrspace_create(struct address_space *as);

/* Frees every page and the ASID. Precondition: satp does not select this address space
 * (switch to vm_kernel_satp() first if it might). */
void addrspace_destroy(struct address_space *as);

/* Makes `to` a copy of `from` (the pages present now are copied; pages never touched stay
 * to be loaded on demand). -ENOMEM, with nothing left allocated, when memory runs out. */
int addrspace_copy(struct address_space *to, const struct address_space *from);

/* Handles a page fault at va: loads a program page or gives a zeroed stack page. */
enum fault_result addrspace_fault(struct address_space *as, uint32_t va, enum access_kind access);

/* Moves the program break by delta bytes (sbrk); the old break, or -ENOMEM. */
int32_t addrspace_grow(struct address_space *as, int32_t delta);

/* The satp value that selects this address space. */
static inline uint32_t addrspace_satp(const struct address_space *as)
{
    return MAKE_SATP(as->root, as->asid);
}

const char *fault_result_name(enum fault_result result);

#endif
