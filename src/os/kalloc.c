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
static uint32_t free_count;

void kalloc_init(void)
{
    for (uint32_t a = PAGE_ROUND_UP(kernel_end); a + PAGE_SIZE <= RAM_END; a += PAGE_SIZE)
        page_free((void *)a);
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
    if (a % PAGE_SIZE || a < (uint32_t)kernel_end || a >= RAM_END)
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
