/* Shared helpers for the bare-metal benchmark workloads: a deterministic pseudo-random
 * generator, a checksum fold, and the one way every workload reports and ends, so that
 * compare.sh can parse the same line from vmsim and from QEMU. */
#ifndef VMSIM_BENCH_H
#define VMSIM_BENCH_H

#include <stdint.h>

#include "baremetal.h"

/* Puts a workload's mutable data on pages of its own. The linker script places data right
 * after code, and a store into a page that holds code makes vmsim (and QEMU) throw away
 * what they decoded from that page: the workloads measure instruction execution, not that
 * (see README.md, "Code and data on one page"). */
#define BENCH_DATA __attribute__((aligned(4096)))

/* xorshift32: cheap, fully specified by its seed, the same on every emulator and host.
 * The state must never be 0. */
static inline uint32_t bench_random(uint32_t *state)
{
    uint32_t s = *state;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    *state = s;
    return s;
}

/* Folds one value into a running checksum. Order-sensitive, so a result in the wrong place
 * changes the checksum even when the multiset of values is right. */
static inline uint32_t bench_mix(uint32_t checksum, uint32_t value)
{
    checksum ^= value;
    checksum *= 0x01000193u; /* the 32-bit FNV prime */
    return checksum ^ (checksum >> 15);
}

/* Prints "bench NAME: checksum 0x........ ok" and passes, or reports the mismatch and fails
 * with exit code 1. `expected` was computed once (on QEMU and natively on the host) and is
 * embedded in each workload, so an emulator that computes wrongly fails the benchmark. */
void bench_finish(const char *name, uint32_t checksum, uint32_t expected) __attribute__((noreturn));

#endif
