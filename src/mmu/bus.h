/* The physical address space: RAM plus a table of device ranges registered at machine
 * start. Overlapping ranges are refused. Device operations take offsets relative to the
 * device's base. */
#ifndef VMSIM_MMU_BUS_H
#define VMSIM_MMU_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BUS_MAX_REGIONS 24
#define RAM_PAGE_SHIFT 12
#define RAM_PAGE_SIZE (1u << RAM_PAGE_SHIFT)
/* Cached code is tracked in 64-byte lines: a store invalidates only the lines it touches,
 * and a store to a line that no cache was made from needs no notice at all. */
#define RAM_CODE_LINE_SHIFT 6
#define RAM_CODE_LINES_PER_PAGE (RAM_PAGE_SIZE >> RAM_CODE_LINE_SHIFT)

/* Device register access. `size` is 1, 2 or 4; return false for an access the device
 * does not support (the CPU takes an access fault). */
struct bus_device_ops {
    bool (*read)(void *opaque, uint32_t offset, unsigned size, uint32_t *value);
    bool (*write)(void *opaque, uint32_t offset, unsigned size, uint32_t value);
};

struct bus_region {
    const char *name;
    uint32_t base, size;
    const struct bus_device_ops *ops; /* NULL for RAM */
    void *opaque;
};

/* Per-RAM-page flags that send stores to the slow path. */
enum ram_page_flag {
    RAM_PAGE_HAS_CODE = 1, /* the decode cache holds instructions from this page */
    RAM_PAGE_WATCHED = 2,  /* a watcher (HTIF's tohost) wants to see stores here */
};

struct ram {
    uint8_t *bytes;
    uint32_t base, size;
    /* RAM is a file when the host allows (bytes maps it whole), so that the MMU can map
     * its pages a second time, at guest virtual addresses (mmu/host_view.h). */
    bool in_file;
    int fd; /* when in_file */
    uint8_t *page_flags; /* one byte per page: enum ram_page_flag bits */
    /* Per page, bit n: line n (RAM_CODE_LINE_SHIFT) holds instructions that decoded or
     * translated code was made from. A superset: bits go only when code_written says so.
     * Meaningful only while the page has RAM_PAGE_HAS_CODE. */
    uint64_t *code_lines;

    /* Called when a store to [offset, offset + size) touches code lines of a
     * RAM_PAGE_HAS_CODE page; returns the page's lines that still hold cached code (none:
     * the flag is cleared). */
    uint64_t (*code_written)(void *opaque, uint32_t page_index, uint32_t offset, uint32_t size);
    void *code_written_opaque;

    /* Called when a page that had no flags gets some (the MMU's host views let translated
     * stores skip the flag test on unflagged pages only). */
    void (*flags_raised)(void *opaque, uint32_t page_index);
    void *flags_raised_opaque;

    /* Called after a store lands in a RAM_PAGE_WATCHED page. */
    void (*watched_written)(void *opaque, uint32_t address, unsigned size);
    void *watched_written_opaque;
};

struct bus {
    struct ram ram;
    struct bus_region regions[BUS_MAX_REGIONS];
    unsigned region_count;
};

/* Sets up an empty bus with `ram_size` bytes of zeroed RAM at `ram_base`, mapped at a page
 * boundary. Returns false (message in err) if the RAM cannot be allocated. RAM is a file
 * where the host has anonymous memory files (Linux), unless VMSIM_PRIVATE_RAM is set in
 * the environment: then, as on other hosts, it is private memory and cannot be mapped
 * twice. */
bool bus_init(struct bus *bus, uint32_t ram_base, uint32_t ram_size, char *err, size_t err_size);
void bus_destroy(struct bus *bus);

/* Adds a device range. Refuses (false, message in err naming both) a range that overlaps
 * RAM or another device, or one that wraps around the address space. */
bool bus_add_device(struct bus *bus, const char *name, uint32_t base, uint32_t size,
                    const struct bus_device_ops *ops, void *opaque, char *err, size_t err_size);

