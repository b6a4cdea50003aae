/* A free list threaded through the free pages themselves: each free page's first word
 * points to the next free page. */
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

/* Below this much free RAM not even a handful of processes fit, so the kernel refuses
 * to boot with a message rather than failing strangely later. */
#define MIN_FREE_BYTES (2048u * 1024u)

uint32_t kalloc_top;

void kalloc_init(uint32_t top)
{
    kalloc_top = top;
    uint32_t first_free = PAGE_ROUND_UP(kernel_end);
    if (first_free > RAM_END || RAM_END - first_free < MIN_FREE_BYTES)
        panic("kalloc_init: RAM is %u KiB but the kernel image needs %u KiB and at least %u KiB "
              "free after it; give the machine more (vmsim --memory MIB)",
              (unsigned)((RAM_END - KERNEL_BASE) / 1024), (unsigned)((first_free - KERNEL_BASE) / 1024),
              MIN_FREE_BYTES / 1024);
    for (uint32_t a = PAGE_ROUND_UP(kernel_end); a + PAGE_SIZE <= kalloc_top; a += PAGE_SIZE) {
        page_free((void *)a);
        managed_count++;
    }
}

void *page_alloc(void)
{
    struct free_page *page = free_list;
    if (!page)
        return NULL;
    free_list = page->next;
    free_count--;
    memset(page, 0, PAGE_SIZE);
    return page;
}

void page_free(void *page)
{
    uint32_t a = (uint32_t)page;
    if (a % PAGE_SIZE || a < (uint32_t)kernel_end || a >= kalloc_top)
        panic("page_free: %p is not a free-able page", page);
    struct free_page *p = page;
    p->next = free_list;
    free_list = p;
    free_count++;
}

uint32_t pages_free_count(void)
{
    return free_count;
}

uint32_t pages_managed_count(void)
{
    return managed_count;
}
