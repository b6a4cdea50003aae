/* What meminfo() reports about physical memory and paging, for the memory tests and demos.
 * Shared by the kernel and user programs. Counts are since boot. */
#ifndef OS_ABI_MEMINFO_H
#define OS_ABI_MEMINFO_H

#include <stdint.h>

struct meminfo {
    uint32_t free_frames;          /* 4 KiB frames free now */
    uint32_t total_frames;         /* every frame the kernel's allocator manages */
    uint32_t swap_slots_used;      /* 4 KiB slots of the swap area in use (0 without swap) */
    uint32_t swap_slots_total;     /* 0: no swap */
    uint32_t demand_zero_faults;   /* pages given a zeroed frame on first touch */
    uint32_t program_faults;       /* program pages read on first touch */
    uint32_t copy_on_write_faults; /* stores to pages shared copy-on-write */
    uint32_t frames_copied;        /* of those, the ones that copied a frame */
    uint32_t swap_ins, swap_outs;  /* pages read from and written to the swap area */
    /* The calling process: */
    uint32_t resident_pages;       /* its pages that have a frame now */
    uint32_t process_demand_zero_faults; /* since its exec (a fork child starts at 0) */
    uint32_t process_frames_copied;      /* copy-on-write copies it made, likewise */
};

#endif
