/* Guest memory access for the interpreter: an inline fast path for naturally aligned RAM
 * accesses, and the slow path (misalignment, devices, flagged RAM pages) in memory.c.
 * Guest faults are values: MEM_FAULT leaves the cause and tval in h->fault_cause and
 * h->fault_tval for the caller to raise. */
#ifndef VMSIM_MMU_MEMORY_H
#define VMSIM_MMU_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/hart.h"
#include "mmu/bus.h"

enum mem_status {
    MEM_OK,     /* done, in RAM */
    MEM_DEVICE, /* done, but it touched a device or a watched page: re-check interrupts */
    MEM_FAULT,  /* not done: raise h->fault_cause with h->fault_tval */
};

#define MEM_RESULT __attribute__((warn_unused_result))

enum mem_status mem_load(struct hart *h, uint32_t address, unsigned size, uint32_t *value) MEM_RESULT;
enum mem_status mem_store(struct hart *h, uint32_t address, unsigned size, uint32_t value) MEM_RESULT;

/* Resolves an atomic read-modify-write of the aligned word at virtual `address` (LR, SC,
 * AMO) to a host pointer and its physical address. AMOs work on RAM only; anything else is
 * an access fault. MEM_DEVICE asks the caller to re-check after the instruction. */
enum mem_status mem_atomic_pointer(struct hart *h, uint32_t address, bool is_load_reserved,
                                   uint8_t **host, uint32_t *paddr) MEM_RESULT;

/* Finishes an atomic store made through mem_atomic_pointer (keeps caches coherent);
 * MEM_DEVICE if a watcher saw the store or the batch must end. */
enum mem_status mem_atomic_stored(struct hart *h, uint32_t paddr);

/* Resolves the page of an instruction fetch at `pc` to a RAM page index. */
enum mem_status mem_fetch_page(struct hart *h, uint32_t pc, uint32_t *page_index) MEM_RESULT;

/* Fast paths: true when the access was done here; false sends the caller to the slow path.
 * Hosts are little-endian (checked at build time), so a guest word is a host word. The
 * interpreter passes a copy of the bus's RAM descriptor it keeps in registers. */
static inline bool mem_fast_load(const struct ram *ram, uint32_t address, unsigned size,
                                 uint32_t *value)
{
    uint32_t offset = address - ram->base;
    if (__builtin_expect(offset < ram->size && (offset & (size - 1)) == 0, 1)) {
        *value = ram_load_value(ram->bytes + offset, size);
        return true;
    }
    return false;
}

static inline bool mem_fast_store(const struct ram *ram, uint32_t address, unsigned size,
                                  uint32_t value)
{
    uint32_t offset = address - ram->base;
    if (__builtin_expect(offset < ram->size && (offset & (size - 1)) == 0 &&
                             !ram_store_needs_notice(ram, offset),
                         1)) {
        ram_store_value(ram->bytes + offset, size, value);
        return true;
    }
    return false;
}

#endif
