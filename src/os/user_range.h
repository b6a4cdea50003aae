/* Checked arithmetic on address ranges a user names: an ELF segment, the program break, an
 * mmap request, a system-call buffer. A sum start + length computed in 32 bits wraps near
 * the top of the address space and then passes a naive `end <= limit` test, so every such
 * check goes through these functions, which never form the sum. Header-only and free of
 * kernel state, so host-built tests and fuzz targets use the same code. */
#ifndef OS_USER_RANGE_H
#define OS_USER_RANGE_H

#include "abi/user_layout.h"
#include "types.h"

/* True when [start, start + length) lies inside [low, high). An empty range may sit at
 * high itself. */
static inline bool range_inside(uint32_t start, uint32_t length, uint32_t low, uint32_t high)
{
    return low <= start && start <= high && length <= high - start;
}

/* True when [start, start + length) is all user address space: [USER_BASE, USER_TOP). It
 * says nothing about what is mapped there; the page tables decide that. */
static inline bool user_range_valid(uint32_t start, uint32_t length)
{
    return range_inside(start, length, USER_BASE, USER_TOP);
}

#endif
