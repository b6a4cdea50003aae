/* The bits of a user PTE that the kernel, not the hardware, gives meaning to: the two RSW
 * bits (9:8) of a valid PTE, and the whole of an invalid one. Shared by the kernel and by
 * vmsim's views of page tables, which show them.
 *
 *   valid leaf (V = 1):
 *     31                    10  9    8    7 6 5 4 3 2 1 0
 *    | PPN                    | 0  | COW | D A G U X W R V |
 *
 *     COW  the page is shared copy-on-write: W is clear although the region is
 *          writable; the first store faults and the kernel copies the frame (or, if no
 *          one else maps it any more, just sets W again).
 *
 *   invalid (V = 0), not zero: a swapped-out page
 *     31                    10  9    8 7 6 5 4 3 2 1 0
 *    | swap slot              | 1  | 0 0 0 0 U X W R 0 |
 *
 *     SWAPPED  the page's contents are in this swap slot (src/os/swap.h); its
 *              permissions are kept in U X W R (W also for a copy-on-write page).
 *              Several PTEs may hold one slot (fork, or a shared frame that went
 *              out): the page comes back as one frame for all of them, then
 *              copy-on-write again; for one alone, writable.
 *
 *   A zero PTE means the page was never touched (or was freed): the region decides what
 *   a touch means (demand zero, a program page, or a fault). */
#ifndef OS_ABI_PTE_SOFTWARE_H
#define OS_ABI_PTE_SOFTWARE_H

#define PTE_COW (1u << 8)
#define PTE_SWAPPED (1u << 9)
#define PTE_SWAP_SLOT_SHIFT 10

#endif
