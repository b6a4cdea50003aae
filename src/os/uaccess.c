/* Checked copies between kernel and user memory, one page at a time. */
#include "uaccess.h"

#include "abi/errno.h"
#include "memlayout.h"
#include "string.h"
#include "user_range.h"
#include "vm.h"

/* The kernel address of the user byte at va if the user may access it this way; the page
 * is demand-loaded if needed. NULL if the user could not make this access itself. */
static uint8_t *user_byte_address(struct address_space *as, uint32_t va, enum access_kind access)
{
    if (va < USER_BASE || va >= USER_TOP)
        return NULL;
    if (addrspace_fault(as, va, access, NULL) != FAULT_HANDLED)
        return NULL;
    pte_t *pte = vm_walk(as->root, va, false);
    if (!pte || !(*pte & PTE_V) || !(*pte & PTE_U))
        return NULL;
    return (uint8_t *)(PA_FROM_PTE(*pte) + (va & (PAGE_SIZE - 1)));
}

static size_t bytes_left_in_page(uint32_t va)
{
    return PAGE_SIZE - (va & (PAGE_SIZE - 1));
}

int copy_from_user(struct address_space *as, void *destination, uint32_t user_source, size_t length)
{
    uint8_t *d = destination;
    if (length && !user_range_valid(user_source, length))
        return -EFAULT; /* checked whole first: nothing is copied from a range that wraps */
    while (length) {
        uint8_t *s = user_byte_address(as, user_source, ACCESS_READ);
        if (!s)
            return -EFAULT;
        size_t chunk = bytes_left_in_page(user_source);
        if (chunk > length)
            chunk = length;
        memcpy(d, s, chunk);
        d += chunk;
        user_source += chunk;
        length -= chunk;
    }
    return 0;
}

int copy_to_user(struct address_space *as, uint32_t user_destination, const void *source, size_t length)
{
    const uint8_t *s = source;
    if (length && !user_range_valid(user_destination, length))
        return -EFAULT; /* checked whole first: nothing is written to a range that wraps */
    while (length) {
        uint8_t *d = user_byte_address(as, user_destination, ACCESS_WRITE);
        if (!d)
            return -EFAULT;
        size_t chunk = bytes_left_in_page(user_destination);
        if (chunk > length)
            chunk = length;
        memcpy(d, s, chunk);
        s += chunk;
        user_destination += chunk;
        length -= chunk;
    }
    return 0;
}

int copy_string_from_user(struct address_space *as, char *destination, uint32_t user_source, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        const uint8_t *s = user_byte_address(as, user_source + i, ACCESS_READ);
        if (!s)
            return -EFAULT;
        destination[i] = (char)*s;
        if (!*s)
            return 0;
    }
    return -E2BIG;
}
