/* The physical page allocator: every free page of RAM after the kernel image, one page
 * at a time, with a reference count per frame so that address spaces can share frames
 * (copy-on-write fork). */
#ifndef OS_KALLOC_H
#define OS_KALLOC_H

#include "types.h"

/* Hands RAM from the end of the kernel image up to `top` to the page allocator (RAM above
 * top is reserved, e.g. for the framebuffer); panics with a message saying so if RAM is
 * too small to be useful. Precondition: ram_end is set (ram_probe). */
void kalloc_init(uint32_t top);
/* Where the allocator's pages end: a user page at or above it is not the allocator's. */
extern uint32_t kalloc_top;

/* A zeroed page with one reference, or NULL when memory is exhausted: callers must cope
 * (a failed fork, sbrk or page fault is an error for the process, never a kernel panic). */
void *page_alloc(void);
/* Drops one reference; the page is free again when none is left. */
void page_free(void *page);
/* Adds a reference to an allocated page (a second address space maps it). */
void page_ref(void *page);
/* How many references the allocated page has (1: only one owner). */
uint32_t page_ref_count(const void *page);
/* True if a is a page the allocator manages (not, e.g., the framebuffer's pixels). */
bool page_is_managed(uint32_t a);


uint32_t pages_free_count(void);
/* Pages the allocator was given at boot (free or not). */
uint32_t pages_managed_count(void);
/* Page n of those (n < pages_managed_count()), free or not. */
void *page_by_number(uint32_t n);

/* Where the allocator's per-frame records are and where each keeps its reference count,
 * for vmsim's page-table view (the FRAME_TABLE report, src/devices/annotation.h). */
struct frame_table_layout {
    uint32_t records;      /* physical address of the first record */
    uint32_t stride;       /* bytes from one record to the next */
    uint32_t count_offset; /* of the reference count in a record */
    uint32_t count_size;   /* bytes */
    uint32_t first_frame;  /* physical address of the frame the first record describes */
    uint32_t frames;       /* records */
};
struct frame_table_layout kalloc_frame_table(void);

/* The pager's reverse map (swap.c). A user page is recorded with an owner and its
 * address, and kept on the resident list in the order it got its owner; freeing the page
 * takes it off. The record may go stale (fork shares the page, the owner exits while a
 * child keeps it), but the address stays right: every address space that shares the
 * frame maps it there. Users check the record against page tables before acting on it. */
struct address_space;
void page_set_owner(void *page, struct address_space *as, uint32_t va);
/* The recorded owner (NULL: none) and, in *va, its address there. */
struct address_space *page_owner(const void *page, uint32_t *va);
/* A byte per page for the replacement policy's use (0 when the page is allocated). */
uint8_t *page_age(void *page);
/* The resident list, oldest first; NULL after the last. */
void *resident_first(void);
void *resident_next(const void *page);
void resident_move_to_tail(void *page);

#endif
