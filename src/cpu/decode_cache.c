/* The decode cache's storage and invalidation. */
#include "cpu/decode_cache.h"

#include <stdlib.h>
#include <string.h>

#include "mmu/bus.h"

static void reset_slots(const struct decode_cache *cache, struct decoded_insn *slots, unsigned count)
{
    for (unsigned i = 0; i < count; i++)
        slots[i] = (struct decoded_insn){.handler = cache->undecoded_handler, .op = OP_undecoded};
}

static void reset_page(const struct decode_cache *cache, struct decoded_page *page)
{
    reset_slots(cache, page->insn, DECODED_PER_PAGE);
    page->insn[DECODED_PER_PAGE] = (struct decoded_insn){.handler = cache->page_end_handler,
                                                         .op = OP_page_end};
    page->decoded_lines = 0;
}

static uint64_t code_written(void *opaque, uint32_t page_index, uint32_t offset, uint32_t size)
{
    struct decode_cache *cache = opaque;
    uint64_t jit_keeps = cache->jit_written
                             ? cache->jit_written(cache->jit_written_opaque, page_index, offset, size)
                             : 0;
    struct decoded_page *page = cache->pages[page_index];
    if (!page)
        return jit_keeps;
    unsigned first = offset >> RAM_CODE_LINE_SHIFT, last = (offset + size - 1) >> RAM_CODE_LINE_SHIFT;
    for (unsigned line = first; line <= last; line++) {
        uint64_t bit = 1ull << line;
        if (page->decoded_lines & bit) {
            unsigned slots_per_line = (1u << RAM_CODE_LINE_SHIFT) / 4;
            reset_slots(cache, &page->insn[line * slots_per_line], slots_per_line);
            page->decoded_lines &= ~bit;
        }
    }
    return page->decoded_lines | jit_keeps;
}

bool decode_cache_init(struct decode_cache *cache, struct bus *bus)
{
    cache->bus = bus;
    cache->undecoded_handler = NULL;
    cache->page_end_handler = NULL;
    cache->jit_written = NULL;
    cache->jit_written_opaque = NULL;
    cache->page_count = bus->ram.size >> RAM_PAGE_SHIFT;
    cache->pages = calloc(cache->page_count, sizeof *cache->pages);
    if (!cache->pages)
        return false;
    bus->ram.code_written = code_written;
    bus->ram.code_written_opaque = cache;
    return true;
}

void decode_cache_destroy(struct decode_cache *cache)
{
    if (!cache->pages)
        return;
    for (uint32_t i = 0; i < cache->page_count; i++)
        free(cache->pages[i]);
    free(cache->pages);
    cache->pages = NULL;
}

struct decoded_page *decode_cache_page(struct decode_cache *cache, uint32_t page_index)
{
    struct decoded_page *page = cache->pages[page_index];
    if (!page) {
        page = malloc(sizeof *page);
        if (!page)
            return NULL;
        reset_page(cache, page);
        cache->pages[page_index] = page;
    }
    return page;
}

void decode_cache_set_handlers(struct decode_cache *cache, const void *undecoded, const void *page_end)
{
    cache->undecoded_handler = undecoded;
    cache->page_end_handler = page_end;
    for (uint32_t i = 0; i < cache->page_count; i++)
        if (cache->pages[i])
            reset_page(cache, cache->pages[i]);
}
