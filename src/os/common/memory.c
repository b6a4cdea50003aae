/* memset, memcpy and memmove for every guest program vmsim builds: the kernel, the user
 * library (where they replace picolibc's, which Debian builds for size and which move a
 * byte at a time) and the bare-metal runtime, so that a workload does the same work in all
 * three. They move aligned words where they can: clearing and copying pages and buffers
 * is most of what guest code does with memory in bulk. Freestanding: the compiler's own
 * headers only. */
#include <stddef.h>
#include <stdint.h>

/* A word that may alias anything, as these functions' buffers do. */
typedef uint32_t __attribute__((may_alias)) memory_word;

/* GCC would turn the loops below into calls of the very functions they implement. */
#define BULK_MEMORY __attribute__((optimize("no-tree-loop-distribute-patterns")))

BULK_MEMORY void *memset(void *destination, int value, size_t length)
{
    uint8_t *d = destination;
    uint8_t byte = (uint8_t)value;
    for (; ((uintptr_t)d & 3) && length; length--)
        *d++ = byte;
    memory_word word = byte * 0x01010101u;
    for (; length >= 4; length -= 4, d += 4)
        *(memory_word *)d = word;
    while (length--)
        *d++ = byte;
    return destination;
}

BULK_MEMORY void *memcpy(void *destination, const void *source, size_t length)
{
    uint8_t *d = destination;
    const uint8_t *s = source;
    if ((((uintptr_t)d ^ (uintptr_t)s) & 3) == 0) {
        for (; ((uintptr_t)d & 3) && length; length--)
            *d++ = *s++;
        for (; length >= 4; length -= 4, d += 4, s += 4)
            *(memory_word *)d = *(const memory_word *)s;
    }
    while (length--)
        *d++ = *s++;
    return destination;
}

BULK_MEMORY void *memmove(void *destination, const void *source, size_t length)
{
    uint8_t *d = destination;
    const uint8_t *s = source;
    if (d <= s || d >= s + length)
        return memcpy(destination, source, length);
    /* The destination overlaps the source's end: backwards. */
    while (length--)
        d[length] = s[length];
    return destination;
}
