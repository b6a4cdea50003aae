/* The interpreter: runs pre-decoded instructions with threaded dispatch (computed goto)
 * in batches. Sequential execution walks the decoded page slot by slot; a page-end
 * sentinel and the page check in taken jumps are the only places that look up a new page.
 * Pending interrupts are looked at on entry and after anything that can change them
 * (CSR writes, trap return, device access, wfi), never per instruction. */
#include <stdio.h>
#include <string.h>

#include "cpu/csr.h"
#include "cpu/decode.h"
#include "cpu/decode_cache.h"
#include "cpu/hart.h"
#include "cpu/interp.h"
#include "cpu/jit/jit.h"
#include "cpu/trap.h"
#include "mmu/bus.h"
#include "cpu/memory.h"
#include "mmu/mmu.h"

#define SINK_REGISTER 32
#define PAGE_OFFSET_MASK (RAM_PAGE_SIZE - 1)

static inline uint32_t load_host_word(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline void store_host_word(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

#define SIGN_EXTEND_8(v) ((uint32_t)(int32_t)(int8_t)(v))
#define SIGN_EXTEND_16(v) ((uint32_t)(int32_t)(int16_t)(v))
#define ZERO_EXTEND(v) (v)

/* Under translation, a decoded slot that does not start a translated block yet (it was
 * decoded while translation was off, at boot or in M mode, so execute_undecoded never
 * offered it to the translator) gets one when it can: true when it now starts one. */
static bool make_block(struct hart *h, uint32_t page_index, uint32_t pc,
                       const struct decoded_insn *d, const void *undecoded, const void *block)
{
    if (d->handler == block || d->handler == undecoded || !h->jit ||
        !jit_translate_in_page(h->jit, page_index, pc))
        return false;
    ((struct decoded_insn *)d)->handler = block;
    return true;
}

enum cpu_stop cpu_interpret(struct hart *h, uint64_t budget)
{
    static void *const dispatch[OP_COUNT] = {
        [OP_undecoded] = &&execute_undecoded,
        [OP_page_end] = &&execute_page_end,
        [OP_illegal] = &&execute_illegal,
#define INSN(id, name, mask, match, format) [OP_##id] = &&execute_##id,
#include "cpu/instructions.def"
#undef INSN
    };
    static void *const near_handler[OP_COUNT] = {
        [OP_jal] = &&execute_jal_near,   [OP_beq] = &&execute_beq_near,
        [OP_bne] = &&execute_bne_near,   [OP_blt] = &&execute_blt_near,
        [OP_bge] = &&execute_bge_near,   [OP_bltu] = &&execute_bltu_near,
        [OP_bgeu] = &&execute_bgeu_near,
    };

    if (budget == 0)
        return CPU_STOP_BUDGET;
    if (!h->decode_cache->undecoded_handler)
        decode_cache_set_handlers(h->decode_cache, &&execute_undecoded, &&execute_page_end);

    /* Copies the hot state into locals the compiler can keep in registers. */
    uint32_t *const x = h->x;
    const struct ram ram = h->bus->ram;
    struct decode_cache *const cache = h->decode_cache;
    struct mmu *const mmu = h->mmu;
    bool translate_data = false;
    /* Instruction fetches from the current code page after the one that looked it up in the
     * TLB are TLB hits on its entry. Every fetched instruction takes exactly one step, so
     * they are counted from `left` when the loop syncs, not one by one: while a page
     * context is open, fetch_base - left is the number of hits not yet counted, plus one
     * once the last fetched instruction has retired. */
    uint64_t fetch_base = 0;
    bool fetch_open = false;
    /* The same, handed to translated blocks, which may move it to another page. */
    const uint64_t steps_at_entry = h->steps;
    struct jit_fetch block_fetch = {.steps_end = steps_at_entry + budget, .after = JIT_AFTER_GO_ON};
    uint64_t left = budget;
    uint32_t pc = h->pc;
    uint32_t page_pc = 0, page_index = 0;
    struct decoded_page *page = NULL;
    const struct decoded_insn *d = NULL;

#define X(r) x[r]
#define RD (d->rd)
#define RS1 (d->rs1)
#define RS2 (d->rs2)
#define IMM (d->imm)
#define EXECUTE(id) execute_##id:

/* Brings the hart up to date before code outside the loop looks at it. SYNC_STATE is for
 * the middle of an instruction (it is fetched, has not retired, and h->pc is its pc);
 * SYNC_RETIRED for after the last instruction retired and before the next is fetched,
 * which also closes the code page's context. */
#define SYNC_STEPS() (h->steps = steps_at_entry + (budget - left))
#define SYNC_STATE()                                                                          \
    do {                                                                                       \
        if (fetch_open) {                                                                      \
            mmu_count_fetch_hits(mmu, fetch_base - left);                                      \
            fetch_base = left;                                                                 \
        }                                                                                      \
        h->pc = pc;                                                                            \
        SYNC_STEPS();                                                                          \
    } while (0)
#define SYNC_RETIRED()                                                                        \
    do {                                                                                       \
        if (fetch_open) {                                                                      \
            mmu_count_fetch_hits(mmu, fetch_base - left - 1);                                  \
            fetch_open = false;                                                                \
        }                                                                                      \
        SYNC_STEPS();                                                                          \
    } while (0)

#define DISPATCH() goto *d->handler

/* Retires the instruction and runs the next one in the same page. */
#define NEXT                                                                                  \
    do {                                                                                       \
        pc += 4;                                                                               \
        d++;                                                                                   \
        if (__builtin_expect(--left == 0, 0))                                                  \
            goto budget_spent;                                                                 \
        DISPATCH();                                                                            \
    } while (0)

/* Retires a control transfer to an aligned target. */
#define JUMP(target)                                                                          \
    do {                                                                                       \
        pc = (target);                                                                         \
        if (__builtin_expect(--left == 0, 0))                                                  \
            goto budget_spent;                                                                 \
        if (__builtin_expect(((pc ^ page_pc) >> RAM_PAGE_SHIFT) == 0, 1)) {                    \
            d = &page->insn[(pc & PAGE_OFFSET_MASK) >> 2];                                     \
            DISPATCH();                                                                        \
        }                                                                                      \
        goto fetch;                                                                            \
    } while (0)

/* Retires a control transfer to a target decoded as lying in this page: slots are 16 bytes
 * per 4-byte instruction, so the slot moves by four times the byte offset. */
#define NEAR_JUMP()                                                                           \
    do {                                                                                       \
        pc += IMM;                                                                             \
        d = (const struct decoded_insn *)((const char *)d + 4 * (intptr_t)(int32_t)IMM);       \
        if (__builtin_expect(--left == 0, 0))                                                  \
            goto budget_spent;                                                                 \
        DISPATCH();                                                                            \
    } while (0)

/* Retires the instruction, then looks at interrupts and the page again. */
#define COMPLETE_AND_CHECK()                                                                  \
    do {                                                                                       \
        pc += 4;                                                                               \
        h->pc = pc;                                                                            \
        RETIRE_AND_CHECK();                                                                    \
    } while (0)

/* Same, for instructions that have set h->pc themselves. */
#define RETIRE_AND_CHECK()                                                                    \
    do {                                                                                       \
        if (--left == 0) {                                                                     \
            SYNC_RETIRED();                                                                    \
            return CPU_STOP_BUDGET;                                                            \
        }                                                                                      \
        goto check_interrupts;                                                                 \
    } while (0)

#define RAISE(cause, tval)                                                                    \
    do {                                                                                       \
        uint32_t cause_ = (cause), tval_ = (tval);                                             \
        SYNC_STATE();                                                                          \
        trap_take(h, cause_, tval_);                                                           \
        if (h->pc == pc && h->priv == PRIV_M)                                                  \
            goto trap_loop;                                                                    \
        goto after_trap;                                                                       \
    } while (0)

#define RAISE_ILLEGAL()                                                                       \
    RAISE(CAUSE_ILLEGAL_INSTRUCTION,                                                           \
          load_host_word(ram.bytes + ((size_t)page_index << RAM_PAGE_SHIFT) +                  \
                         (pc & PAGE_OFFSET_MASK)))

#define MEMORY_FAULT_OR_CHECK(status)                                                         \
    do {                                                                                       \
        if ((status) == MEM_FAULT)                                                             \
            RAISE(h->fault_cause, h->fault_tval);                                              \
    } while (0)

#define LOAD(size, extend)                                                                    \
    do {                                                                                       \
        uint32_t address = X(RS1) + IMM, value;                                                \
        if (__builtin_expect(translate_data ? mmu_fast_load(mmu, address, size, &value)         \
                                            : mem_fast_load(&ram, address, size, &value),       \
                             1)) {                                                             \
            X(RD) = extend(value);                                                             \
            NEXT;                                                                              \
        }                                                                                      \
        /* A separate variable: taking the fast path's one's address would keep it in    \
         * memory on the fast path too. */                                                    \
        uint32_t slow_value;                                                                   \
        SYNC_STATE();                                                                          \
        enum mem_status status = mem_load(h, address, size, &slow_value);                      \
        MEMORY_FAULT_OR_CHECK(status);                                                         \
        X(RD) = extend(slow_value);                                                            \
        if (status == MEM_OK)                                                                  \
            NEXT;                                                                              \
        COMPLETE_AND_CHECK();                                                                  \
    } while (0)

#define STORE(size)                                                                           \
    do {                                                                                       \
        uint32_t address = X(RS1) + IMM, value = X(RS2);                                       \
        if (__builtin_expect(translate_data ? mmu_fast_store(mmu, address, size, value)         \
                                            : mem_fast_store(&ram, address, size, value),       \
                             1))                                                               \
            NEXT;                                                                              \
        SYNC_STATE();                                                                          \
        enum mem_status status = mem_store(h, address, size, value);                           \
        MEMORY_FAULT_OR_CHECK(status);                                                         \
        if (status == MEM_OK)                                                                  \
            NEXT;                                                                              \
        COMPLETE_AND_CHECK();                                                                  \
    } while (0)

    goto check_interrupts;

#include "cpu/semantics/rv32i.inc"
#include "cpu/semantics/rv32m.inc"
#include "cpu/semantics/rv32a.inc"
#include "cpu/semantics/zicsr.inc"
#include "cpu/semantics/priv.inc"

execute_undecoded: {
    uint32_t word =
        load_host_word(ram.bytes + ((size_t)page_index << RAM_PAGE_SHIFT) + (pc & PAGE_OFFSET_MASK));
    struct decoded_insn *slot = (struct decoded_insn *)d;
    decode_instruction(word, slot);
    slot->handler = dispatch[slot->op];
    if (near_handler[slot->op]) {
        uint32_t target_offset = (pc & PAGE_OFFSET_MASK) + slot->imm;
        if (target_offset < RAM_PAGE_SIZE && !(target_offset & 3))
            slot->handler = near_handler[slot->op];
    }
    uint64_t line = 1ull << ((pc & PAGE_OFFSET_MASK) >> RAM_CODE_LINE_SHIFT);
    page->decoded_lines |= line;
    ram_note_code(&ram, page_index, line);
    /* Under translation the translator runs straight runs of this page for us. */
    if (translate_data && h->jit && jit_translate_in_page(h->jit, page_index, pc))
        slot->handler = &&execute_block;
    DISPATCH();
}

execute_block:
    /* The slot starts a translated run (see jit.c, "In-page blocks"): it retires what it
     * can, and this loop counts its fetches from the steps it took, as for its own. The
     * last steps of a budget run here: most blocks would not fit them, and with a block
     * start at every instruction a loop resumed from (an interrupt's return) the calls
     * that came back refused cost more than the instructions. */
    if (translate_data && h->jit && fetch_open && left >= JIT_MAX_BLOCK) {
        block_fetch.base = fetch_base;
        uint64_t now_left = jit_run_in_page(h->jit, page_index, pc, left, &block_fetch);
        if (now_left != left || block_fetch.after != JIT_AFTER_GO_ON) {
            left = now_left;
            pc = h->pc;
            /* Its slow-path accesses synced the fetch count as SYNC_STATE does. */
            fetch_base = block_fetch.base;
            if (block_fetch.moved_to) {
                /* Its jumps went on into other pages and made their fetch lookups: the
                 * context is now the page they were in last. */
                page_index = block_fetch.moved_to->ram_page_index;
                page = cache->pages[page_index];
                page_pc = block_fetch.moved_to->page;
                block_fetch.moved_to = NULL;
            }
            if (block_fetch.after != JIT_AFTER_GO_ON) {
                /* What LOAD and STORE do after their mem_load or mem_store, which the
                 * block called with the state synced (it set h->pc and the fetch count). */
                enum jit_after after = block_fetch.after;
                block_fetch.after = JIT_AFTER_GO_ON;
                if (after == JIT_AFTER_FAULT)
                    RAISE(h->fault_cause, h->fault_tval);
                if (left == 0) {
                    SYNC_RETIRED();
                    return CPU_STOP_BUDGET;
                }
                goto check_interrupts;
            }
            if (left == 0)
                goto budget_spent;
            if (((pc ^ page_pc) >> RAM_PAGE_SHIFT) == 0) {
                d = &page->insn[(pc & PAGE_OFFSET_MASK) >> 2];
                /* A block returns here only where it could not go on: an instruction it
                 * left before (a TLB miss, a device, a code line), or a block start it
                 * could not chain to, whose block would leave at once or not fit the
                 * budget. Either way the interpreter runs that one instruction; entering
                 * the slot's block would only come back. */
                if (d->handler == &&execute_block)
                    goto own_instruction;
                /* A slot decoded while translation was off has no block yet: make one, so
                 * that the blocks that jump here chain to it from now on. */
                if (make_block(h, page_index, pc, d, &&execute_undecoded, &&execute_block))
                    goto execute_block;
                DISPATCH();
            }
            goto fetch;
        }
    }
own_instruction:
    /* Nothing ran: the slot's own instruction, as execute_undecoded would dispatch it. */
    if (near_handler[d->op]) {
        uint32_t target_offset = (pc & PAGE_OFFSET_MASK) + d->imm;
        if (target_offset < RAM_PAGE_SIZE && !(target_offset & 3))
            goto *near_handler[d->op];
    }
    goto *dispatch[d->op];

execute_illegal:
    RAISE(CAUSE_ILLEGAL_INSTRUCTION, IMM);

execute_page_end:
    goto fetch;

after_trap:
    /* A trap takes a step (so a guest that faults forever still ends its budget) but
     * retires nothing. */
    if (--left == 0) {
        SYNC_RETIRED();
        return CPU_STOP_BUDGET;
    }
    /* fall through */

check_interrupts:
    SYNC_RETIRED();
    hart_update_mmu_mode(h);
    translate_data = mmu->translate_data;
    if (h->stop_requested) {
        h->stop_requested = false;
        return CPU_STOP_REQUESTED;
    }
    {
        uint32_t cause = hart_pending_interrupt(h);
        if (cause) {
            trap_take(h, cause, 0);
            goto after_trap;
        }
    }
    pc = h->pc;
    /* fall through */

fetch:
    /* The hits counted so far belong to the page we leave; the fetch of the new page is a
     * lookup, made by the jump cache (a hit on a remembered entry) or the slow path. */
    SYNC_RETIRED();
    if (__builtin_expect(h->breakpoint_pages != NULL, 0) && left != budget &&
        hart_in_breakpoint_page(h, pc)) {
        h->pc = pc; /* entering a page with a breakpoint: the debugger looks */
        return CPU_STOP_REQUESTED;
    }
    if (!mmu_fast_fetch(mmu, pc, &page_index)) {
        if (mem_fetch_page(h, pc, &page_index) != MEM_OK)
            RAISE(h->fault_cause, h->fault_tval);
        if (!decode_cache_page(cache, page_index)) {
            h->pc = pc;
            return CPU_STOP_HOST_ERROR;
        }
        mmu_remember_code_page(mmu, pc & ~PAGE_OFFSET_MASK, page_index);
    }
    page = cache->pages[page_index];
    page_pc = pc & ~PAGE_OFFSET_MASK;
    d = &page->insn[(pc & PAGE_OFFSET_MASK) >> 2];
    fetch_open = true;
    fetch_base = left;
    if (translate_data)
        make_block(h, page_index, pc, d, &&execute_undecoded, &&execute_block);
    DISPATCH();

budget_spent:
    h->pc = pc;
    SYNC_RETIRED();
    return CPU_STOP_BUDGET;

trap_loop:
    left--;
    SYNC_RETIRED();
    return CPU_STOP_TRAP_LOOP;
}
