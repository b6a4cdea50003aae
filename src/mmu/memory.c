/* The slow path of guest memory access: alignment, RAM pages with watchers or cached
 * code, and device registers. Address translation (Sv32) plugs in here. */
#include "mmu/memory.h"

#include "cpu/csr.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "vmsim assumes a little-endian host"
#endif

static enum mem_status fault(struct hart *h, uint32_t cause, uint32_t address)
{
    h->fault_cause = cause;
    h->fault_tval = address;
    return MEM_FAULT;
}

static uint32_t ram_read(const struct bus *bus, uint32_t address, unsigned size)
{
    const uint8_t *p = bus_ram_pointer(bus, address);
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)p[i] << (8 * i);
    return v;
}

static void ram_write(struct bus *bus, uint32_t address, unsigned size, uint32_t value)
{
    uint8_t *p = bus_ram_pointer(bus, address);
    for (unsigned i = 0; i < size; i++)
        p[i] = (uint8_t)(value >> (8 * i));
}

/* Misaligned loads and stores to RAM work, as on QEMU, unless the hart is set to trap
 * them; misaligned device accesses always trap. */
static bool misaligned_allowed(const struct hart *h, uint32_t address, unsigned size)
{
    return !h->trap_misaligned && bus_in_ram(h->bus, address, size);
}

enum mem_status mem_load(struct hart *h, uint32_t address, unsigned size, uint32_t *value)
{
    if ((address & (size - 1)) && !misaligned_allowed(h, address, size))
        return fault(h, CAUSE_MISALIGNED_LOAD, address);
    if (bus_in_ram(h->bus, address, size)) {
        *value = ram_read(h->bus, address, size);
        return MEM_OK;
    }
    const struct bus_region *r = bus_find_device(h->bus, address);
    if (!r || address - r->base > r->size - size)
        return fault(h, CAUSE_LOAD_ACCESS, address);
    uint32_t v;
    if (!r->ops->read(r->opaque, address - r->base, size, &v))
        return fault(h, CAUSE_LOAD_ACCESS, address);
    *value = v;
    return MEM_DEVICE;
}

enum mem_status mem_store(struct hart *h, uint32_t address, unsigned size, uint32_t value)
{
    if ((address & (size - 1)) && !misaligned_allowed(h, address, size))
        return fault(h, CAUSE_MISALIGNED_STORE, address);
    if (bus_in_ram(h->bus, address, size)) {
        ram_write(h->bus, address, size, value);
        return bus_note_ram_store(h->bus, address, size) ? MEM_DEVICE : MEM_OK;
    }
    const struct bus_region *r = bus_find_device(h->bus, address);
    if (!r || address - r->base > r->size - size)
        return fault(h, CAUSE_STORE_ACCESS, address);
    if (!r->ops->write(r->opaque, address - r->base, size, value))
        return fault(h, CAUSE_STORE_ACCESS, address);
    return MEM_DEVICE;
}

enum mem_status mem_atomic_pointer(struct hart *h, uint32_t address, bool is_load_reserved,
                                   uint8_t **host)
{
    if (address & 3)
        return fault(h, is_load_reserved ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, address);
    if (!bus_in_ram(h->bus, address, 4))
        return fault(h, is_load_reserved ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, address);
    *host = bus_ram_pointer(h->bus, address);
    return MEM_OK;
}

enum mem_status mem_atomic_stored(struct hart *h, uint32_t address)
{
    const struct ram *ram = &h->bus->ram;
    if (ram->page_flags[(address - ram->base) >> RAM_PAGE_SHIFT] &&
        bus_note_ram_store(h->bus, address, 4))
        return MEM_DEVICE;
    return MEM_OK;
}

enum mem_status mem_fetch_page(struct hart *h, uint32_t pc, uint32_t *page_index)
{
    if (pc & 3)
        return fault(h, CAUSE_MISALIGNED_FETCH, pc);
    if (!bus_in_ram(h->bus, pc, 4))
        return fault(h, CAUSE_FETCH_ACCESS, pc);
    *page_index = (pc - h->bus->ram.base) >> RAM_PAGE_SHIFT;
    return MEM_OK;
}
