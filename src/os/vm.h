/* Sv32 page tables: the kernel's mappings and the mechanics of building user tables.
 * What belongs in a user address space is decided in addrspace.c. */
#ifndef OS_VM_H
#define OS_VM_H

#include "riscv.h"
#include "types.h"

/* Builds the kernel's mappings and turns paging on with the kernel-only table. */
void vm_init(void);

/* The satp value for the kernel-only table (ASID 0), used when no process runs. */
uint32_t vm_kernel_satp(void);

/* A new root table holding the kernel's global mappings and nothing else; NULL when out
 * of memory. */
pte_t *vm_create_root(void);

/* The level-0 PTE for va in root, creating the level-1 table if `create` (NULL if there
 * is none, or out of memory). Precondition: va is a user address (below RAM). */
pte_t *vm_walk(pte_t *root, uint32_t va, bool create);

/* Maps the 4 KiB page at va to physical page pa with `flags` (PTE_R/W/X/U...). False when
 * a level-1 table is needed and memory is exhausted. */
bool vm_map_page(pte_t *root, uint32_t va, uint32_t pa, uint32_t flags);

/* Drops a reference to every user page under root (shared frames stay for their other
 * owners), frees the level-1 tables, then root itself. */
void vm_free_root(pte_t *root);

#endif
