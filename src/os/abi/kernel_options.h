/* The kernel's command-line options: the words NAME=VALUE of the boot command line
 * (abi/bootargs.h). One list that the kernel parses (src/os/main.c) and vmsim checks
 * --append against before it boots (src/machine/os_boot.c), so that a misspelt option is
 * refused with a message instead of quietly becoming an argument of init.
 *
 *   X(name, values, what): values is "a|b|c" (one of these words) or "LOW..HIGH" (a whole
 *   number in that range). "quiet" (no boot messages) is a word without a value. */
#ifndef OS_ABI_KERNEL_OPTIONS_H
#define OS_ABI_KERNEL_OPTIONS_H

#define KERNEL_OPTIONS(X)                                                                  \
    X(sched, "rr|priority", "scheduling policy: round robin or strict priority")           \
    X(slice, "1..1000", "time slice in timer ticks of 1 ms (default 5)")                  \
    X(evict, "clock|fifo|lru|random", "page replacement policy when swapping (default clock)") \
    X(swap, "0..256", "MiB of the disk's swap area to use (default all; 0: no swap)")          \
    X(console, "terminal|pipe", "input typed or piped (default: what vmsim's stdin is)")

#define KERNEL_SLICE_MIN 1
#define KERNEL_SLICE_MAX 1000
#define KERNEL_SLICE_DEFAULT 5
#define KERNEL_SWAP_MAX_MIB 256 /* abi/swap_format.h SWAP_MAX_SLOTS pages */

#endif
