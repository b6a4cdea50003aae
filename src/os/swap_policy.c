/* The replacement policies over the resident list (kalloc.h: owned user pages in the
 * order they got their frame):
 *   fifo    the oldest page goes, used or not;
 *   clock   second chance: the oldest page goes unless its A bit says it was used since
 *           the hand last passed; then A is cleared and the page goes to the back;
 *   lru     aging, an LRU approximation: each pass shifts every page's A bit into an
 *           8-bit age (newest reference in the top bit) and clears A; the pages with the
 *           smallest ages, the least recently used as far as the bits tell, go;
 *   random  pages picked at random (a fixed seed, so runs repeat). */
#include "swap_policy.h"

#include "kalloc.h"
#include "string.h"
#include "swap.h"

static bool chosen_already(void **victims, unsigned count, const void *page)
{
    for (unsigned i = 0; i < count; i++)
        if (victims[i] == page)
            return true;
    return false;
}

/* Once a pass has found a victim it may stop after this many pages: when most resident
 * pages cannot go now, a batch smaller than asked beats a walk over all of RAM at every
 * fault. With none found yet, a pass goes on (an empty answer means
 * nothing can go, and the process may be killed for want of memory). */
#define ENOUGH_LOOKING 256u

static unsigned fifo_choose(void **victims, unsigned want)
{
    unsigned count = 0, looked = 0;
    for (void *page = resident_first(); page && count < want; page = resident_next(page)) {
        if (swap_evictable(page))
            victims[count++] = page;
        if (count && ++looked >= ENOUGH_LOOKING)
            break;
    }
    return count;
}

static unsigned clock_choose(void **victims, unsigned want)
{
    unsigned count = 0, looked = 0;
    /* Two trips round the list at most: after one, every A bit is clear. */
    uint32_t steps = 2 * pages_managed_count();
    void *page = resident_first();
    while (page && count < want && steps-- && !(count && looked++ >= ENOUGH_LOOKING)) {
        void *next = resident_next(page);
        if (!swap_evictable(page) || swap_test_and_clear_accessed(page))
            resident_move_to_tail(page); /* a second chance, or not evictable now: the hand passes on */
        else if (!chosen_already(victims, count, page))
            victims[count++] = page;
        page = next ? next : resident_first();
    }
    return count;
}

static unsigned lru_choose(void **victims, unsigned want)
{
    unsigned count = 0;
    uint8_t ages[32];
    if (want > sizeof ages)
        want = sizeof ages;
    for (void *page = resident_first(); page; page = resident_next(page)) {
        if (!swap_evictable(page))
            continue;
        uint8_t *age = page_age(page);
        *age = (uint8_t)((*age >> 1) | (swap_test_and_clear_accessed(page) ? 0x80 : 0));
        /* Keep the `want` smallest ages seen, in order; on a tie the older page stays. */
        unsigned at = count;
        while (at > 0 && ages[at - 1] > *age)
            at--;
        if (at == want)
            continue;
        unsigned last = count < want ? count : want - 1;
        for (unsigned i = last; i > at; i--) {
            victims[i] = victims[i - 1];
            ages[i] = ages[i - 1];
        }
        victims[at] = page;
        ages[at] = *age;
        if (count < want)
            count++;
    }
    return count;
}

static uint32_t random_state = 1;

static uint32_t next_random(void)
{
    /* xorshift32 */
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

static unsigned random_choose(void **victims, unsigned want)
{
    unsigned count = 0;
    uint32_t frames = pages_managed_count();
    for (uint32_t tries = 0; count < want && tries < 64 * want; tries++) {
        void *page = page_by_number(next_random() % frames);
        if (swap_evictable(page) && !chosen_already(victims, count, page))
            victims[count++] = page;
    }
    return count ? count : fifo_choose(victims, want); /* few pages are evictable: take any */
}

const struct swap_policy swap_policy_fifo = {.name = "fifo", .choose = fifo_choose};
const struct swap_policy swap_policy_clock = {.name = "clock", .choose = clock_choose};
const struct swap_policy swap_policy_lru = {.name = "lru", .choose = lru_choose};
const struct swap_policy swap_policy_random = {.name = "random", .choose = random_choose};

const struct swap_policy *swap_policy_named(const char *name)
{
    static const struct swap_policy *const all[] = {&swap_policy_fifo, &swap_policy_clock, &swap_policy_lru,
                                                    &swap_policy_random};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}