/* The device region holding `address`, or NULL. */
const struct bus_region *bus_find_device(const struct bus *bus, uint32_t address);

/* True if [address, address + size) lies inside RAM. */
static inline bool bus_in_ram(const struct bus *bus, uint32_t address, uint32_t size)
{
    uint32_t offset = address - bus->ram.base;
    return offset < bus->ram.size && size <= bus->ram.size - offset;
}

/* Host pointer for a RAM range known to be inside RAM. */
static inline uint8_t *bus_ram_pointer(const struct bus *bus, uint32_t address)
{
    return bus->ram.bytes + (address - bus->ram.base);
}

/* A guest load or store of `size` bytes (1, 2 or 4) at host address `p` in RAM: the host
 * is little-endian (checked at build time), so a guest word is a host word. */
static inline uint32_t ram_load_value(const uint8_t *p, unsigned size)
{
    if (size == 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    if (size == 2) {
        uint16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    return *p;
}
static inline void ram_store_value(uint8_t *p, unsigned size, uint32_t value)
{
    if (size == 4) {
        memcpy(p, &value, 4);
    } else if (size == 2) {
        uint16_t v = (uint16_t)value;
        memcpy(p, &v, 2);
    } else {
        *p = (uint8_t)value;
    }
}

/* Copies host data into guest RAM (for loaders and DMA), keeping the decode cache
 * coherent. Returns false if the range is not entirely in RAM. */
bool bus_write_ram(struct bus *bus, uint32_t address, const void *data, uint32_t size);

/* Sets `flags` (enum ram_page_flag) on RAM page `page_index`, telling flags_raised when
 * the page had none. */
static inline void ram_raise_flags(const struct ram *ram, uint32_t page_index, uint8_t flags)
{
    bool raised = !ram->page_flags[page_index];
    ram->page_flags[page_index] |= flags;
    if (raised && ram->flags_raised)
        ram->flags_raised(ram->flags_raised_opaque, page_index);
}

/* Records that cached code was made from `lines` (RAM_CODE_LINE_SHIFT) of RAM page
 * `page_index`: stores there now go to the slow path and reach code_written. */
static inline void ram_note_code(const struct ram *ram, uint32_t page_index, uint64_t lines)
{
    ram->code_lines[page_index] |= lines;
    ram_raise_flags(ram, page_index, RAM_PAGE_HAS_CODE);
}

/* The lines (RAM_CODE_LINE_SHIFT) that [offset, offset + size) of a page touches. */
static inline uint64_t ram_code_line_mask(uint32_t offset, uint32_t size)
{
    unsigned first = offset >> RAM_CODE_LINE_SHIFT, last = (offset + size - 1) >> RAM_CODE_LINE_SHIFT;
    uint64_t upto_last = last >= 63 ? ~0ull : (2ull << last) - 1;
    return upto_last & ~((1ull << first) - 1);
}

/* True when a naturally aligned store (at most 8 bytes, so within one line) at RAM
 * `offset` must take the slow path: its page is watched, or the line holds cached code.
 * A store beside code on the same page stays on the fast path. */
static inline bool ram_store_needs_notice(const struct ram *ram, uint32_t offset)
{
    uint32_t page = offset >> RAM_PAGE_SHIFT;
    uint8_t flags = ram->page_flags[page];
    return flags != 0 &&
           (flags != RAM_PAGE_HAS_CODE ||
            (ram->code_lines[page] >> ((offset >> RAM_CODE_LINE_SHIFT) & (RAM_CODE_LINES_PER_PAGE - 1)) & 1));
}

/* Marks the RAM page holding `address` as watched. */
void bus_watch_ram_page(struct bus *bus, uint32_t address);

/* Reports a store to RAM [address, address+size) to the code and watch hooks when the page
 * is flagged. Returns true if a watcher saw it. */
bool bus_note_ram_store(struct bus *bus, uint32_t address, uint32_t size);

#endif
