/* The decode cache's storage and invalidation. */
#include "cpu/decode_cache.h"

#include <stdlib.h>
#include <string.h>

#include "mmu/bus.h"

static void reset_page(struct decoded_page *page)
{
    memset(page->insn, 0, sizeof(struct decoded_insn) * DECODED_PER_PAGE); /* OP_undecoded */
    page->insn[DECODED_PER_PAGE] = (struct decoded_insn){.op = OP_page_end};
}

static void code_written(void *opaque, uint32_t page_index)
{
    decode_cache_invalidate(opaque, page_index);
}

bool decode_cache_init(struct decode_cache *cache, struct bus *bus)
{
    cache->bus = bus;
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
        reset_page(page);
        cache->pages[page_index] = page;
    }
    return page;
}

void decode_cache_invalidate(struct decode_cache *cache, uint32_t page_index)
{
    if (cache->pages[page_index])
        reset_page(cache->pages[page_index]);
}
