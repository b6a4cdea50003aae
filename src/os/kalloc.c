/* A free list threaded through the freed pages themselves: each one's first word points
 * to the next. Pages never allocated since boot are not on it: they are handed out from
 * the top of RAM down once the list is empty, so that boot does not write to every page
 * of RAM (on vmsim each first touch of a guest page costs the host a page fault). The
 * order is the one a list of all pages made at boot would give. What the allocator knows
 * about each frame (struct frame: references, and the owner of a user page with its
 * place in the resident list) lives in the first pages after the kernel image. */
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
/* Pages in [first_frame, never_allocated_end) have not been allocated since boot. */
static uint32_t never_allocated_end;

/* frames[i] describes the frame at first_frame + i * PAGE_SIZE. */
struct frame {
    uint16_t refs;  /* 0: free */
    uint8_t age;    /* the pager's reference history (page_age) */
    uint8_t listed; /* on the resident list */
    uint32_t owner_va;
    struct address_space *owner;
    uint32_t prev, next; /* neighbours on the resident list, NO_FRAME at its ends */
};
#define NO_FRAME 0xffffffffu

static struct frame *frames;
static uint32_t first_frame;
/* The resident list: owned user pages in the order they got their owner. */
static uint32_t resident_head = NO_FRAME, resident_tail = NO_FRAME;

/* Below this much free RAM not even a handful of processes fit, so the kernel refuses
 * to boot with a message rather than failing strangely later. */
#define MIN_FREE_BYTES (2048u * 1024u)

uint32_t kalloc_top;

static uint32_t index_of(const void *page)
{
    uint32_t a = (uint32_t)page;
    if (a % PAGE_SIZE || !page_is_managed(a))
        panic("kalloc: %p is not a page the allocator manages", page);
    return (a - first_frame) / PAGE_SIZE;
}

static void *page_at(uint32_t index)
{
    return index == NO_FRAME ? NULL : (void *)(first_frame + index * PAGE_SIZE);
}

static uint16_t *ref_of(const void *page)
{
    return &frames[index_of(page)].refs;
}

static void resident_unlink(uint32_t i)
{
    struct frame *f = &frames[i];
    if (!f->listed)
        return;
    if (f->prev != NO_FRAME)
        frames[f->prev].next = f->next;
    else
        resident_head = f->next;
    if (f->next != NO_FRAME)
        frames[f->next].prev = f->prev;
    else
        resident_tail = f->prev;
    f->listed = 0;
}

static void resident_append(uint32_t i)
{
    struct frame *f = &frames[i];
    f->prev = resident_tail;
    f->next = NO_FRAME;
    if (resident_tail != NO_FRAME)
        frames[resident_tail].next = i;
    else
        resident_head = i;
    resident_tail = i;
    f->listed = 1;
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
    /* A struct frame for every frame up to top, then the frames themselves. */
    uint32_t count = (kalloc_top - first_free) / PAGE_SIZE;
    frames = (struct frame *)first_free;
    first_frame = PAGE_ROUND_UP(first_free + count * sizeof *frames);
    memset(frames, 0, first_frame - first_free);
    free_count = managed_count = kalloc_top > first_frame ? (kalloc_top - first_frame) / PAGE_SIZE : 0;
    never_allocated_end = first_frame + managed_count * PAGE_SIZE;
}

bool page_is_managed(uint32_t a)
{
    return a >= first_frame && a < kalloc_top;
}

void *page_alloc(void)
{
    struct free_page *page = free_list;
    if (page) {
        free_list = page->next;
    } else if (never_allocated_end > first_frame) {
        never_allocated_end -= PAGE_SIZE;
        page = (struct free_page *)never_allocated_end;
    } else {
        return NULL;
    }
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
    uint32_t i = index_of(page);
    resident_unlink(i);
    frames[i].owner = NULL;
    frames[i].age = 0;
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

void page_set_owner(void *page, struct address_space *as, uint32_t va)
{
    uint32_t i = index_of(page);
    frames[i].owner = as;
    frames[i].owner_va = va;
    if (!frames[i].listed)
        resident_append(i);
}

struct address_space *page_owner(const void *page, uint32_t *va)
{
    const struct frame *f = &frames[index_of(page)];
    *va = f->owner_va;
    return f->owner;
}

uint8_t *page_age(void *page)
{
    return &frames[index_of(page)].age;
}

void *resident_first(void)
{
    return page_at(resident_head);
}

void *resident_next(const void *page)
{
    return page_at(frames[index_of(page)].next);
}

void resident_move_to_tail(void *page)
{
    uint32_t i = index_of(page);
    if (!frames[i].listed)
        return;
    resident_unlink(i);
    resident_append(i);
}

void *page_by_number(uint32_t n)
{
    return n < managed_count ? page_at(n) : NULL;
}

struct frame_table_layout kalloc_frame_table(void)
{
    return (struct frame_table_layout){
        .records = (uint32_t)frames,
        .stride = sizeof(struct frame),
        .count_offset = __builtin_offsetof(struct frame, refs),
        .count_size = sizeof frames->refs,
        .first_frame = first_frame,
        .frames = managed_count,
    };
}
