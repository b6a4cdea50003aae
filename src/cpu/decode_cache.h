/* Pre-decoded instructions, one array per RAM page that has been executed, filled lazily
 * as instructions run. A store into such a page empties it again (through the bus's
 * code-written hook), so self-modifying code and loaders always see fresh decodes. */
#ifndef VMSIM_CPU_DECODE_CACHE_H
#define VMSIM_CPU_DECODE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/decode.h"

struct bus;

#define DECODED_PER_PAGE 1024 /* 4 KiB page / 4-byte instructions */


struct decoded_page {
    /* One slot per instruction plus an OP_page_end sentinel, so that sequential execution
     * never needs a page-boundary test. */
    struct decoded_insn insn[DECODED_PER_PAGE + 1];
    /* Bit i: some slot of line i (RAM_CODE_LINE_SHIFT) is decoded. A store to the page
     * empties only the lines it touches, so data next to code does not keep code from
     * staying decoded. */
    uint64_t decoded_lines;
};

struct decode_cache {
    struct bus *bus;
    struct decoded_page **pages; /* indexed by RAM page; NULL until first executed */
    uint32_t page_count;
    /* The interpreter's handlers for the two internal slots, set on its first run. */
    const void *undecoded_handler, *page_end_handler;
    /* The translator's share of the code-written hook (NULL without one): it drops its
     * blocks from the written lines and returns the lines its remaining blocks came from. */
    uint64_t (*jit_written)(void *opaque, uint32_t page_index, uint32_t offset, uint32_t size);
    void *jit_written_opaque;
};

/* Returns false (errno set) if out of memory. Hooks itself to the bus's RAM. */
bool decode_cache_init(struct decode_cache *cache, struct bus *bus);
void decode_cache_destroy(struct decode_cache *cache);

/* The decoded page for RAM page `page_index`, allocated on first use; NULL if out of memory. */
struct decoded_page *decode_cache_page(struct decode_cache *cache, uint32_t page_index);

/* Records the interpreter's handler addresses for undecoded slots and the page-end
 * sentinel, and re-initialises every page with them. */
void decode_cache_set_handlers(struct decode_cache *cache, const void *undecoded, const void *page_end);

#endif
