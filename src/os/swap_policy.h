/* Page replacement policies: which resident user pages leave RAM when it runs short. A
 * policy only chooses (and may clear A bits to watch for references); swap.c moves the
 * pages. Chosen at boot with the kernel option evict= (abi/kernel_options.h). */
#ifndef OS_SWAP_POLICY_H
#define OS_SWAP_POLICY_H

#include "types.h"

struct swap_policy {
    const char *name;
    /* Fills victims with up to `want` different pages that swap_evictable accepts;
     * returns how many. */
    unsigned (*choose)(void **victims, unsigned want);
};

extern const struct swap_policy swap_policy_fifo, swap_policy_clock, swap_policy_lru, swap_policy_random;

/* The policy called name, or NULL. */
const struct swap_policy *swap_policy_named(const char *name);

#endif
