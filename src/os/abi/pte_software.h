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
 *   invalid (V = 0), not zero:
 *     31                    10  9    8 ...             1   0
 *    | swap slot              | 1  | R W X of the page | 0 |
 *
 *     SWAPPED  the page's contents are in this swap slot (src/os/swap.h); its
 *              permissions are kept in bits 3:1 and the COW bit as above.
 *
 *   A zero PTE means the page was never touched (or was freed): the region decides what
 *   a touch means (demand zero, a program page, or a fault). */
#ifndef OS_ABI_PTE_SOFTWARE_H
#define OS_ABI_PTE_SOFTWARE_H

#define PTE_COW (1u << 8)
#define PTE_SWAPPED (1u << 9)
#define PTE_SWAP_SLOT_SHIFT 10

#endif
