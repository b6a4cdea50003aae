/* Host views: a reserved 4 GiB range, pages of the RAM file mapped into it. */
#include "mmu/host_view.h"

#include <stddef.h>
#include <stdlib.h>

#if defined(__linux__) && UINTPTR_MAX > 0xffffffffu
#include <sys/mman.h>

#define VIEW_SIZE (1ull << 32)
#define VIEW_PAGE_SIZE 4096u

/* Address space only: nothing is committed, and a stray access would fault. */
static void *reserve(void *at, size_t size)
{
    int fixed = at ? MAP_FIXED : 0;
    void *p = mmap(at, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | fixed, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool host_view_init(struct host_view *view, int fd, uint32_t limit)
{
    *view = (struct host_view){.fd = fd, .limit = limit};
    if (fd < 0)
        return false;
    view->base = reserve(NULL, VIEW_SIZE);
    return view->base != NULL;
}

static void free_leaves(struct host_view *view)
{
    for (unsigned i = 0; i < HOST_VIEW_LEAVES; i++) {
        free(view->ram_pages[i]);
        view->ram_pages[i] = NULL;
    }
}

void host_view_destroy(struct host_view *view)
{
    if (view->base)
        munmap(view->base, VIEW_SIZE);
    free_leaves(view);
    *view = (struct host_view){.fd = -1};
}

/* Unmaps everything, in place (the base does not move). If the host refuses, the old
 * mappings may stay, but no page counts as mapped, so each is mapped again before use. */
static void empty(struct host_view *view)
{
    view->mapped = 0;
    (void)reserve(view->base, VIEW_SIZE);
    free_leaves(view);
}

enum host_view_change host_view_map(struct host_view *view, uint32_t page, uint32_t ram_page)
{
    if (host_view_maps(view, page, ram_page))
        return HOST_VIEW_KEPT;
    enum host_view_change change = HOST_VIEW_MOVED;
    if (view->mapped >= view->limit) {
        empty(view);
        change = HOST_VIEW_EMPTIED;
    }
    uint32_t **leaf = &view->ram_pages[page >> 22];
    if (!*leaf && !(*leaf = calloc(HOST_VIEW_LEAF_PAGES, sizeof **leaf)))
        return HOST_VIEW_FAILED;
    uint32_t *known = &(*leaf)[(page >> 12) % HOST_VIEW_LEAF_PAGES];
    if (mmap(view->base + page, VIEW_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
             view->fd, (off_t)ram_page * VIEW_PAGE_SIZE) == MAP_FAILED) {
        /* What this page mapped may be gone too. */
        *known = 0;
        return HOST_VIEW_FAILED;
    }
    view->mapped++;
    *known = ram_page + 1;
    return change;
}

#else

bool host_view_init(struct host_view *view, int fd, uint32_t limit)
{
    *view = (struct host_view){.fd = fd, .limit = limit};
    return false;
}

void host_view_destroy(struct host_view *view) { *view = (struct host_view){.fd = -1}; }

enum host_view_change host_view_map(struct host_view *view, uint32_t page, uint32_t ram_page)
{
    (void)view, (void)page, (void)ram_page;
    return HOST_VIEW_FAILED;
}

#endif
