/* The block translator: turns straight-line runs of guest instructions in RAM pages into
 * x86-64 host code and runs them, handing everything else to the interpreter (which stays
 * the reference). jit_run runs plain blocks while paging is off; under Sv32 translation
 * the interpreter runs and enters in-page blocks, which count every TLB lookup as it
 * would. See docs/machine-core.md. */
#ifndef VMSIM_CPU_JIT_JIT_H
#define VMSIM_CPU_JIT_JIT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/hart.h"

struct jit;

/* True where the translator can run (x86-64 Linux hosts). */
bool jit_available(void);

/* A translator for hart `h`, hooked into its decode cache's code-written hook; NULL when
 * unavailable or out of memory (the interpreter then runs alone). */
struct jit *jit_create(struct hart *h);
void jit_destroy(struct jit *jit);

/* cpu_run() with translated blocks: same contract, same steps, same results. */
enum cpu_stop jit_run(struct hart *h, uint64_t budget);

struct mmu_fetch_entry;

/* The most instructions a block runs: a budget of at least this many covers any block. */
#define JIT_MAX_BLOCK 64

/* The interpreter's open code-page context (see interp.c): `base` is the steps left when
 * its page was looked up (the fetches after that lookup are counted from the steps taken).
 * Blocks that jump on into another page make that page's lookup themselves and say so:
 * `moved_to` (which the caller keeps NULL until then) becomes the fetch-cache entry of the
 * page they were in last (its virtual page and RAM page), `base` the steps left when they
 * entered it. */
struct jit_fetch {
    uint64_t base;
    const struct mmu_fetch_entry *moved_to; /* NULL: still the page they started in */
    uint64_t steps_end; /* h->steps once `left` reaches 0: the caller's step count */
    /* What the interpreter does when a block comes back after taking one of its loads or
     * stores through the interpreter's own slow path (mem_load, mem_store) in the middle of
     * the block: that path's outcome, which the caller keeps JIT_AFTER_GO_ON until then. */
    enum jit_after {
        JIT_AFTER_GO_ON, /* as after any block: run the instruction at h->pc */
        JIT_AFTER_CHECK, /* the access retired as MEM_DEVICE: re-check interrupts first */
        JIT_AFTER_FAULT, /* the access did not retire: raise h->fault_cause at h->pc */
    } after;
};

/* Under translation the interpreter runs and calls these from its dispatch (see jit.c,
 * "In-page blocks"). jit_translate_in_page translates the run of instructions from `pc`
 * (virtual, in RAM page `page_index`) to the end of its block in that page, and says
 * whether there is one. jit_run_in_page runs it when it was translated for pc's virtual
 * page and `left` covers it: it returns the steps left (`left` itself when nothing ran,
 * else with h->pc at the next instruction, and *fetch as above). */
bool jit_translate_in_page(struct jit *j, uint32_t page_index, uint32_t pc);
uint64_t jit_run_in_page(struct jit *j, uint32_t page_index, uint32_t pc, uint64_t left,
                         struct jit_fetch *fetch);

#endif
