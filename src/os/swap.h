/* Swapping: when RAM runs short, user pages move to the swap area on the disk
 * (abi/swap_format.h: the part of the disk after the file system) and come back on their
 * next touch. Which pages go is the replacement policy's choice (swap_policy.h), chosen
 * at boot with the kernel option evict=. A swapped-out page's PTE holds its slot
 * (abi/pte_software.h). */
#ifndef OS_SWAP_H
#define OS_SWAP_H

#include "addrspace.h"
#include "riscv.h"
#include "types.h"

/* Kernel options (abi/kernel_options.h): the policy by name, and how much of the swap
 * area to use ("0": none). False for a value the kernel does not know. */
bool swap_select_policy(const char *name);
bool swap_set_limit(const char *mib);
const char *swap_policy_name(void);

/* Finds the swap area after the mounted file system and checks its header. A damaged
 * header is reported on the console; the kernel then runs without swap. */
void swap_init(void);

uint32_t swap_slots_total(void);
uint32_t swap_slots_used(void);

/* Pages moved since boot, for meminfo and the MEMORY reports. */
struct swap_counters {
    uint32_t swap_ins, swap_outs;
};
extern struct swap_counters swap_counters;

/* Called before a page fault takes a frame for a user page: when few frames are free,
 * moves pages out to swap until enough are (or nothing more can go: no swap, or a full
 * swap area). A page shared copy-on-write by several address spaces goes out like any
 * other: every PTE that maps it gets the slot. Keeping a few frames free leaves room for
 * the kernel's own allocations (page tables, fork), which never swap. */
void swap_make_room(void);

/* A touch of a swapped-out page (*pte has PTE_SWAPPED): reads it back into a frame and
 * maps it with the permissions it had, in this address space and in every other that
 * holds the same slot (then copy-on-write in all of them). */
enum fault_result swap_in(struct address_space *as, uint32_t va, pte_t *pte, struct fault_report *report);

/* fork copies a swapped-out PTE: the slot gets one more reference (a slot counts the
 * PTEs that hold it). */
void swap_slot_share(pte_t pte);
/* A swapped-out page is dropped (exit, exec, munmap, sbrk): its slot loses a reference. */
void swap_slot_release(pte_t pte);

/* For the replacement policies: whether page may be evicted now: it is a user page and
 * every reference to it is a PTE the pager finds (its owner's, or for a page shared by
 * fork, one at the same address in each process that shares it). */
bool swap_evictable(void *page);
/* Whether the page was touched since the last call (the A bit of any PTE that maps it),
 * clearing A in all of them. */
bool swap_test_and_clear_accessed(void *page);

#endif
