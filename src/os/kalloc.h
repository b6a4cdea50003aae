/* The physical page allocator: every free page of RAM after the kernel image, one page
 * at a time. */
#ifndef OS_KALLOC_H
#define OS_KALLOC_H

#include "types.h"

/* Frees every page from the end of the image to ram_end; panics with a message saying
 * so if RAM is too small to be useful. Precondition: ram_end is set (ram_probe). */
/* Hands RAM from the end of the kernel image up to `top` to the page allocator (RAM above
 * top is reserved, e.g. for the framebuffer). */
void kalloc_init(uint32_t top);
/* Where the allocator's pages end: a user page at or above it is not the allocator's. */
extern uint32_t kalloc_top;

/* A zeroed page, or NULL when memory is exhausted: callers must cope (a failed fork,
 * sbrk or page fault is an error for the process, never a kernel panic). */
void *page_alloc(void);
void page_free(void *page);
uint32_t pages_free_count(void);
/* Pages the allocator was given at boot (free or not). */
uint32_t pages_managed_count(void);

#endif
