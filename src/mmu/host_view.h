/* A host view of one guest virtual address space: 4 GiB of host addresses in which a
 * virtual page can be mapped onto the RAM page it translates to, so that translated code
 * reaches guest memory at base + vaddr. Its loads and stores then wait only for their
 * address, as without paging, and not for a per-page host offset loaded first; the TLB
 * check and count run beside them. RAM must be a file that can be mapped twice (the bus's
 * ram.fd). A view maps only what it is told; whether a mapping may be used is decided by
 * whoever tells it (the MMU's host-side cache). */
#ifndef VMSIM_MMU_HOST_VIEW_H
#define VMSIM_MMU_HOST_VIEW_H

#include <stdbool.h>
#include <stdint.h>

/* Each mapped page can be a mapping of its own in the host kernel, which allows about
 * 65 000 per process: a view that reaches this many starts again empty. */
#define HOST_VIEW_DEFAULT_LIMIT 8192u

#define HOST_VIEW_LEAVES 1024      /* 4 MiB of virtual addresses each ... */
#define HOST_VIEW_LEAF_PAGES 1024  /* ... of 4 KiB pages */

struct host_view {
    uint8_t *base;       /* NULL: no view */
    /* Per 4 MiB of virtual addresses, per page: the RAM page it maps + 1, 0 for none; a
     * NULL leaf maps nothing (a flat table would cost the host a page fault per 4 MiB of
     * guest addresses merely asked about). */
    uint32_t *ram_pages[HOST_VIEW_LEAVES];
    uint32_t mapped;     /* pages mapped since the view was last emptied */
    uint32_t limit;      /* at most this many: then it is emptied (HOST_VIEW_EMPTIED) */
    int fd;
};

enum host_view_change {
    HOST_VIEW_KEPT,    /* it already mapped that RAM page there */
    HOST_VIEW_MOVED,   /* it mapped another RAM page there (or none) before */
    HOST_VIEW_EMPTIED, /* it was full: everything else is unmapped now */
    HOST_VIEW_FAILED,  /* the host refused: the page is not mapped, and no other mapping
                          may be relied on either */
};

/* A view over the RAM in file `fd` (at most `limit` pages at once); false (no view, base
 * NULL) when fd is negative or the host has no room for it. */
bool host_view_init(struct host_view *view, int fd, uint32_t limit);
void host_view_destroy(struct host_view *view);

/* Whether the virtual page at `page` (a page base) is mapped onto RAM page `ram_page`. */
static inline bool host_view_maps(const struct host_view *view, uint32_t page, uint32_t ram_page)
{
    const uint32_t *leaf = view->ram_pages[page >> 22];
    return leaf && leaf[(page >> 12) % HOST_VIEW_LEAF_PAGES] == ram_page + 1;
}

/* Maps the virtual page at `page` (a page base) onto RAM page `ram_page`. */
enum host_view_change host_view_map(struct host_view *view, uint32_t page, uint32_t ram_page);

#endif
