/* The swap area's on-disk format, shared by the kernel (src/os/swap.c) and the host tools
 * that make one (vmsim-fs swap, and vmsim for the private copy of rootfs.img).
 *
 * The swap area is the part of the disk after the file system: it starts at the byte
 * superblock.size * FS_BLOCK_SIZE, which is where the file system ends.
 *
 *   page 0          the header (struct swap_header), the rest of the page zero
 *   page 1 + i      slot i: one 4 KiB page of a process, while it is swapped out
 *
 * The kernel checks the header at boot; a header that fails the check is reported on the
 * console and the kernel runs without swap (the file system is not touched). Slots hold
 * nothing across boots. */
#ifndef OS_ABI_SWAP_FORMAT_H
#define OS_ABI_SWAP_FORMAT_H

#include <stdint.h>

#define SWAP_MAGIC 0x77736d76u /* "vmsw" as little-endian bytes */
#define SWAP_VERSION 1u
#define SWAP_PAGE_SIZE 4096u
/* The kernel keeps a byte per slot: at most this many (256 MiB of swap). */
#define SWAP_MAX_SLOTS 65536u

struct swap_header {
    uint32_t magic;   /* SWAP_MAGIC */
    uint32_t version; /* SWAP_VERSION */
    uint32_t slots;   /* slots after the header, 1 to SWAP_MAX_SLOTS */
    uint32_t check;   /* swap_header_check() of the fields above */
};

static inline uint32_t swap_header_check(const struct swap_header *h)
{
    return ~(h->magic ^ (h->version * 0x9e3779b9u) ^ (h->slots * 0x85ebca6bu));
}

#endif
