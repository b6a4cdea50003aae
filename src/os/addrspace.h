/* A user address space: its page table and ASID, and the regions that decide what a page
 * fault means. Nothing is allocated before it is touched: program pages are read from the
 * program on first touch, heap, stack and anonymous mappings get a zeroed frame on first
 * touch (demand zero), and fork shares every frame copy-on-write (abi/pte_software.h). */
#ifndef OS_ADDRSPACE_H
#define OS_ADDRSPACE_H

#include "programs.h"
#include "riscv.h"
#include "types.h"

struct inode;

#define MAX_SEGMENTS 4
#define MAX_MAPPINGS 16

/* One loadable ELF segment: [vaddr, vaddr + memory_size) in the address space, of which
 * the first file_size bytes come from the program image at file_offset, the rest zero. */
struct segment {
    uint32_t vaddr, memory_size, file_offset, file_size;
    uint32_t pte_flags; /* PTE_R / PTE_W / PTE_X */
};

/* One mapping made by mmap: [start, end), page-aligned. Anonymous (inode NULL): zero on
 * first touch; else a private copy of the file's bytes from file_offset on, read on first
 * touch (the address space holds a reference to the inode). */
struct mapping {
    uint32_t start, end;
    uint32_t pte_flags; /* PTE_R / PTE_W / PTE_X */
    struct inode *inode;
    uint32_t file_offset;
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
    struct mapping mappings[MAX_MAPPINGS]; /* mapping_count of them, in no order */
    uint32_t mapping_count;
    bool fb_mapped;                /* the shared framebuffer is mapped at FB_USER_BASE */
    /* This address space's faults since exec (a fork child starts from 0). */
    uint32_t demand_zero_faults, frames_copied;
};

enum access_kind { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE };

enum fault_result {
    FAULT_HANDLED,      /* the page is mapped now: retry the access */
    FAULT_NOT_MAPPED,   /* no region holds this address */
    FAULT_PROTECTION,   /* the page exists but does not allow this access */
    FAULT_OUT_OF_MEMORY,
};

/* What handling a fault did: kind is an ANNOTATION_FAULT_* (devices/annotation.h), or 0
 * when the page allowed the access already; frame is the physical page now mapped. */
struct fault_report {
    uint32_t kind;
    uint32_t frame;
};

/* Counts since boot, for meminfo and the demos. */
struct vm_counters {
    uint32_t demand_zero_faults, program_faults, copy_on_write_faults;
    uint32_t frames_copied; /* copy-on-write faults that had to copy (the frame was shared) */
};
extern struct vm_counters vm_counters;

/* An empty address space (kernel mappings only) with its own ASID; false when out of
 * memory. */
bool addrspace_create(struct address_space *as);

/* Drops every page (a frame is freed when no other address space maps it) and the ASID.
 * Precondition: satp does not select this address space (switch to vm_kernel_satp()
 * first if it might). */
void addrspace_destroy(struct address_space *as);

/* Makes `to` a copy of `from` for fork: every page `from` has is shared, and a writable
 * one becomes copy-on-write in both. -ENOMEM, with nothing left allocated, when memory
 * for the page tables runs out. */
int addrspace_copy(struct address_space *to, struct address_space *from);

/* Handles a page fault at va: loads a program page, gives a zeroed page, or copies a
 * copy-on-write page. report (may be NULL) says what was done. */
enum fault_result addrspace_fault(struct address_space *as, uint32_t va, enum access_kind access,
                                  struct fault_report *report);

/* Moves the program break by delta bytes (sbrk): address space only, pages come on
 * first touch. The old break, or -ENOMEM / -EINVAL. */
int32_t addrspace_grow(struct address_space *as, int32_t delta);

/* mmap: a new private mapping of length bytes (rounded up to pages) with these
 * permissions, anonymous if inode is NULL, else of the inode's bytes from file_offset (a
 * multiple of the page size). Its address, or -ENOMEM (no room, or too many mappings),
 * -EINVAL. Takes its own reference to the inode. */
int32_t addrspace_map(struct address_space *as, uint32_t length, uint32_t pte_flags, struct inode *inode,
                      uint32_t file_offset);

/* munmap: removes [start, start + length) (rounded up to pages) from the mappings, and
 * the pages in it. 0, or -EINVAL (not page-aligned, empty, or outside mmap's region),
 * -ENOMEM (a mapping split in two and no slot for the second half). */
int addrspace_unmap(struct address_space *as, uint32_t start, uint32_t length);

/* Pages of this address space that have a frame now (shared ones count in each). */
uint32_t addrspace_resident_pages(const struct address_space *as);

/* The satp value that selects this address space. */
static inline uint32_t addrspace_satp(const struct address_space *as)
{
    return MAKE_SATP(as->root, as->asid);
}

const char *fault_result_name(enum fault_result result);

#endif
