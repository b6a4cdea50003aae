/* A free list threaded through the free pages themselves: each free page's first word
 * points to the next free page. The reference counts live in the first pages after the
 * kernel image, one 16-bit count per managed frame. */
#include "kalloc.h"

#include "memlayout.h"
#include "printf.h"
#include "riscv.h"
#include "string.h"

extern char kernel_end[]; /* first byte after the kernel image (kernel.ld) */

struct free_page {
    struct free_page *next;
};

static struct free_page *free_list;
static uint32_t free_count, managed_count;

/* refs[i] counts the references to frame first_frame + i * PAGE_SIZE (0: free). */
static uint16_t *refs;
static uint32_t first_frame;

/* Below this much free RAM not even a handful of processes fit, so the kernel refuses
 * to boot with a message rather than failing strangely later. */
#define MIN_FREE_BYTES (2048u * 1024u)

uint32_t kalloc_top;

static uint16_t *ref_of(const void *page)
{
    uint32_t a = (uint32_t)page;
    if (a % PAGE_SIZE || !page_is_managed(a))
        panic("kalloc: %p is not a page the allocator manages", page);
    return &refs[(a - first_frame) / PAGE_SIZE];
}

void kalloc_init(uint32_t top)
{
    kalloc_top = top;
    uint32_t first_free = PAGE_ROUND_UP(kernel_end);
    if (first_free > RAM_END || RAM_END - first_free < MIN_FREE_BYTES)
        panic("kalloc_init: RAM is %u KiB but the kernel image needs %u KiB and at least %u KiB "
              "free after it; give the machine more (vmsim --memory MIB)",
              (unsigned)((RAM_END - KERNEL_BASE) / 1024), (unsigned)((first_free - KERNEL_BASE) / 1024),
              MIN_FREE_BYTES / 1024);
    /* The counts for every frame up to top, then the frames themselves. */
    uint32_t frames = (kalloc_top - first_free) / PAGE_SIZE;
    refs = (uint16_t *)first_free;
    first_frame = PAGE_ROUND_UP(first_free + frames * sizeof *refs);
    memset(refs, 0, first_frame - first_free);
    for (uint32_t a = first_frame; a + PAGE_SIZE <= kalloc_top; a += PAGE_SIZE) {
        struct free_page *p = (struct free_page *)a;
        p->next = free_list;
        free_list = p;
        free_count++;
    }
    managed_count = free_count;
}

bool page_is_managed(uint32_t a)
{
    return a >= first_frame && a < kalloc_top;
}

void *page_alloc(void)
{
    struct free_page *page = free_list;
    if (!page)
        return NULL;
    free_list = page->next;
    free_count--;
    *ref_of(page) = 1;
    memset(page, 0, PAGE_SIZE);
    return page;
}

void page_free(void *page)
{
    uint16_t *ref = ref_of(page);
    if (*ref == 0)
        panic("page_free: %p is free already", page);
    if (--*ref > 0)
        return;
    struct free_page *p = page;
    p->next = free_list;
    free_list = p;
    free_count++;
}

void page_ref(void *page)
{
    uint16_t *ref = ref_of(page);
    if (*ref == 0 || *ref == 0xffff)
        panic("page_ref: %p has %u references", page, (unsigned)*ref);
    ++*ref;
}

uint32_t page_ref_count(const void *page)
{
    return *ref_of(page);
}

uint32_t pages_free_count(void)
{
    return free_count;
}

uint32_t pages_managed_count(void)
{
    return managed_count;
}

const uint16_t *page_ref_counts(uint32_t *first)
{
    *first = first_frame;
    return refs;
}
