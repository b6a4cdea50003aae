/* The slow path of guest memory access: translation, alignment, RAM pages with watchers
 * or cached code, and device registers. */
#include "cpu/memory.h"

#include "cpu/csr.h"
#include "mmu/mmu.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "vmsim assumes a little-endian host"
#endif

static enum mem_status fault(struct hart *h, uint32_t cause, uint32_t address)
{
    h->fault_cause = cause;
    h->fault_tval = address;
    return MEM_FAULT;
}

/* Translates and checks that the result is a 32-bit physical address. */
static bool translate(struct hart *h, uint32_t vaddr, enum tlb_access access, uint32_t *paddr)
{
    struct mmu_result r = mmu_translate(h->mmu, vaddr, access);
    if (r.faulted) {
        fault(h, r.fault_cause, vaddr);
        return false;
    }
    if (r.paddr > UINT32_MAX) {
        fault(h, mmu_access_fault_cause(access), vaddr);
        return false;
    }
    *paddr = (uint32_t)r.paddr;
    /* The timing model: a walk costs cycles, which may carry the hart past the deadline of
     * its batch (the next timer interrupt); the MMU has no hart, so the check is here. */
    if (r.walked)
        hart_check_cycle_deadline(h);
    return true;
}

/* A data access that evicted the code page's TLB entry must end the batch, so that the
 * next fetch looks the page up again as the hardware would; so must one whose TLB miss
 * took the hart past its cycle deadline (hart_set_cycle_deadline). */
static enum mem_status after_translation(const struct hart *h, enum mem_status status)
{
    return (status == MEM_OK && (h->mmu->fetch_entry_lost || h->stop_requested)) ? MEM_DEVICE : status;
}

static enum mem_status physical_load(struct hart *h, uint32_t vaddr, uint32_t paddr, unsigned size,
                                     uint32_t *value)
{
    if (bus_in_ram(h->bus, paddr, size)) {
        *value = ram_load_value(bus_ram_pointer(h->bus, paddr), size);
        return MEM_OK;
    }
    const struct bus_region *r = bus_find_device(h->bus, paddr);
    if (!r || size > r->size || paddr - r->base > r->size - size || (paddr & (size - 1)))
        return fault(h, (paddr & (size - 1)) && r ? CAUSE_MISALIGNED_LOAD : CAUSE_LOAD_ACCESS, vaddr);
    uint32_t v;
    if (!r->ops->read(r->opaque, paddr - r->base, size, &v))
        return fault(h, CAUSE_LOAD_ACCESS, vaddr);
    /* Devices need not mask: an lbu must never see bits above its byte. */
    *value = size == 4 ? v : v & ((1u << (8 * size)) - 1);
    return MEM_DEVICE;
}

static enum mem_status physical_store(struct hart *h, uint32_t vaddr, uint32_t paddr, unsigned size,
                                      uint32_t value)
{
    if (bus_in_ram(h->bus, paddr, size)) {
        ram_store_value(bus_ram_pointer(h->bus, paddr), size, value);
        return bus_note_ram_store(h->bus, paddr, size) ? MEM_DEVICE : MEM_OK;
    }
    const struct bus_region *r = bus_find_device(h->bus, paddr);
    if (!r || size > r->size || paddr - r->base > r->size - size || (paddr & (size - 1)))
        return fault(h, (paddr & (size - 1)) && r ? CAUSE_MISALIGNED_STORE : CAUSE_STORE_ACCESS, vaddr);
    if (!r->ops->write(r->opaque, paddr - r->base, size, value))
        return fault(h, CAUSE_STORE_ACCESS, vaddr);
    return MEM_DEVICE;
}

/* Misaligned accesses go byte by byte so that one crossing a page boundary translates
 * both pages; they work in RAM as on QEMU unless the hart is set to trap them. */
