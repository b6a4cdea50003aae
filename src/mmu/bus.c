/* The physical bus: RAM allocation, device range registration and lookup. */
#define _GNU_SOURCE /* memfd_create */
#include "mmu/bus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>
#include <unistd.h>

/* RAM as an anonymous memory file, mapped whole, so that the MMU can map its pages again
 * (mmu/host_view.h); false leaves it to the caller. */
static bool map_ram_file(struct ram *ram, uint32_t size)
{
#ifdef __linux__
    const char *private_ram = getenv("VMSIM_PRIVATE_RAM");
    if (private_ram && *private_ram && strcmp(private_ram, "0") != 0)
        return false;
    int fd = memfd_create("vmsim-ram", MFD_CLOEXEC);
    if (fd < 0)
        return false;
    void *bytes = MAP_FAILED;
    if (ftruncate(fd, size) == 0)
        bytes = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (bytes == MAP_FAILED) {
        close(fd);
        return false;
    }
    ram->bytes = bytes;
    ram->fd = fd;
    ram->in_file = true;
    return true;
#else
    (void)ram, (void)size;
    return false;
#endif
}

/* Private RAM, zeroed, at a page boundary as the translator's page-table indexing needs. */
static uint8_t *map_private_ram(uint32_t size)
{
    void *bytes = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return bytes == MAP_FAILED ? NULL : bytes;
}

bool bus_init(struct bus *bus, uint32_t ram_base, uint32_t ram_size, char *err, size_t err_size)
{
    memset(bus, 0, sizeof *bus);
    if (ram_size == 0 || ram_size % RAM_PAGE_SIZE != 0 || (uint64_t)ram_base + ram_size > 0x100000000ull) {
        snprintf(err, err_size, "RAM of %u bytes at 0x%08x does not fit the address space in whole pages",
                 ram_size, ram_base);
        return false;
    }
    bus->ram.size = ram_size;
    if (!map_ram_file(&bus->ram, ram_size))
        bus->ram.bytes = map_private_ram(ram_size);
    bus->ram.page_flags = calloc(ram_size / RAM_PAGE_SIZE, 1);
    bus->ram.code_lines = calloc(ram_size / RAM_PAGE_SIZE, sizeof *bus->ram.code_lines);
    if (!bus->ram.bytes || !bus->ram.page_flags || !bus->ram.code_lines) {
        snprintf(err, err_size, "cannot allocate %u MiB of guest RAM: %s", ram_size >> 20, strerror(errno));
        bus_destroy(bus);
        return false;
    }
    bus->ram.base = ram_base;
    return true;
}

void bus_destroy(struct bus *bus)
{
    if (bus->ram.bytes)
        munmap(bus->ram.bytes, bus->ram.size);
    if (bus->ram.in_file)
        close(bus->ram.fd);
    bus->ram.in_file = false;
    free(bus->ram.page_flags);
    free(bus->ram.code_lines);
    bus->ram.bytes = NULL;
    bus->ram.page_flags = NULL;
    bus->ram.code_lines = NULL;
}

static bool ranges_overlap(uint32_t a_base, uint32_t a_size, uint32_t b_base, uint32_t b_size)
{
    uint64_t a_end = (uint64_t)a_base + a_size, b_end = (uint64_t)b_base + b_size;
    return a_base < b_end && b_base < a_end;
}

bool bus_add_device(struct bus *bus, const char *name, uint32_t base, uint32_t size,
                    const struct bus_device_ops *ops, void *opaque, char *err, size_t err_size)
{
    if (size == 0 || (uint64_t)base + size > 0x100000000ull) {
        snprintf(err, err_size, "device %s at 0x%08x size 0x%x does not fit the address space",
                 name, base, size);
        return false;
    }
    if (ranges_overlap(base, size, bus->ram.base, bus->ram.size)) {
        snprintf(err, err_size, "device %s at 0x%08x overlaps RAM at 0x%08x", name, base,
                 bus->ram.base);
        return false;
    }
    for (unsigned i = 0; i < bus->region_count; i++) {
        const struct bus_region *r = &bus->regions[i];
        if (ranges_overlap(base, size, r->base, r->size)) {
            snprintf(err, err_size, "device %s at 0x%08x overlaps device %s at 0x%08x", name,
                     base, r->name, r->base);
            return false;
        }
    }
    if (bus->region_count == BUS_MAX_REGIONS) {
        snprintf(err, err_size, "no room for device %s: the bus holds %d devices", name,
                 BUS_MAX_REGIONS);
        return false;
    }
    bus->regions[bus->region_count++] = (struct bus_region){
        .name = name, .base = base, .size = size, .ops = ops, .opaque = opaque};
    return true;
}

const struct bus_region *bus_find_device(const struct bus *bus, uint32_t address)
{
    for (unsigned i = 0; i < bus->region_count; i++) {
        const struct bus_region *r = &bus->regions[i];
        if (address - r->base < r->size)
            return r;
    }
    return NULL;
}

bool bus_note_ram_store(struct bus *bus, uint32_t address, uint32_t size)
{
    bool watched = false;
    uint32_t first = (address - bus->ram.base) >> RAM_PAGE_SHIFT;
    uint32_t last = (address + size - 1 - bus->ram.base) >> RAM_PAGE_SHIFT;
    for (uint32_t page = first; page <= last; page++) {
        uint8_t flags = bus->ram.page_flags[page];
        if (flags & RAM_PAGE_HAS_CODE) {
            uint32_t page_start = bus->ram.base + (page << RAM_PAGE_SHIFT);
            uint32_t start = address > page_start ? address - page_start : 0;
            uint32_t end = address + size - page_start;
            if (end > RAM_PAGE_SIZE)
                end = RAM_PAGE_SIZE;
            if (bus->ram.code_lines[page] & ram_code_line_mask(start, end - start)) {
                uint64_t still_code = bus->ram.code_written
                    ? bus->ram.code_written(bus->ram.code_written_opaque, page, start, end - start)
                    : 0;
                bus->ram.code_lines[page] = still_code;
                if (!still_code)
                    bus->ram.page_flags[page] &= (uint8_t)~RAM_PAGE_HAS_CODE;
            }
        }
        if ((flags & RAM_PAGE_WATCHED) && bus->ram.watched_written) {
            bus->ram.watched_written(bus->ram.watched_written_opaque, address, size);
            watched = true;
        }
    }
    return watched;
}

bool bus_write_ram(struct bus *bus, uint32_t address, const void *data, uint32_t size)
{
    if (size == 0)
        return true;
    if (!bus_in_ram(bus, address, size))
        return false;
    memcpy(bus_ram_pointer(bus, address), data, size);
    bus_note_ram_store(bus, address, size);
    return true;
}

void bus_watch_ram_page(struct bus *bus, uint32_t address)
{
    if (bus_in_ram(bus, address, 1))
        ram_raise_flags(&bus->ram, (address - bus->ram.base) >> RAM_PAGE_SHIFT, RAM_PAGE_WATCHED);
}
