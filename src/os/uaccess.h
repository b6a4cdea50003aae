/* Moving bytes between the kernel and a user address space. The kernel never
 * dereferences a user pointer: it translates each page through the process's page table
 * in software, checks the U bit and the permission, and demand-loads the page if it is
 * part of the program or stack but not touched yet. All return 0 or -EFAULT. */
#ifndef OS_UACCESS_H
#define OS_UACCESS_H

#include "addrspace.h"
#include "types.h"

int copy_from_user(struct address_space *as, void *destination, uint32_t user_source, size_t length);
int copy_to_user(struct address_space *as, uint32_t user_destination, const void *source, size_t length);

/* Copies a NUL-terminated string of at most size - 1 characters; -E2BIG when it does
 * not fit. */
int copy_string_from_user(struct address_space *as, char *destination, uint32_t user_source, size_t size);

#endif