static enum mem_status misaligned_load(struct hart *h, uint32_t vaddr, unsigned size, uint32_t *value)
{
    if (h->trap_misaligned)
        return fault(h, CAUSE_MISALIGNED_LOAD, vaddr);
    uint32_t v = 0;
    enum mem_status worst = MEM_OK;
    for (unsigned i = 0; i < size; i++) {
        uint32_t paddr, byte;
        if (!translate(h, vaddr + i, TLB_LOAD, &paddr))
            return MEM_FAULT;
        if (!bus_in_ram(h->bus, paddr, 1))
            return fault(h, CAUSE_MISALIGNED_LOAD, vaddr);
        enum mem_status s = physical_load(h, vaddr + i, paddr, 1, &byte);
        if (s == MEM_FAULT)
            return s;
        worst = s > worst ? s : worst;
        v |= byte << (8 * i);
    }
    *value = v;
    return worst;
}

static enum mem_status misaligned_store(struct hart *h, uint32_t vaddr, unsigned size, uint32_t value)
{
    if (h->trap_misaligned)
        return fault(h, CAUSE_MISALIGNED_STORE, vaddr);
    uint32_t paddr[4];
    /* Translate every byte before writing any, so that a fault leaves memory unchanged. */
    for (unsigned i = 0; i < size; i++) {
        if (!translate(h, vaddr + i, TLB_STORE, &paddr[i]))
            return MEM_FAULT;
        if (!bus_in_ram(h->bus, paddr[i], 1))
            return fault(h, CAUSE_MISALIGNED_STORE, vaddr);
    }
    enum mem_status worst = MEM_OK;
    for (unsigned i = 0; i < size; i++) {
        enum mem_status s = physical_store(h, vaddr + i, paddr[i], 1, value >> (8 * i));
        worst = s > worst ? s : worst;
    }
    return worst;
}

enum mem_status mem_load(struct hart *h, uint32_t vaddr, unsigned size, uint32_t *value)
{
    if (vaddr & (size - 1))
        return after_translation(h, misaligned_load(h, vaddr, size, value));
    uint32_t paddr;
    if (!translate(h, vaddr, TLB_LOAD, &paddr))
        return MEM_FAULT;
    return after_translation(h, physical_load(h, vaddr, paddr, size, value));
}

enum mem_status mem_store(struct hart *h, uint32_t vaddr, unsigned size, uint32_t value)
{
    if (vaddr & (size - 1))
        return after_translation(h, misaligned_store(h, vaddr, size, value));
    uint32_t paddr;
    if (!translate(h, vaddr, TLB_STORE, &paddr))
        return MEM_FAULT;
    return after_translation(h, physical_store(h, vaddr, paddr, size, value));
}

enum mem_status mem_atomic_pointer(struct hart *h, uint32_t vaddr, bool is_load_reserved,
                                   uint8_t **host, uint32_t *paddr)
{
    if (vaddr & 3)
        return fault(h, is_load_reserved ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, vaddr);
    /* An AMO needs write permission even to read: translate as a store (LR as a load). */
    enum tlb_access access = is_load_reserved ? TLB_LOAD : TLB_STORE;
    if (!translate(h, vaddr, access, paddr))
        return MEM_FAULT;
    if (!bus_in_ram(h->bus, *paddr, 4))
        return fault(h, mmu_access_fault_cause(access), vaddr);
    *host = bus_ram_pointer(h->bus, *paddr);
    return after_translation(h, MEM_OK);
}

enum mem_status mem_atomic_stored(struct hart *h, uint32_t paddr)
{
    const struct ram *ram = &h->bus->ram;
    if (ram->page_flags[(paddr - ram->base) >> RAM_PAGE_SHIFT] && bus_note_ram_store(h->bus, paddr, 4))
        return MEM_DEVICE;
    return after_translation(h, MEM_OK);
}

enum mem_status mem_fetch_page(struct hart *h, uint32_t pc, uint32_t *page_index)
{
    if (pc & 3)
        return fault(h, CAUSE_MISALIGNED_FETCH, pc);
    uint32_t paddr;
    if (!translate(h, pc, TLB_FETCH, &paddr))
        return MEM_FAULT;
    if (!bus_in_ram(h->bus, paddr, 4))
        return fault(h, CAUSE_FETCH_ACCESS, pc);
    *page_index = (paddr - h->bus->ram.base) >> RAM_PAGE_SHIFT;
    return MEM_OK;
}
