/* The block translator (see jit.h). A block starts at any pc in RAM and runs on through
 * ALU instructions, multiplications, divisions, RAM loads/stores and branches, within one
 * page and at most MAX_BLOCK instructions, up to and including its first jalr or jump it
 * does not follow. A branch taken in the middle leaves the block (back to its start as a
 * loop, with one subtraction of steps); a jal to code of the same page that the block does
 * not hold yet is followed (a loop's jump back to its test, a call), so that one block runs
 * where several would take turns. Anything else (CSRs, system instructions, atomics,
 * fence) ends the block before it, and the interpreter runs that one instruction.
 *
 * Exactness: a block of n instructions runs only when the budget has n steps left. A load
 * or store that would leave the interpreter's fast path (not RAM, misaligned, a flagged
 * page: code, tohost) leaves the block instead, with h->pc at that instruction and the
 * number retired before it; the interpreter then executes it, with its precise traps.
 *
 * Chaining: blocks jump straight to the next block through the per-page table of entry
 * points (a NULL entry, or a target outside RAM, returns to C, which translates it). The
 * budget lives in r14: a block whose length exceeds it returns to C before running, else
 * subtracts its length on entry and gives back what it did not retire when it leaves early.
 *
 * Host code conventions: rbx = the hart (x[] is at offset 0), r12 = RAM's host bytes,
 * r13 = RAM's page flags, r14 = the steps left; eax, ecx, edx are scratch. h->pc holds a
 * block's pc when C enters it (chained jumps do not store it), and the next pc when
 * control returns to C, which
 * gets the steps left as the result. */
#include "cpu/jit/jit.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/decode.h"
#include "cpu/decode_cache.h"
#include "cpu/interp.h"
#include "cpu/memory.h"
#include "mmu/bus.h"
#include "mmu/mmu.h"

#if defined(__x86_64__) && defined(__linux__)
#define JIT_HOST 1
#include <sys/mman.h>
#else
#define JIT_HOST 0
#endif

#define MAX_BLOCK JIT_MAX_BLOCK
#define CODE_BUFFER_SIZE (32u << 20)
/* The remembered host offsets of loads on a chain of loads (emit_slow_sites), a slot per
 * load, in pages of their own after the code: data beside code would make the host CPU
 * discard its pipeline on every store to it, as for code written. */
#define SITE_SLOTS (1u << 19)
#define SITE_AREA_SIZE (SITE_SLOTS * sizeof(uintptr_t))
/* Bytes one block can need: a translated store under paging, the longest, takes about 330
 * with its other paths (emit_slow_sites). */
#define MAX_BLOCK_CODE (MAX_BLOCK * 448 + 256)
#define BLOCK_ARENA 65536
#define SLOTS_PER_PAGE (RAM_PAGE_SIZE / 4)

/* The entry trampoline at the start of the code buffer: runs `code` (and whatever it
 * chains to) with `left` steps, returns the steps left. */
typedef uint64_t (*entry_trampoline)(struct hart *h, uint8_t *ram, const uint8_t *page_flags,
                                     uint64_t left, const void *code);
typedef const uint8_t *block_code;
/* The in-page blocks' trampoline: runs `code` with `left` steps, returns the steps left. */
typedef uint64_t (*paged_trampoline)(struct hart *h, uint64_t left, const void *code);

struct block {
    block_code code; /* NULL: the first instruction cannot be translated */
    uint32_t length; /* instructions; 0 with code NULL */
    uint64_t lines;  /* 64-byte lines of its page that it was translated from */
    uint32_t page_pc; /* in-page blocks: the virtual page base their pcs are relative to */
    bool dropped;     /* no table holds it any more (its code stays until the buffer empties) */
};

/* A chained jump into a page's block (emit_jump_through): a jmp whose rel32 points at the
 * block while the slot holds it, else at the code after it that reads the slot. */
struct chain_site {
    uint8_t *rel32;
    const uint8_t *reads_slot;
    const void *const *slot;
    const struct block *from; /* the block the jump is in */
};

struct jit_page {
    struct block *entry[SLOTS_PER_PAGE];
    const void *code[SLOTS_PER_PAGE]; /* entry points for chained jumps; NULL: go to C */
    /* Blocks the interpreter runs under translation (see jit_run_in_page). */
    struct block *in_page[SLOTS_PER_PAGE];
    const void *in_page_code[SLOTS_PER_PAGE]; /* their entry points for chained jumps */
    uint32_t in_page_pc; /* the virtual page base all of its in-page blocks were made for */
    uint64_t lines; /* union of its blocks' lines */
    struct chain_site *incoming; /* the chained jumps into its slots */
    uint32_t incoming_count, incoming_capacity;
};

struct jit {
    struct hart *hart;
    uint8_t *code;
    size_t code_used;
    size_t code_fixed;        /* the trampoline and the shared exit, kept by flushes */
    uintptr_t *sites;         /* SITE_SLOTS, after the code buffer */
    size_t sites_used;
    const uint8_t *exit_code; /* the shared exit: returns r14 to C */
    const uint8_t *paged_entry; /* the in-page blocks' trampoline (see jit_run_in_page) */
    const uint8_t *paged_exit;  /* their exit: writes the registers back and returns */
    const uint8_t *cross_page;  /* their jump to another page's block (emit_cross_page) */
    const uint8_t *slow_access; /* their call of the interpreter's slow path (emit_slow_access) */
    uint64_t code_changes;      /* how many times code_written dropped blocks */
    struct jit_fetch *fetch;    /* the interpreter's fetch context while in-page blocks run */
    const uint8_t *block_exit;  /* the exit of the kind of block being translated */
    struct block *blocks;
    size_t blocks_used;
    struct jit_page **pages;
    uint32_t page_count;
};

bool jit_available(void) { return JIT_HOST; }

#if JIT_HOST

/* ---- Invalidation ---- */

static void point_jump(uint8_t *rel32, const void *target)
{
    uint32_t distance = (uint32_t)((const uint8_t *)target - (rel32 + 4));
    memcpy(rel32, &distance, 4);
}

/* Points the chained jumps into `page` (those into `slot` only, unless it is NULL) at
 * what their slot holds now: after a slot changed, so that no jump goes straight into a
 * block that is gone. */
static void relink(struct jit_page *page, const void *const *slot)
{
    for (uint32_t i = 0; i < page->incoming_count;) {
        const struct chain_site *site = &page->incoming[i];
        if (site->from->dropped) {
            /* Its jump can never run again: forget it, so that code rewritten over and over
             * (programs loaded into the same frames) does not grow the list. */
            page->incoming[i] = page->incoming[--page->incoming_count];
            continue;
        }
        if (!slot || site->slot == slot)
            point_jump(site->rel32, *site->slot ? *site->slot : site->reads_slot);
        i++;
    }
}

static void flush_all(struct jit *j)
{
    for (uint32_t i = 0; i < j->page_count; i++) {
        if (j->pages[i]) {
            j->pages[i]->incoming_count = 0; /* the code they were in is gone */
            memset(j->pages[i]->entry, 0, sizeof j->pages[i]->entry);
            memset(j->pages[i]->code, 0, sizeof j->pages[i]->code);
            memset(j->pages[i]->in_page, 0, sizeof j->pages[i]->in_page);
            memset(j->pages[i]->in_page_code, 0, sizeof j->pages[i]->in_page_code);
            j->pages[i]->lines = 0;
        }
    }
    j->code_used = j->code_fixed;
    j->blocks_used = 0;
    j->sites_used = 0;
}

/* Called by the decode cache when a store lands on code lines of a page: returns the
 * lines the page's remaining blocks came from. */
static uint64_t code_written(void *opaque, uint32_t page_index, uint32_t offset, uint32_t size)
{
    struct jit *j = opaque;
    struct jit_page *page = page_index < j->page_count ? j->pages[page_index] : NULL;
    if (!page)
        return 0;
    uint64_t mask = ram_code_line_mask(offset, size);
    if (page->lines & mask) {
        uint64_t remaining = 0;
        for (unsigned i = 0; i < SLOTS_PER_PAGE; i++) {
            struct block *b = page->entry[i];
            if (b) {
                if (b->lines & mask) {
                    b->dropped = true;
                    page->entry[i] = NULL;
                    page->code[i] = NULL;
                } else {
                    remaining |= b->lines;
                }
            }
            b = page->in_page[i];
            if (b) {
                if (b->lines & mask) {
                    b->dropped = true;
                    page->in_page[i] = NULL;
                    page->in_page_code[i] = NULL;
                } else
                    remaining |= b->lines;
            }
        }
        page->lines = remaining;
        relink(page, NULL);
        j->code_changes++;
    }
    return page->lines;
}

/* ---- The x86-64 emitter ---- */

/* An in-page load or store whose other paths are emitted after the block (emit_slow_sites):
 * through the slot's host offset when the page is not in the host view, and the slow path. */
struct slow_site {
    uint8_t *jumps[2]; /* rel32 displacements of the jumps to the slow path: the slot holds
                          another page; a store's RAM page has flags */
    unsigned jump_count;
    uint8_t *off_view;     /* the jump taken when the slot's view_page does not match */
    uintptr_t *remembered; /* a load on a chain of loads: its host offset last time */
    const uint8_t *resume; /* after the access */
    uint32_t pc, unretired;
    uint32_t loads_before, stores_before, loads_after, stores_after; /* the emitter's counts */
    enum insn_op op;
    unsigned rd, rs2;
};

struct emitter {
    uint8_t *p;
    /* In-page blocks: the loads and stores emitted so far in this block. Their TLB hits
     * are added to r8/r9 wherever the block is left, not one by one. */
    uint32_t loads, stores;
    struct slow_site sites[MAX_BLOCK];
    unsigned site_count;
    const struct block *block; /* the block being emitted */
    uint32_t block_pc, block_length; /* its first pc and its instructions */
    const uint8_t *body;             /* its code past the entry's check of the steps */
};

static void byte(struct emitter *e, uint8_t b) { *e->p++ = b; }
static void imm32(struct emitter *e, uint32_t v)
{
    memcpy(e->p, &v, 4);
    e->p += 4;
}

enum { EAX = 0, ECX = 1, EDX = 2, EBX_REG = 3, ESI = 6, EDI = 7 };
enum { R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15 };
#define HART_PC_OFFSET ((uint32_t)offsetof(struct hart, pc))
#define XREG(r) ((uint32_t)(4 * (r)))

/* opcode reg, [rbx + disp32] (or the reverse, by opcode). */
static void mem_rbx(struct emitter *e, uint8_t opcode, int reg, uint32_t disp)
{
    byte(e, opcode);
    byte(e, (uint8_t)(0x80 | (reg << 3) | 3));
    imm32(e, disp);
}

static void load_x(struct emitter *e, int reg, unsigned r)
{
    if (r == 0) { /* xor reg, reg */
        byte(e, 0x31);
        byte(e, (uint8_t)(0xc0 | (reg << 3) | reg));
    } else {
        mem_rbx(e, 0x8b, reg, XREG(r));
    }
}
static void store_x(struct emitter *e, int reg, unsigned r) { mem_rbx(e, 0x89, reg, XREG(r)); }
static void store_x_imm(struct emitter *e, unsigned r, uint32_t v)
{
    mem_rbx(e, 0xc7, 0, XREG(r));
    imm32(e, v);
}

/* group-1 ALU op on eax with imm32: /n = 0 add, 1 or, 4 and, 5 sub, 6 xor, 7 cmp. */
static void alu_eax_imm(struct emitter *e, int n, uint32_t v)
{
    byte(e, 0x81);
    byte(e, (uint8_t)(0xc0 | (n << 3)));
    imm32(e, v);
}

/* eax += v, for an address: nothing for 0 (a load or jump through a register alone). */
static void add_eax_imm(struct emitter *e, uint32_t v)
{
    if (v != 0)
        alu_eax_imm(e, 0, v);
}

/* jmp rel32 / jcc rel32 (0x0f 0x8x) to an absolute host address. */
static void jump_to(struct emitter *e, const uint8_t *target)
{
    byte(e, 0xe9);
    imm32(e, (uint32_t)(target - (e->p + 4)));
}
static void jcc_to(struct emitter *e, uint8_t cc, const uint8_t *target)
{
    byte(e, 0x0f);
    byte(e, (uint8_t)(cc + 0x10));
    imm32(e, (uint32_t)(target - (e->p + 4)));
}

/* jcc rel32 (or jmp rel32 when cc is 0) whose target is not emitted yet: returns its
 * displacement, for patch_jump32(). */
static uint8_t *jump32_forward(struct emitter *e, uint8_t cc)
{
    if (cc) {
        byte(e, 0x0f);
        byte(e, (uint8_t)(cc + 0x10));
    } else {
        byte(e, 0xe9);
    }
    uint8_t *displacement = e->p;
    imm32(e, 0);
    return displacement;
}
static void patch_jump32(const struct emitter *e, uint8_t *displacement)
{
    uint32_t distance = (uint32_t)(e->p - (displacement + 4));
    memcpy(displacement, &distance, 4);
}

/* Adds load and store TLB hits to the pending counts (r8, r9). */
static void emit_add_hits(struct emitter *e, uint32_t loads, uint32_t stores)
{
    if (loads) {
        byte(e, 0x49); byte(e, 0x81); byte(e, 0xc0); imm32(e, loads); /* add r8, imm32 */
    }
    if (stores) {
        byte(e, 0x49); byte(e, 0x81); byte(e, 0xc1); imm32(e, stores); /* add r9, imm32 */
    }
}
/* In-page blocks, wherever control leaves the block: the hits of the loads and stores
 * before this point. */
static void emit_pending_hits(struct emitter *e) { emit_add_hits(e, e->loads, e->stores); }

/* The steps left (r14): charged for instructions a block will run (borrows when short),
 * given back for those it did not run. */
static void charge_steps(struct emitter *e, uint32_t n)
{
    byte(e, 0x49); byte(e, 0x81); byte(e, 0xee); imm32(e, n); /* sub r14, imm32 */
}
static void give_back_steps(struct emitter *e, uint32_t n)
{
    byte(e, 0x49); byte(e, 0x81); byte(e, 0xc6); imm32(e, n); /* add r14, imm32 */
}

/* Leaves the block early at `pc`: gives back the `unretired` steps it charged on entry
 * and did not use (and, from an in-page block, counts the hits so far). */
static void emit_exit(struct emitter *e, const struct jit *j, uint32_t pc, uint32_t unretired)
{
    if (j->block_exit == j->paged_exit)
        emit_pending_hits(e);
    give_back_steps(e, unretired);
    mem_rbx(e, 0xc7, 0, HART_PC_OFFSET);
    imm32(e, pc);
    jump_to(e, j->block_exit);
}

#define JB 0x72
#define JAE 0x73
#define JE 0x74
#define JNE 0x75
#define JNC JAE

/* A short jump whose target is not emitted yet: patch_jump() points it at e->p. */
static uint8_t *short_jump(struct emitter *e, uint8_t cc)
{
    byte(e, cc);
    return e->p++;
}
static void patch_jump(const struct emitter *e, uint8_t *displacement)
{
    ptrdiff_t distance = e->p - (displacement + 1);
    assert(distance >= 0 && distance < 128);
    *displacement = (uint8_t)distance;
}

/* jcc over an exit: the exit runs when `skip_cc` does not hold. */
static void exit_unless(struct emitter *e, const struct jit *j, uint8_t skip_cc, uint32_t pc,
                        uint32_t unretired)
{
    uint8_t *skip = short_jump(e, skip_cc);
    emit_exit(e, j, pc, unretired);
    patch_jump(e, skip);
}

static void mov_rsi_imm64(struct emitter *e, uint64_t v)
{
    byte(e, 0x48); byte(e, (uint8_t)(0xb8 + ESI));
    memcpy(e->p, &v, 8);
    e->p += 8;
}

/* The code-line test of a store to a page flagged RAM_PAGE_HAS_CODE only (see
 * ram_store_needs_notice), in two steps: rsi = the 64-bit word at code_lines + index_reg * 8
 * (ram->code_lines[index_reg], or a base biased for other indexes) ... */
static void emit_load_code_lines(struct emitter *e, uint64_t code_lines, int index_reg)
{
    mov_rsi_imm64(e, code_lines);
    /* mov rsi, [rsi + index*8] */
    byte(e, (uint8_t)(0x48 | ((index_reg >> 3) << 1)));
    byte(e, 0x8b);
    byte(e, (uint8_t)((ESI << 3) | 4));
    byte(e, (uint8_t)(0xc0 | ((index_reg & 7) << 3) | ESI));
}
/* ... then, with an address or RAM offset in eax (only its bits 6-11 count): carry set
 * when the store's line holds code. Clobbers `scratch`. */
static void emit_test_code_line(struct emitter *e, int scratch)
{
    byte(e, 0x89); byte(e, (uint8_t)(0xc0 | (EAX << 3) | scratch));    /* mov scratch, eax */
    byte(e, 0xc1); byte(e, (uint8_t)(0xe8 | scratch)); byte(e, RAM_CODE_LINE_SHIFT); /* shr */
    byte(e, 0x48); byte(e, 0x0f); byte(e, 0xa3);                      /* bt rsi, scratch */
    byte(e, (uint8_t)(0xc0 | (scratch << 3) | ESI)); /* (mod 64: the line within its page) */
}
/* cmp byte [base + index], imm8 */
static void cmp_byte_indexed(struct emitter *e, int base, int index, uint8_t imm)
{
    uint8_t rex = (uint8_t)(0x40 | ((index >> 3) << 1) | (base >> 3));
    bool disp8 = (base & 7) == 5; /* rbp and r13 as a base need a displacement */
    if (rex != 0x40)
        byte(e, rex);
    byte(e, 0x80);
    byte(e, (uint8_t)((disp8 ? 0x40 : 0) | (7 << 3) | 4));
    byte(e, (uint8_t)(((index & 7) << 3) | (base & 7)));
    if (disp8)
        byte(e, 0);
    byte(e, imm);
}

/* A store's page-flag test, with the page's flag byte at flags + index_reg and its
 * code-line word at code_lines + index_reg * 8 (flags in a register, code_lines a
 * constant): an unflagged page, and a page flagged for code only whose line stored to
 * holds none (data beside code), go on to the store emitted next; anything else leaves the
 * block (to the site's slow path when there is one). Clobbers rsi and `scratch`. */
static void emit_page_flags_test(struct emitter *e, const struct jit *j, int flags,
                                 int index_reg, uint64_t code_lines, int scratch, uint32_t pc,
                                 uint32_t unretired, struct slow_site *site)
{
    cmp_byte_indexed(e, flags, index_reg, 0);
    uint8_t *unflagged = short_jump(e, JE);
    cmp_byte_indexed(e, flags, index_reg, RAM_PAGE_HAS_CODE);
    uint8_t *other_flags = short_jump(e, JNE);
    emit_load_code_lines(e, code_lines, index_reg);
    emit_test_code_line(e, scratch);
    uint8_t *no_code = short_jump(e, JNC);
    patch_jump(e, other_flags);
    if (site)
        site->jumps[site->jump_count++] = jump32_forward(e, 0);
    else
        emit_exit(e, j, pc, unretired);
    patch_jump(e, unflagged);
    patch_jump(e, no_code);
}
#define JL 0x7c
#define JGE 0x7d

/* eax = x[rs1] + imm - RAM base, checked to be an aligned RAM offset (else exit). */
static void emit_ram_offset(struct emitter *e, const struct jit *j, const struct decoded_insn *d,
                            unsigned size, const struct ram *ram, uint32_t pc, uint32_t unretired)
{
    load_x(e, EAX, d->rs1);
    add_eax_imm(e, d->imm - ram->base);
    alu_eax_imm(e, 7, ram->size);
    exit_unless(e, j, JB, pc, unretired);
    if (size > 1) {
        byte(e, 0xa8); /* test al, imm8 */
        byte(e, (uint8_t)(size - 1));
        exit_unless(e, j, JE, pc, unretired);
    }
}

static bool is_store(enum insn_op op) { return op == OP_sb || op == OP_sh || op == OP_sw; }

/* The load or store `op` between `reg` and [base + rax]: a load's value, extended as the
 * operation says, goes to reg; a store writes reg's low bytes. */
static void emit_memory_op(struct emitter *e, enum insn_op op, int reg, int base)
{
    assert((base & 7) != 5 && reg < 8); /* (no disp-less [rbp/r13 + index] form) */
    if (op == OP_sh)
        byte(e, 0x66);
    uint8_t rex = (uint8_t)(0x40 | (base >> 3));
    if (rex != 0x40 || (op == OP_sb && reg >= 4))
        byte(e, rex); /* REX.B; and with any REX, regs 4-7 are spl-dil, not ah-bh */
    switch (op) {
    case OP_sb: byte(e, 0x88); break;
    case OP_sh: case OP_sw: case OP_lw: byte(e, op == OP_lw ? 0x8b : 0x89); break;
    case OP_lb: byte(e, 0x0f); byte(e, 0xbe); break;
    case OP_lbu: byte(e, 0x0f); byte(e, 0xb6); break;
    case OP_lh: byte(e, 0x0f); byte(e, 0xbf); break;
    default: byte(e, 0x0f); byte(e, 0xb7); break;
    }
    byte(e, (uint8_t)((reg << 3) | 4));
    byte(e, (uint8_t)(base & 7)); /* SIB: index rax, scale 1 */
}

/* The bytes a load or store moves. */
static unsigned access_size(enum insn_op op)
{
    switch (op) {
    case OP_lw: case OP_sw: return 4;
    case OP_lh: case OP_lhu: case OP_sh: return 2;
    default: return 1;
    }
}

static bool translatable(enum insn_op op)
{
    switch (op) {
    case OP_lui: case OP_auipc: case OP_jal: case OP_jalr:
    case OP_beq: case OP_bne: case OP_blt: case OP_bge: case OP_bltu: case OP_bgeu:
    case OP_lb: case OP_lh: case OP_lw: case OP_lbu: case OP_lhu:
    case OP_sb: case OP_sh: case OP_sw:
    case OP_addi: case OP_slti: case OP_sltiu: case OP_xori: case OP_ori: case OP_andi:
    case OP_slli: case OP_srli: case OP_srai:
    case OP_add: case OP_sub: case OP_sll: case OP_slt: case OP_sltu: case OP_xor:
    case OP_srl: case OP_sra: case OP_or: case OP_and:
    case OP_mul: case OP_mulh: case OP_mulhsu: case OP_mulhu:
    case OP_div: case OP_divu: case OP_rem: case OP_remu:
        return true;
    default:
        return false;
    }
}

/* Emits one non-control instruction, the i-th of its block (i retired before it). */
static void emit_simple(struct emitter *e, const struct jit *j, const struct decoded_insn *d,
                        uint32_t pc, uint32_t unretired, const struct ram *ram)
{
    static const uint8_t reg_op[OP_COUNT] = {
        [OP_add] = 0x03, [OP_sub] = 0x2b, [OP_and] = 0x23, [OP_or] = 0x0b, [OP_xor] = 0x33,
    };
    static const int imm_op[OP_COUNT] = {
        [OP_addi] = 0, [OP_ori] = 1, [OP_andi] = 4, [OP_xori] = 6,
    };
    /* An operation whose destination is one of its sources works on the register in the
     * hart directly (a loop's increments, accumulations): one host instruction, or two,
     * instead of a load, the operation and a store. */
    bool commutative = d->op == OP_add || d->op == OP_and || d->op == OP_or || d->op == OP_xor;
    switch (d->op) {
    case OP_addi: case OP_ori: case OP_andi: case OP_xori:
        if (d->rd != d->rs1)
            break;
        mem_rbx(e, 0x81, imm_op[d->op], XREG(d->rd)); /* op dword [x], imm32 */
        imm32(e, d->imm);
        return;
    case OP_slli: case OP_srli: case OP_srai:
        if (d->rd != d->rs1)
            break;
        mem_rbx(e, 0xc1, d->op == OP_slli ? 4 : d->op == OP_srli ? 5 : 7, XREG(d->rd));
        byte(e, (uint8_t)(d->imm & 31)); /* shift dword [x], imm8 */
        return;
    case OP_add: case OP_sub: case OP_and: case OP_or: case OP_xor:
        if (d->rd == d->rs1 || (commutative && d->rd == d->rs2)) {
            load_x(e, EAX, d->rd == d->rs1 ? d->rs2 : d->rs1);
            mem_rbx(e, (uint8_t)(reg_op[d->op] - 2), EAX, XREG(d->rd)); /* op [x], eax */
            return;
        }
        break;
    default:
        break;
    }
    switch (d->op) {
    case OP_lui:
        store_x_imm(e, d->rd, d->imm);
        return;
    case OP_auipc:
        store_x_imm(e, d->rd, pc + d->imm);
        return;
    case OP_addi: case OP_ori: case OP_andi: case OP_xori:
        if (d->rs1 == 0 && d->op != OP_andi) { /* li: x0 op imm is imm */
            store_x_imm(e, d->rd, d->imm);
            return;
        }
        load_x(e, EAX, d->rs1);
        if (d->imm != 0 || d->op == OP_andi) /* mv: an addi of 0 only copies */
            alu_eax_imm(e, imm_op[d->op], d->imm);
        break;
    case OP_slti: case OP_sltiu:
        load_x(e, EAX, d->rs1);
        alu_eax_imm(e, 7, d->imm);
        byte(e, 0x0f); byte(e, d->op == OP_slti ? 0x9c : 0x92); byte(e, 0xc0); /* setl/setb al */
        byte(e, 0x0f); byte(e, 0xb6); byte(e, 0xc0);                            /* movzx eax, al */
        break;
    case OP_slli: case OP_srli: case OP_srai:
        load_x(e, EAX, d->rs1);
        byte(e, 0xc1);
        byte(e, d->op == OP_slli ? 0xe0 : d->op == OP_srli ? 0xe8 : 0xf8);
        byte(e, (uint8_t)(d->imm & 31));
        break;
    case OP_add: case OP_sub: case OP_and: case OP_or: case OP_xor:
        load_x(e, EAX, d->rs1);
        if (d->rs2 == 0) {
            load_x(e, ECX, 0);
            byte(e, reg_op[d->op]);
            byte(e, 0xc1); /* op eax, ecx */
        } else {
            mem_rbx(e, reg_op[d->op], EAX, XREG(d->rs2));
        }
        break;
    case OP_slt: case OP_sltu:
        load_x(e, EAX, d->rs1);
        if (d->rs2 == 0) {
            byte(e, 0x85); byte(e, 0xc0);             /* test eax, eax */
        } else {
            mem_rbx(e, 0x3b, EAX, XREG(d->rs2));      /* cmp eax, [x] */
        }
        byte(e, 0x0f); byte(e, d->op == OP_slt ? 0x9c : 0x92); byte(e, 0xc0);
        byte(e, 0x0f); byte(e, 0xb6); byte(e, 0xc0);
        break;
    case OP_sll: case OP_srl: case OP_sra:
        load_x(e, EAX, d->rs1);
        load_x(e, ECX, d->rs2);
        byte(e, 0xd3); /* shift eax by cl: x86 masks the count to 5 bits, as RISC-V does */
        byte(e, d->op == OP_sll ? 0xe0 : d->op == OP_srl ? 0xe8 : 0xf8);
        break;
    case OP_mul:
        load_x(e, EAX, d->rs1);
        if (d->rs2 == 0) {
            byte(e, 0x31); byte(e, 0xc0);             /* xor eax, eax */
        } else {
            byte(e, 0x0f);                            /* imul eax, [x] */
            mem_rbx(e, 0xaf, EAX, XREG(d->rs2));
        }
        break;
    case OP_mulh: case OP_mulhsu: case OP_mulhu:
        /* 64-bit products: rax = rs1 sign- or zero-extended, rcx likewise; rax *= rcx. */
        if (d->op == OP_mulhu)
            load_x(e, EAX, d->rs1);
        else {
            byte(e, 0x48);
            mem_rbx(e, 0x63, EAX, XREG(d->rs1)); /* movsxd rax, [x] */
        }
        if (d->op == OP_mulh) {
            byte(e, 0x48);
            mem_rbx(e, 0x63, ECX, XREG(d->rs2));
        } else {
            load_x(e, ECX, d->rs2);
        }
        byte(e, 0x48); byte(e, 0x0f); byte(e, 0xaf); byte(e, 0xc1); /* imul rax, rcx */
        byte(e, 0x48); byte(e, 0xc1); byte(e, 0xe8); byte(e, 32);   /* shr rax, 32 */
        break;
    case OP_div: case OP_divu: case OP_rem: case OP_remu: {
        /* RISC-V's results where x86's div faults: by zero, all ones (div) or the
         * dividend (rem); INT_MIN / -1, INT_MIN (div) or 0 (rem). */
        bool is_signed = d->op == OP_div || d->op == OP_rem;
        bool is_rem = d->op == OP_rem || d->op == OP_remu;
        load_x(e, EAX, d->rs1);
        load_x(e, ECX, d->rs2);
        byte(e, 0x85); byte(e, 0xc9);                   /* test ecx, ecx */
        uint8_t *by_zero = short_jump(e, JE);
        uint8_t *overflow = NULL;
        if (is_signed) {
            byte(e, 0x83); byte(e, 0xf9); byte(e, 0xff); /* cmp ecx, -1 */
            uint8_t *not_minus_one = short_jump(e, JNE);
            alu_eax_imm(e, 7, 0x80000000u);              /* cmp eax, INT_MIN */
            overflow = short_jump(e, JE);
            patch_jump(e, not_minus_one);
            byte(e, 0x99);                               /* cdq */
            byte(e, 0xf7); byte(e, 0xf9);                /* idiv ecx */
        } else {
            byte(e, 0x31); byte(e, 0xd2);                /* xor edx, edx */
            byte(e, 0xf7); byte(e, 0xf1);                /* div ecx */
        }
        if (is_rem) {
            byte(e, 0x89); byte(e, 0xd0);                /* mov eax, edx */
        }
        uint8_t *done = short_jump(e, 0xeb);             /* jmp */
        patch_jump(e, by_zero);
        if (!is_rem) {
            byte(e, 0x83); byte(e, 0xc8); byte(e, 0xff); /* or eax, -1 */
        }
        if (overflow) {
            uint8_t *done_too = short_jump(e, 0xeb);
            patch_jump(e, overflow);
            if (is_rem) {
                byte(e, 0x31); byte(e, 0xc0);            /* xor eax, eax */
            }
            patch_jump(e, done_too);
        }
        patch_jump(e, done);
        break;
    }
    case OP_lb: case OP_lh: case OP_lw: case OP_lbu: case OP_lhu: {
        unsigned size = access_size(d->op);
        emit_ram_offset(e, j, d, size, ram, pc, unretired);
        emit_memory_op(e, d->op, EAX, R12);
        break;
    }
    case OP_sb: case OP_sh: case OP_sw: {
        unsigned size = access_size(d->op);
        emit_ram_offset(e, j, d, size, ram, pc, unretired);
        byte(e, 0x89); byte(e, 0xc2);             /* mov edx, eax */
        byte(e, 0xc1); byte(e, 0xea); byte(e, 12); /* shr edx, 12: the RAM page */
        emit_page_flags_test(e, j, R13, EDX, (uint64_t)(uintptr_t)ram->code_lines, ECX, pc,
                             unretired, NULL);
        load_x(e, ECX, d->rs2);
        emit_memory_op(e, d->op, ECX, R12);
        return;
    }
    default:
        return;
    }
    store_x(e, EAX, d->rd);
}

static struct block *new_block(struct jit *j)
{
    if (j->blocks_used == BLOCK_ARENA || j->code_used + MAX_BLOCK_CODE > CODE_BUFFER_SIZE ||
        j->sites_used + MAX_BLOCK > SITE_SLOTS)
        flush_all(j);
    struct block *b = &j->blocks[j->blocks_used++];
    *b = (struct block){0};
    return b;
}

static struct jit_page *get_page(struct jit *j, uint32_t page_index)
{
    struct jit_page *page = j->pages[page_index];
    if (!page) {
        page = calloc(1, sizeof *page);
        j->pages[page_index] = page;
    }
    return page;
}

/* Returns to C through `exit` with h->pc = pc. */
static void emit_return_at(struct emitter *e, uint32_t pc, const uint8_t *exit)
{
    mem_rbx(e, 0xc7, 0, HART_PC_OFFSET);
    imm32(e, pc);
    jump_to(e, exit);
}

/* Jumps to the entry point that *slot (of `page`) holds, the block at `target`, or
 * returns to C through `otherwise` at `target` while it holds none. A block sets h->pc
 * only where it returns to C, so a chained jump does not store it. The jump goes
 * straight to the block while the slot holds it (relink() keeps it so); before, and
 * where the site cannot be recorded, it reads the slot at run time. */
static void emit_jump_through(struct emitter *e, struct jit_page *page, const void *const *slot,
                              uint32_t target, const uint8_t *otherwise)
{
    byte(e, 0xe9);
    uint8_t *rel32 = e->p;
    imm32(e, 0); /* jmp to the next instruction, until relink() points it at the block */
    if (page->incoming_count == page->incoming_capacity) {
        uint32_t capacity = page->incoming_capacity ? 2 * page->incoming_capacity : 16;
        struct chain_site *grown = realloc(page->incoming, capacity * sizeof *grown);
        if (grown) {
            page->incoming = grown;
            page->incoming_capacity = capacity;
        }
    }
    if (page->incoming_count < page->incoming_capacity) {
        page->incoming[page->incoming_count++] =
            (struct chain_site){.rel32 = rel32, .reads_slot = e->p, .slot = slot, .from = e->block};
        if (*slot)
            point_jump(rel32, *slot);
    }
    uint64_t address = (uint64_t)(uintptr_t)slot;
    byte(e, 0x48); byte(e, 0xb8); memcpy(e->p, &address, 8); e->p += 8; /* mov rax, imm64 */
    byte(e, 0x48); byte(e, 0x8b); byte(e, 0x00);                        /* mov rax, [rax] */
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xc0);                        /* test rax, rax */
    uint8_t *none = short_jump(e, JE);
    byte(e, 0xff); byte(e, 0xe0); /* jmp rax */
    patch_jump(e, none);
    emit_return_at(e, target, otherwise);
}

/* Leaves for the block at `target` (h->pc = target first): through its entry point when
 * it is in RAM and translated, else to C. */
static void emit_chain(struct emitter *e, struct jit *j, uint32_t target)
{
    const struct ram *ram = &j->hart->bus->ram;
    uint32_t offset = target - ram->base;
    struct jit_page *page = offset < ram->size ? get_page(j, offset >> RAM_PAGE_SHIFT) : NULL;
    if (!page) {
        emit_return_at(e, target, j->exit_code);
        return;
    }
    emit_jump_through(e, page, &page->code[(offset & (RAM_PAGE_SIZE - 1)) >> 2], target,
                      j->exit_code);
}

/* The dynamic form for jalr: the target is in eax and already in h->pc. */
static void emit_chain_dynamic(struct emitter *e, struct jit *j)
{
    const struct ram *ram = &j->hart->bus->ram;
    alu_eax_imm(e, 5, ram->base);
    alu_eax_imm(e, 7, ram->size);
    jcc_to(e, JAE, j->exit_code);
    byte(e, 0x89); byte(e, 0xc2);             /* mov edx, eax */
    byte(e, 0xc1); byte(e, 0xea); byte(e, 12); /* shr edx, 12 */
    uint64_t pages = (uint64_t)(uintptr_t)j->pages;
    byte(e, 0x48); byte(e, 0xb9); memcpy(e->p, &pages, 8); e->p += 8; /* mov rcx, imm64 */
    byte(e, 0x48); byte(e, 0x8b); byte(e, 0x0c); byte(e, 0xd1);      /* mov rcx, [rcx+rdx*8] */
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xc9);                     /* test rcx, rcx */
    jcc_to(e, JE, j->exit_code);
    byte(e, 0x25); imm32(e, RAM_PAGE_SIZE - 4); /* and eax, 0xffc: slot * 4 */
    byte(e, 0x48); byte(e, 0x8b); byte(e, 0x84); byte(e, 0x41);      /* mov rax, [rcx+rax*2+d] */
    imm32(e, (uint32_t)offsetof(struct jit_page, code));
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xc0); /* test rax, rax */
    jcc_to(e, JE, j->exit_code);
    byte(e, 0xff); byte(e, 0xe0); /* jmp rax */
}

/* The page offsets of the block's instructions from `offset` (a page whose first pc is
 * page_pc) into path[]; returns how many, and where it goes on after them. A branch goes on
 * to the next instruction (the block leaves where it is taken); a jal to the same page, to
 * an instruction not in the block yet, is followed; a jalr, or a jump elsewhere, ends the
 * block. */
static uint32_t block_path(const uint8_t *words, uint32_t page_pc, uint32_t offset,
                           uint16_t path[MAX_BLOCK], bool *ends_in_jump, uint32_t *next_offset)
{
    uint32_t n = 0;
    *ends_in_jump = false;
    while (n < MAX_BLOCK && offset < RAM_PAGE_SIZE) {
        uint32_t word;
        memcpy(&word, words + offset, 4);
        struct decoded_insn d;
        decode_instruction(word, &d);
        if (!translatable(d.op))
            break;
        bool jump = d.op == OP_jal || d.op == OP_jalr || d.op == OP_beq || d.op == OP_bne ||
                    d.op == OP_blt || d.op == OP_bge || d.op == OP_bltu || d.op == OP_bgeu;
        uint32_t target = page_pc + offset + d.imm;
        if (jump && d.op != OP_jalr && (target & 3))
            break; /* the interpreter raises the misaligned fetch */
        path[n++] = (uint16_t)offset;
        bool branch = jump && d.op != OP_jal && d.op != OP_jalr;
        if (branch && n < MAX_BLOCK && offset + 4 < RAM_PAGE_SIZE) {
            offset += 4; /* a taken branch leaves; the block goes on where it falls through */
            continue;
        }
        if (d.op == OP_jal && (target & ~(RAM_PAGE_SIZE - 1)) == page_pc && n < MAX_BLOCK) {
            uint32_t next = target & (RAM_PAGE_SIZE - 1);
            bool held = false;
            for (uint32_t k = 0; k < n && !held; k++)
                held = path[k] == next;
            if (!held) {
                offset = next;
                continue;
            }
        }
        if (jump) {
            *ends_in_jump = true;
            break;
        }
        offset += 4;
    }
    *next_offset = offset; /* where the block goes on when it does not end in a jump */
    return n;
}

/* Decodes the instruction at `offset` of the page's `words` for block b, which now
 * comes from its line too. */
static void decode_for_block(struct block *b, const uint8_t *words, uint32_t offset,
                             struct decoded_insn *d)
{
    uint32_t word;
    memcpy(&word, words + offset, 4);
    decode_instruction(word, d);
    b->lines |= 1ull << (offset >> RAM_CODE_LINE_SHIFT);
}

/* A block's entry (the block at `pc`): back to `exit` (C) at pc unless the budget covers
 * all n instructions; else charge them. */
static void emit_block_entry(struct emitter *e, uint32_t pc, uint32_t n, const uint8_t *exit)
{
    charge_steps(e, n);
    uint8_t *covered = short_jump(e, JAE);
    give_back_steps(e, n); /* not charged after all */
    emit_return_at(e, pc, exit);
    patch_jump(e, covered);
}

/* jalr up to the jump: eax = h->pc = the target (a misaligned one leaves the block at the
 * jalr, for the interpreter to raise), rd = the link. */
static void emit_jalr_target(struct emitter *e, const struct jit *j, const struct decoded_insn *d,
                             uint32_t pc, uint32_t unretired)
{
    load_x(e, EAX, d->rs1);
    add_eax_imm(e, d->imm);
    alu_eax_imm(e, 4, ~1u);
    byte(e, 0xa8); byte(e, 2); /* test al, 2 */
    exit_unless(e, j, JE, pc, unretired);
    mem_rbx(e, 0x89, EAX, HART_PC_OFFSET);
    store_x_imm(e, d->rd, pc + 4);
}

/* A branch's comparison; returns the jcc (rel8) opcode that skips the taken path. */
static uint8_t emit_branch_compare(struct emitter *e, const struct decoded_insn *d)
{
    if (d->rs2 == 0 && d->rs1 != 0) {
        mem_rbx(e, 0x83, 7, XREG(d->rs1)); /* cmp dword [x], 0 (beqz, bnez, ...) */
        byte(e, 0);
    } else {
        load_x(e, EAX, d->rs1);
        if (d->rs2 == 0) { /* x0 against x0 */
            byte(e, 0x85); byte(e, 0xc0); /* test eax, eax */
        } else {
            mem_rbx(e, 0x3b, EAX, XREG(d->rs2)); /* cmp eax, [x] */
        }
    }
    switch (d->op) {
    case OP_beq: return JNE;
    case OP_bne: return JE;
    case OP_blt: return JGE;
    case OP_bge: return JL;
    case OP_bltu: return JAE;
    default: return JB;
    }
}

/* ---- In-page blocks: the interpreter's fast path under translation ----
 *
 * With paging on, the interpreter stays in charge: it fetches (one TLB lookup per page it
 * enters, the sequential fetches after it counted from its step count), checks interrupts
 * and takes every slow path. What it hands to a block is a straight run of instructions
 * within the page it is executing, entered from its dispatch, so every fetch the block
 * makes in that page is counted by the interpreter exactly as if it had run them itself;
 * where blocks jump on into another page's block, they make that page's lookup as the
 * interpreter would and hand it the new page's context (emit_cross_page). Loads and
 * stores check the MMU's host-side mirror of the TLB inline and count a hit as
 * mmu_fast_load() and mmu_fast_store() do (total, per ASID, LRU stamp: in the mirror
 * slot, see emit_count_hit); anything else (a miss, a device, a flagged page,
 * misalignment) goes to the interpreter's slow path for that access (emit_slow_sites).
 *
 * Nothing here is keyed by a translation: the block is stored by RAM page and slot and
 * only remembers the virtual page its pcs are relative to (auipc, jal's link, branch
 * targets); the TLB checks read the current mode's mirror at run time, which holds only
 * entries of the TLB that passed that mode's checks (see struct mmu_mirror). So nothing needs
 * invalidating on those events; a store into the code invalidates as for plain blocks.
 *
 * Host registers, set by the paged trampoline and written back by the paged exit: rbx =
 * hart, r14 = steps left (as in plain blocks), r12 = the MMU, r15 = its current mirror
 * (mmu->mirror: no mode changes while blocks run), r10 = that mirror's host view (where
 * loads and stores reach guest memory at r10 + vaddr), r13 = the TLB's clock, r8 and r9 =
 * load and store hits not yet added to the counters (total and current ASID); a block
 * adds its own hits to them where it is left, as many as it made up to there, known when
 * it is translated (emit_pending_hits). rax, rcx, rdx, rsi, rdi and r11 are scratch.
 * Blocks leave only through the paged exit, with h->pc set; nothing else touches the TLB
 * meanwhile. */


/* opcode with a ModRM memory operand [base + disp32]; REX as the registers need. */
static void op_base(struct emitter *e, bool wide, uint8_t opcode, int reg, int base, uint32_t disp)
{
    uint8_t rex = (uint8_t)(0x40 | (wide ? 8 : 0) | ((reg >> 3) << 2) | (base >> 3));
    if (rex != 0x40)
        byte(e, rex);
    byte(e, opcode);
    byte(e, (uint8_t)(0x80 | ((reg & 7) << 3) | (base & 7)));
    if ((base & 7) == 4)
        byte(e, 0x24); /* rsp and r12 as a base need a SIB byte: no index */
    imm32(e, disp);
}

#define MMU_FIELD(field) ((uint32_t)offsetof(struct mmu, field))
#define FAST_ENTRY_SHIFT 5
_Static_assert(sizeof(struct mmu_fast_entry) == 1u << FAST_ENTRY_SHIFT,
               "the emitted index scaling assumes 32-byte mirror entries");
_Static_assert((MMU_FAST_ENTRIES & (MMU_FAST_ENTRIES - 1)) == 0, "the emitted index mask needs a power of two");

/* opcode with a ModRM memory operand [rip + disp32] reaching `target`. */
static void rip_relative(struct emitter *e, bool wide, uint8_t opcode, int reg, const void *target)
{
    uint8_t rex = (uint8_t)(0x40 | (wide ? 8 : 0) | ((reg >> 3) << 2));
    if (rex != 0x40)
        byte(e, rex);
    byte(e, opcode);
    byte(e, (uint8_t)(((reg & 7) << 3) | 5));
    imm32(e, (uint32_t)((const uint8_t *)target - (e->p + 4)));
}

/* opcode with a ModRM memory operand [base + index + disp32] (SIB, scale 1). */
static void op_base_index(struct emitter *e, bool wide, uint8_t opcode, int reg, int base,
                          int index, uint32_t disp)
{
    uint8_t rex = (uint8_t)(0x40 | (wide ? 8 : 0) | ((reg >> 3) << 2) | ((index >> 3) << 1) |
                            (base >> 3));
    if (rex != 0x40)
        byte(e, rex);
    byte(e, opcode);
    byte(e, (uint8_t)(0x80 | ((reg & 7) << 3) | 4));
    byte(e, (uint8_t)(((index & 7) << 3) | (base & 7)));
    imm32(e, disp);
}

/* Where a field of the mirror entry of `access` lies from r15 + rdx (the slot's offset in
 * its table, as emit_mirror_lookup leaves it in rdx). */
#define MIRROR_FIELD(access, field)                                                           \
    ((uint32_t)offsetof(struct mmu_mirror, fast) +                                             \
     (uint32_t)(access) * (uint32_t)sizeof(((struct mmu_mirror *)0)->fast[0]) +               \
     (uint32_t)offsetof(struct mmu_fast_entry, field))

/* rdx = the offset of vaddr's slot in mmu->mirror->fast[access] (so the entry is at r15 + rdx +
 * MIRROR_FIELD), checked to hold vaddr's page in the host view (its view_page), with vaddr
 * in eax aligned for `size`; else, with ecx the tag compared, on to the access's off-view
 * path (emit_slow_sites). */
static void emit_mirror_lookup(struct emitter *e, enum tlb_access access, unsigned size,
                               struct slow_site *site)
{
    byte(e, 0x89); byte(e, 0xc2);                          /* mov edx, eax */
    byte(e, 0xc1); byte(e, 0xea); byte(e, 12 - FAST_ENTRY_SHIFT); /* shr edx, 7 */
    byte(e, 0x81); byte(e, 0xe2); imm32(e, (MMU_FAST_ENTRIES - 1) << FAST_ENTRY_SHIFT); /* and */
    /* The page and the alignment in one compare: a misaligned address keeps low bits that
     * no page base (nor MMU_FAST_INVALID) has. */
    byte(e, 0x89); byte(e, 0xc1);                          /* mov ecx, eax */
    byte(e, 0x81); byte(e, 0xe1); imm32(e, ~0xfffu | (size - 1)); /* and ecx, ... */
    op_base_index(e, false, 0x3b, ECX, R15, EDX, MIRROR_FIELD(access, view_page)); /* cmp */
    site->off_view = jump32_forward(e, JNE);
}

/* The stamp of a hit on the mirror entry at r15 + rdx, counted as tlb_count_hit() counts it
 * (emit_translated_access counts the hit itself), once
 * nothing can leave the block before the access any more: the counters when the block is
 * left (emit_pending_hits), the LRU stamp now, in the mirror slot (mmu_fast_entry's
 * last_use), which the MMU folds into the TLB entry before a victim is chosen. Stamping the
 * entry itself would wait for a load of the slot's entry pointer: about a tenth of the time
 * of a paged loop. Every hit is stamped, also a repeated one on the most recent entry,
 * which tlb_count_hit() skips: that moves the clock further but never changes the order
 * of the stamps, which is all that LRU replacement compares, so the victims are the same.
 * Call it before rdx is overwritten. */
static void emit_stamp_slot(struct emitter *e, enum tlb_access access)
{
    byte(e, 0x49); byte(e, 0xff); byte(e, 0xc5); /* inc r13 */
    op_base_index(e, true, 0x89, R13, R15, EDX, MIRROR_FIELD(access, last_use)); /* mov [], r13 */
}
/* The stamp of a fetch hit, on the TLB entry in `entry_reg` (emit_cross_page). */
static void emit_stamp_entry(struct emitter *e, int entry_reg)
{
    byte(e, 0x49); byte(e, 0xff); byte(e, 0xc5); /* inc r13 */
    op_base(e, true, 0x89, R13, entry_reg, (uint32_t)offsetof(struct tlb_entry, last_use));
}

/* Writes the in-page registers' TLB state (clock, pending hits) to the MMU; clobbers
 * `scratch`. The TLB's most recent entry becomes unknown (NULL): the newest stamp may be in
 * a mirror slot, and C's next hit must stamp its entry again. */
static void emit_tlb_write_back(struct emitter *e, int scratch)
{
    op_base(e, true, 0x89, R13, R12, MMU_FIELD(tlb.clock));
    op_base(e, true, 0xc7, 0, R12, MMU_FIELD(tlb.most_recent));
    imm32(e, 0); /* mov qword [...], 0 */
    op_base(e, true, 0x01, R8, R12, MMU_FIELD(tlb.stats.total.hits) + 8u * TLB_LOAD);
    op_base(e, true, 0x01, R9, R12, MMU_FIELD(tlb.stats.total.hits) + 8u * TLB_STORE);
    op_base(e, true, 0x8b, scratch, R12, MMU_FIELD(tlb.current_asid_counts));
    op_base(e, true, 0x01, R8, scratch, (uint32_t)offsetof(struct tlb_counts, hits) + 8u * TLB_LOAD);
    op_base(e, true, 0x01, R9, scratch, (uint32_t)offsetof(struct tlb_counts, hits) + 8u * TLB_STORE);
}

/* The in-page registers' TLB state from the MMU (clock, current mirror and its host view),
 * no hits pending: the counterpart of emit_tlb_write_back. */
static void emit_tlb_take_up(struct emitter *e)
{
    op_base(e, true, 0x8b, R13, R12, MMU_FIELD(tlb.clock));
    op_base(e, true, 0x8b, R15, R12, MMU_FIELD(mirror));
    op_base(e, true, 0x8b, R10, R15, (uint32_t)offsetof(struct mmu_mirror, view.base));
    byte(e, 0x45); byte(e, 0x31); byte(e, 0xc0); /* xor r8d, r8d */
    byte(e, 0x45); byte(e, 0x31); byte(e, 0xc9); /* xor r9d, r9d */
}

/* The in-page trampoline, paged_entry(h, left, code) (System V: rdi, rsi, rdx), and the
 * exit that writes the registers back to the TLB before the shared exit. */
static void emit_paged_entry_and_exit(struct emitter *e, struct jit *j)
{
    static const uint8_t save[] = {0x53, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57};
    j->paged_entry = e->p;
    memcpy(e->p, save, sizeof save);
    e->p += sizeof save;
    byte(e, 0x48); byte(e, 0x89); byte(e, 0xfb); /* mov rbx, rdi */
    byte(e, 0x49); byte(e, 0x89); byte(e, 0xf6); /* mov r14, rsi */
    op_base(e, true, 0x8b, R12, EBX_REG, (uint32_t)offsetof(struct hart, mmu));
    emit_tlb_take_up(e);
    byte(e, 0xff); byte(e, 0xe2);                /* jmp rdx */

    j->paged_exit = e->p;
    emit_tlb_write_back(e, EDX);
    jump_to(e, j->exit_code);
}

/* slow_access(h, vaddr, value, what, left): the in-page blocks' call of the interpreter's
 * slow path for one load or store (emit_slow_sites). */
static uint64_t slow_access(struct hart *h, uint32_t vaddr, uint32_t value, uint32_t what,
                            uint64_t left)
{
    struct jit *j = h->jit;
    struct jit_fetch *fetch = j->fetch;
    /* SYNC_STATE, as the interpreter's LOAD and STORE do before their slow path (the block
     * has set h->pc): `left` is the interpreter's count of steps at this instruction. */
    mmu_count_fetch_hits(h->mmu, fetch->base - left);
    fetch->base = left;
    h->steps = fetch->steps_end - left;
    uint64_t code_changes = j->code_changes;
    enum insn_op op = (enum insn_op)(what & 0xffff);
    unsigned rd = what >> 16;
    enum mem_status status;
    uint32_t v = 0;
    switch (op) {
    case OP_sb: status = mem_store(h, vaddr, 1, value); break;
    case OP_sh: status = mem_store(h, vaddr, 2, value); break;
    case OP_sw: status = mem_store(h, vaddr, 4, value); break;
    case OP_lb: case OP_lbu: status = mem_load(h, vaddr, 1, &v); break;
    case OP_lh: case OP_lhu: status = mem_load(h, vaddr, 2, &v); break;
    default: status = mem_load(h, vaddr, 4, &v); break;
    }
    if (status == MEM_FAULT) {
        fetch->after = JIT_AFTER_FAULT;
        return left + 1; /* nothing retired: the interpreter raises it */
    }
    if (op == OP_lb)
        h->x[rd] = (uint32_t)(int32_t)(int8_t)v;
    else if (op == OP_lh)
        h->x[rd] = (uint32_t)(int32_t)(int16_t)v;
    else if (op == OP_lbu || op == OP_lhu || op == OP_lw)
        h->x[rd] = v;
    if (status == MEM_DEVICE)
        fetch->after = JIT_AFTER_CHECK;
    else if (j->code_changes == code_changes)
        return 0; /* the block goes on */
    /* Retired, and the block leaves: for the interpreter to re-check, or because a page
     * table's A/D update dropped blocks of code (maybe this one). */
    h->pc += 4;
    return left;
}

/* The shared part of the slow-path call, entered by `call` from a block's slow site with
 * eax = vaddr, edx = the value to store, ecx = the operation and rd, r11 = the
 * interpreter's steps left at the instruction, h->pc set: hands the registers' TLB state
 * to the MMU, calls slow_access() and takes the state back; rax = its result. */
static void emit_slow_access(struct emitter *e, struct jit *j)
{
    j->slow_access = e->p;
    emit_tlb_write_back(e, EDI);
    byte(e, 0x89); byte(e, 0xc6);                /* mov esi, eax */
    byte(e, 0x48); byte(e, 0x89); byte(e, 0xdf); /* mov rdi, rbx */
    byte(e, 0x4d); byte(e, 0x89); byte(e, 0xd8); /* mov r8, r11 */
    byte(e, 0x48); byte(e, 0x83); byte(e, 0xec); byte(e, 8); /* sub rsp, 8: aligned call */
    uint64_t helper = (uint64_t)(uintptr_t)slow_access;
    byte(e, 0x48); byte(e, 0xb8); memcpy(e->p, &helper, 8); e->p += 8; /* mov rax, imm64 */
    byte(e, 0xff); byte(e, 0xd0);                /* call rax */
    byte(e, 0x48); byte(e, 0x83); byte(e, 0xc4); byte(e, 8); /* add rsp, 8 */
    emit_tlb_take_up(e);
    byte(e, 0xc3);                               /* ret */
}

#define FETCH_ENTRY_SHIFT 4
_Static_assert(sizeof(struct mmu_fetch_entry) == 1u << FETCH_ENTRY_SHIFT,
               "the emitted fetch-cache index scaling assumes 16-byte entries");
_Static_assert(MMU_FETCH_ENTRIES <= 128 && (MMU_FETCH_ENTRIES & (MMU_FETCH_ENTRIES - 1)) == 0,
               "the emitted fetch-cache index mask is an imm8 power of two less one");

/* The in-page blocks' jump to another virtual page: eax = the target (aligned), h->pc
 * already set to it. It goes straight on into the target's block when the current mode's
 * fetch cache (mmu_fast_fetch's) maps the page with a TLB entry and the RAM page has a
 * block there made for that virtual page; it then counts the fetch lookups exactly as the
 * interpreter's fetch path does at that jump: the hits after the first fetch of the page
 * left (j->fetch->base - r14 - 1 of them, mmu_count_fetch_hits) on its entry, then one
 * hit on the new page's entry (mmu_fast_fetch), which becomes mmu->fetch_entry; *j->fetch
 * then describes the new page. Anything else (a fetch-cache miss, no block there, no
 * fetch translation, breakpoints) goes back to C untouched, whose fetch path does the
 * lookup as before. The fetch cache holds only entries in the TLB and belongs to one mode
 * (mode key and satp), and no mode changes while blocks run, so no stale page is reached. */
static void emit_cross_page(struct emitter *e, struct jit *j)
{
    j->cross_page = e->p;
    op_base(e, true, 0x83, 7, EBX_REG, (uint32_t)offsetof(struct hart, breakpoint_pages));
    byte(e, 0);                                               /* cmp qword [...], 0 */
    jcc_to(e, JNE, j->paged_exit);
    byte(e, 0x89); byte(e, 0xc2);                             /* mov edx, eax */
    byte(e, 0xc1); byte(e, 0xea); byte(e, 12);                /* shr edx, 12 */
    byte(e, 0x83); byte(e, 0xe2); byte(e, MMU_FETCH_ENTRIES - 1); /* and edx, mask */
    byte(e, 0xc1); byte(e, 0xe2); byte(e, FETCH_ENTRY_SHIFT); /* shl edx, 4 */
    op_base_index(e, true, 0x8d, EDX, R15, EDX, (uint32_t)offsetof(struct mmu_mirror, fetch_cache));
    byte(e, 0x89); byte(e, 0xc1);                             /* mov ecx, eax */
    byte(e, 0x81); byte(e, 0xe1); imm32(e, ~0xfffu);          /* and ecx, page mask */
    op_base(e, false, 0x3b, ECX, EDX, (uint32_t)offsetof(struct mmu_fetch_entry, page));
    jcc_to(e, JNE, j->paged_exit);
    op_base(e, true, 0x8b, ESI, EDX, (uint32_t)offsetof(struct mmu_fetch_entry, entry));
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xf6);              /* test rsi, rsi */
    jcc_to(e, JE, j->paged_exit);
    op_base(e, false, 0x8b, ECX, EDX, (uint32_t)offsetof(struct mmu_fetch_entry, ram_page_index));
    uint64_t pages = (uint64_t)(uintptr_t)j->pages;
    byte(e, 0x48); byte(e, 0xbf); memcpy(e->p, &pages, 8); e->p += 8; /* mov rdi, imm64 */
    byte(e, 0x48); byte(e, 0x8b); byte(e, 0x3c); byte(e, 0xcf);      /* mov rdi, [rdi+rcx*8] */
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xff);              /* test rdi, rdi */
    jcc_to(e, JE, j->paged_exit);
    byte(e, 0x89); byte(e, 0xc1);                             /* mov ecx, eax */
    byte(e, 0x81); byte(e, 0xe1); imm32(e, ~0xfffu);          /* and ecx, page mask */
    op_base(e, false, 0x3b, ECX, EDI, (uint32_t)offsetof(struct jit_page, in_page_pc));
    jcc_to(e, JNE, j->paged_exit);
    byte(e, 0x25); imm32(e, RAM_PAGE_SIZE - 4);               /* and eax, 0xffc: slot * 4 */
    byte(e, 0xd1); byte(e, 0xe0);                             /* shl eax, 1: slot * 8 */
    op_base_index(e, true, 0x8b, ECX, EDI, EAX, (uint32_t)offsetof(struct jit_page, in_page_code));
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xc9);              /* test rcx, rcx */
    jcc_to(e, JE, j->paged_exit);
    op_base(e, true, 0x8b, EDI, R12, MMU_FIELD(fetch_entry));
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xff);              /* test rdi, rdi */
    jcc_to(e, JE, j->paged_exit);
    /* rax = the fetches from the page left (its lookup and its hits) = base - r14; with
     * the new page's hit, rax fetch hits in all. *j->fetch becomes the new page's. */
    uint64_t fetch = (uint64_t)(uintptr_t)&j->fetch;
    byte(e, 0x49); byte(e, 0xbb); memcpy(e->p, &fetch, 8); e->p += 8; /* mov r11, imm64 */
    byte(e, 0x4d); byte(e, 0x8b); byte(e, 0x1b);              /* mov r11, [r11] */
    op_base(e, true, 0x8b, EAX, R11, (uint32_t)offsetof(struct jit_fetch, base));
    op_base(e, true, 0x89, R14, R11, (uint32_t)offsetof(struct jit_fetch, base));
    op_base(e, true, 0x89, EDX, R11, (uint32_t)offsetof(struct jit_fetch, moved_to));
    byte(e, 0x4c); byte(e, 0x29); byte(e, 0xf0);              /* sub rax, r14 */
    op_base(e, true, 0x01, EAX, R12, MMU_FIELD(tlb.stats.total.hits) + 8u * TLB_FETCH);
    op_base(e, true, 0x8b, R11, R12, MMU_FIELD(tlb.current_asid_counts));
    op_base(e, true, 0x01, EAX, R11, (uint32_t)offsetof(struct tlb_counts, hits) + 8u * TLB_FETCH);
    byte(e, 0x48); byte(e, 0x83); byte(e, 0xf8); byte(e, 1);  /* cmp rax, 1 */
    uint8_t *no_hits = short_jump(e, JE); /* none after the lookup: no stamp (tlb_count_hits) */
    emit_stamp_entry(e, EDI);
    patch_jump(e, no_hits);
    emit_stamp_entry(e, ESI);
    op_base(e, true, 0x89, ESI, R12, MMU_FIELD(fetch_entry));
    byte(e, 0xff); byte(e, 0xe1);                             /* jmp rcx */
}

/* Stores, with the slot at r15 + rdx holding the page: on to the slow path unless the RAM
 * page is unflagged, or flagged for code only with none on the line stored to
 * (ram_store_needs_notice). RAM is mapped at a page boundary (bus_init), so the host
 * address's page number indexes the per-page tables from a biased base. */
static void emit_store_check(struct emitter *e, const struct jit *j, struct slow_site *site,
                             enum tlb_access access)
{
    const struct ram *ram = &j->hart->bus->ram;
    uint64_t first_host_page = (uint64_t)(uintptr_t)ram->bytes >> RAM_PAGE_SHIFT;
    op_base_index(e, true, 0x8b, EDI, R15, EDX, MIRROR_FIELD(access, host_offset)); /* mov rdi */
    byte(e, 0x48); byte(e, 0x01); byte(e, 0xc7);            /* add rdi, rax: host address */
    byte(e, 0x48); byte(e, 0xc1); byte(e, 0xef); byte(e, RAM_PAGE_SHIFT); /* shr rdi, 12 */
    mov_rsi_imm64(e, (uint64_t)(uintptr_t)ram->page_flags - first_host_page);
    emit_page_flags_test(e, j, ESI, EDI, (uint64_t)(uintptr_t)ram->code_lines - first_host_page * 8,
                         EDI, site->pc, site->unretired, site);
}

/* A translated load or store at host address `base` (r10 or rdi) + rax. */
static void emit_access_at(struct emitter *e, enum insn_op op, unsigned rd, unsigned rs2, int base)
{
    if (is_store(op)) {
        load_x(e, ESI, rs2);
        emit_memory_op(e, op, ESI, base);
    } else {
        emit_memory_op(e, op, ECX, base);
        store_x(e, ECX, rd);
    }
}

/* A load or store through the mirror (the i-th instruction, `unretired` steps charged
 * and not yet used counting this one). Where the slot holds the page in the host view,
 * the access goes to r10 + vaddr and waits for its address alone, not for a load of the
 * slot's host offset too; a store there needs no test of the RAM page's flags either (a
 * store slot is in the view only for an unflagged page: struct mmu_fast_entry). */
static void emit_translated_access(struct emitter *e, struct jit *j, const struct decoded_insn *d,
                                   uint32_t pc, uint32_t unretired, bool address_from_load)
{
    bool store = is_store(d->op);
    enum tlb_access access = store ? TLB_STORE : TLB_LOAD;
    struct slow_site *site = &e->sites[e->site_count++];
    *site = (struct slow_site){.pc = pc, .unretired = unretired, .loads_before = e->loads,
                               .stores_before = e->stores, .op = d->op, .rd = d->rd, .rs2 = d->rs2};
    if (!store && address_from_load)
        site->remembered = &j->sites[j->sites_used++];
    load_x(e, EAX, d->rs1);
    add_eax_imm(e, d->imm);
    emit_mirror_lookup(e, access, access_size(d->op), site);
    emit_stamp_slot(e, access);
    emit_access_at(e, d->op, d->rd, d->rs2, R10);
    if (store)
        e->stores++;
    else
        e->loads++;
    site->resume = e->p;
    site->loads_after = e->loads;
    site->stores_after = e->stores;
}

/* The other paths of the block's loads and stores, after its code.
 * - Off the host view: the slot holds the page, but not in the view (the mode's view is
 *   not open yet, mmu_check_view_warm_up, or its RAM page has flags); the access goes
 *   through the slot's host offset, as the interpreter's fast path does, with the same
 *   count and stamp.
 * - The slow path: each calls the interpreter's own slow path for its access
 *   (emit_slow_access), which counts and walks exactly as the interpreter would, and goes
 *   on in the block after the access when that path says MEM_OK; else the block leaves as
 *   the helper says. The hits counted before the call are in the counters then (r8 and r9
 *   are zero), so they start again below zero: the block's later exits add the hits from
 *   its start (emit_pending_hits). */
static void emit_slow_sites(struct emitter *e, const struct jit *j)
{
    for (unsigned i = 0; i < e->site_count; i++) {
        struct slow_site *site = &e->sites[i];
        enum tlb_access access = is_store(site->op) ? TLB_STORE : TLB_LOAD;
        patch_jump32(e, site->off_view);
        op_base_index(e, false, 0x3b, ECX, R15, EDX, MIRROR_FIELD(access, page)); /* cmp */
        site->jumps[site->jump_count++] = jump32_forward(e, JNE);
        if (access == TLB_STORE)
            emit_store_check(e, j, site, access);
        emit_stamp_slot(e, access);
        uint8_t *refill = NULL;
        const uint8_t *refilled = NULL;
        if (site->remembered) {
            /* The host offset this load used last, if the slot still holds it: read from a
             * fixed address, so that the access does not wait for the slot's index and its
             * load (a chain of loads, as in a table lookup, runs at the speed of plain
             * ones). A different offset in the slot (another page, or the same page
             * remapped) is taken from the slot and remembered. Either way the offset used
             * is the slot's. */
            rip_relative(e, true, 0x8b, EDI, site->remembered); /* mov rdi, [remembered] */
            op_base_index(e, true, 0x3b, EDI, R15, EDX, MIRROR_FIELD(access, host_offset)); /* cmp */
            refill = jump32_forward(e, JNE);
            refilled = e->p;
        } else {
            op_base_index(e, true, 0x8b, EDI, R15, EDX, MIRROR_FIELD(access, host_offset)); /* mov rdi */
        }
        emit_access_at(e, site->op, site->rd, site->rs2, EDI);
        jump_to(e, site->resume);
        if (refill) {
            patch_jump32(e, refill);
            op_base_index(e, true, 0x8b, EDI, R15, EDX, MIRROR_FIELD(access, host_offset)); /* mov rdi */
            rip_relative(e, true, 0x89, EDI, site->remembered); /* mov [remembered], rdi */
            jump_to(e, refilled);
        }

        for (unsigned k = 0; k < site->jump_count; k++)
            patch_jump32(e, site->jumps[k]);
        emit_add_hits(e, site->loads_before, site->stores_before);
        byte(e, 0xb9); imm32(e, (uint32_t)site->op | (uint32_t)site->rd << 16); /* mov ecx, */
        if (access == TLB_STORE)
            load_x(e, EDX, site->rs2);
        byte(e, 0x4d); byte(e, 0x8d); byte(e, 0x9e); imm32(e, site->unretired); /* lea r11, [r14+] */
        mem_rbx(e, 0xc7, 0, HART_PC_OFFSET);
        imm32(e, site->pc);
        byte(e, 0xe8); imm32(e, (uint32_t)(j->slow_access - (e->p + 4))); /* call */
        byte(e, 0x48); byte(e, 0x85); byte(e, 0xc0);             /* test rax, rax */
        uint8_t *go_on = short_jump(e, JE);
        byte(e, 0x4c); byte(e, 0x8d); byte(e, 0x70); byte(e, 0xff); /* lea r14, [rax - 1] */
        jump_to(e, j->paged_exit);
        patch_jump(e, go_on);
        byte(e, 0x49); byte(e, 0xc7); byte(e, 0xc0); imm32(e, -site->loads_after);  /* mov r8, */
        byte(e, 0x49); byte(e, 0xc7); byte(e, 0xc1); imm32(e, -site->stores_after); /* mov r9, */
        jump_to(e, site->resume);
    }
}

/* Goes on at `next_pc`: straight into its block when it lies in the same virtual page and
 * is translated, else back to C (h->pc = next_pc). A jump within the page is no new fetch
 * lookup for the interpreter either, so chaining changes no count. */
static void emit_leave(struct emitter *e, const struct jit *j, struct jit_page *page,
                       const struct block *b, uint32_t next_pc)
{
    emit_pending_hits(e);
    if (next_pc & 3) {
        emit_return_at(e, next_pc, j->paged_exit);
        return;
    }
    if ((next_pc & ~(RAM_PAGE_SIZE - 1)) != b->page_pc) {
        mem_rbx(e, 0xc7, 0, HART_PC_OFFSET);
        imm32(e, next_pc);
        byte(e, 0xb8); imm32(e, next_pc); /* mov eax, next_pc */
        jump_to(e, j->cross_page);
        return;
    }
    emit_jump_through(e, page, &page->in_page_code[(next_pc & (RAM_PAGE_SIZE - 1)) >> 2],
                      next_pc, j->paged_exit);
}

/* emit_leave() for a target known only at run time (jalr), in eax and aligned, with
 * h->pc already set to it: the same page's block when there is one, else back to C. */
static void emit_leave_dynamic(struct emitter *e, const struct jit *j, const struct jit_page *page,
                               const struct block *b)
{
    emit_pending_hits(e);
    byte(e, 0x89); byte(e, 0xc2);                    /* mov edx, eax */
    byte(e, 0x81); byte(e, 0xe2); imm32(e, ~(RAM_PAGE_SIZE - 1)); /* and edx, page mask */
    byte(e, 0x81); byte(e, 0xfa); imm32(e, b->page_pc); /* cmp edx, page_pc */
    jcc_to(e, JNE, j->cross_page);
    byte(e, 0x25); imm32(e, RAM_PAGE_SIZE - 1);      /* and eax, offset mask */
    uint64_t table = (uint64_t)(uintptr_t)page->in_page_code;
    byte(e, 0x48); byte(e, 0xb9); memcpy(e->p, &table, 8); e->p += 8; /* mov rcx, imm64 */
    /* mov rax, [rcx + rax*2]: a slot per 4 bytes of page, 8 bytes a slot */
    _Static_assert(sizeof page->in_page_code[0] == 2 * 4, "slot scaling");
    byte(e, 0x48); byte(e, 0x8b); byte(e, 0x04); byte(e, 0x41);
    byte(e, 0x48); byte(e, 0x85); byte(e, 0xc0);     /* test rax, rax */
    jcc_to(e, JE, j->paged_exit);
    byte(e, 0xff); byte(e, 0xe0);                    /* jmp rax */
}

/* Goes on at `target` from the i-th instruction of the block being emitted, giving back
 * the steps of the instructions after it. Back at the block's own start (a loop) it stays
 * in the block: the steps given back and the block's charged again in one subtraction,
 * past the entry's check; short of them, back to C at the start. Elsewhere plain blocks
 * chain to the block there (emit_chain), in-page blocks only within their virtual page
 * (emit_leave). */
static void emit_goto(struct emitter *e, struct jit *j, struct jit_page *page, bool in_page,
                      uint32_t i, uint32_t target)
{
    if (target == e->block_pc) {
        if (in_page)
            emit_pending_hits(e);
        charge_steps(e, i + 1);
        jcc_to(e, JAE, e->body);
        give_back_steps(e, e->block_length);
        emit_return_at(e, target, j->block_exit);
        return;
    }
    if (i + 1 < e->block_length)
        give_back_steps(e, e->block_length - i - 1);
    if (in_page)
        emit_leave(e, j, page, e->block, target);
    else
        emit_chain(e, j, target);
}

/* Translates the block at `pc` (in RAM page `page_index`): a plain block (translation
 * off), or an in-page block run by the interpreter under translation (see above). */
static struct block *translate(struct jit *j, struct jit_page *page, uint32_t page_index,
                               uint32_t pc, bool in_page)
{
    struct ram *ram = &j->hart->bus->ram;
    struct block *b = new_block(j);
    const uint8_t *words = ram->bytes + ((size_t)page_index << RAM_PAGE_SHIFT);
    uint32_t offset = pc & (RAM_PAGE_SIZE - 1);
    uint32_t slot = offset >> 2;
    bool ends_in_jump;
    uint16_t path[MAX_BLOCK];
    uint32_t page_pc = pc & ~(RAM_PAGE_SIZE - 1);
    uint32_t after;
    uint32_t n = block_path(words, page_pc, offset, path, &ends_in_jump, &after);
    b->lines = 1ull << (offset >> RAM_CODE_LINE_SHIFT);
    if (in_page) {
        page->in_page[slot] = b;
        b->page_pc = pc & ~(RAM_PAGE_SIZE - 1);
        assert(page->in_page_pc == b->page_pc);
    } else {
        page->entry[slot] = b;
    }
    j->block_exit = in_page ? j->paged_exit : j->exit_code;
    if (n > 0) {
        struct emitter e = {.p = j->code + j->code_used, .block = b, .block_pc = pc,
                            .block_length = n};
        uint8_t *start = e.p;
        emit_block_entry(&e, pc, n, j->block_exit);
        e.body = e.p;
        /* The registers whose value depends on a load made earlier in this block: a load
         * whose address does is on a chain of loads (a table lookup, a pointer followed),
         * whose speed is the latency of each access (see emit_slow_sites). */
        uint64_t from_load = 0;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t ipc = page_pc + path[i];
            struct decoded_insn d;
            decode_for_block(b, words, path[i], &d);
            bool address_from_load = (from_load >> d.rs1) & 1;
            switch (d.op) {
            case OP_lui: case OP_auipc: case OP_jal: case OP_jalr:
                from_load &= ~(1ull << d.rd);
                break;
            case OP_lb: case OP_lh: case OP_lw: case OP_lbu: case OP_lhu:
                from_load |= 1ull << d.rd;
                break;
            case OP_sb: case OP_sh: case OP_sw:
            case OP_beq: case OP_bne: case OP_blt: case OP_bge: case OP_bltu: case OP_bgeu:
                break;
            default: /* rs2 may be immediate bits: at worst a load is taken as on a chain */
                if (((from_load >> d.rs1) | (from_load >> d.rs2)) & 1)
                    from_load |= 1ull << d.rd;
                else
                    from_load &= ~(1ull << d.rd);
                break;
            }
            switch (d.op) {
            case OP_jal:
                store_x_imm(&e, d.rd, ipc + 4);
                if (i == n - 1 && ends_in_jump) /* else followed: the block goes on there */
                    emit_goto(&e, j, page, in_page, i, ipc + d.imm);
                break;
            case OP_jalr:
                emit_jalr_target(&e, j, &d, ipc, n - i);
                if (in_page)
                    emit_leave_dynamic(&e, j, page, b);
                else
                    emit_chain_dynamic(&e, j);
                break;
            case OP_beq: case OP_bne: case OP_blt: case OP_bge: case OP_bltu: case OP_bgeu: {
                /* Taken, it leaves; not taken, the block goes on, or, as its last
                 * instruction, leaves for the next one. */
                uint8_t *not_taken = jump32_forward(&e, emit_branch_compare(&e, &d));
                emit_goto(&e, j, page, in_page, i, ipc + d.imm);
                patch_jump32(&e, not_taken);
                if (i == n - 1 && ends_in_jump)
                    emit_goto(&e, j, page, in_page, i, ipc + 4);
                break;
            }
            case OP_lb: case OP_lh: case OP_lw: case OP_lbu: case OP_lhu:
            case OP_sb: case OP_sh: case OP_sw:
                if (in_page)
                    emit_translated_access(&e, j, &d, ipc, n - i, address_from_load);
                else
                    emit_simple(&e, j, &d, ipc, n - i, ram);
                break;
            default:
                emit_simple(&e, j, &d, ipc, n - i, ram);
                break;
            }
        }
        if (!ends_in_jump)
            emit_goto(&e, j, page, in_page, n - 1, page_pc + after);
        emit_slow_sites(&e, j);
        assert((size_t)(e.p - start) <= MAX_BLOCK_CODE);
        b->length = n;
        b->code = start;
        j->code_used += (size_t)(e.p - start);
        if (in_page)
            page->in_page_code[slot] = start;
        else
            page->code[slot] = start;
        relink(page, in_page ? &page->in_page_code[slot] : &page->code[slot]);
    }
    /* Every line the block came from: a store to any of them must drop it. */
    page->lines |= b->lines;
    ram_note_code(ram, page_index, b->lines);
    return b;
}

bool jit_translate_in_page(struct jit *j, uint32_t page_index, uint32_t pc)
{
    /* (emit_store_check indexes the page tables by host page number) */
    assert(((uintptr_t)j->hart->bus->ram.bytes & (RAM_PAGE_SIZE - 1)) == 0);
    struct jit_page *page = page_index < j->page_count ? get_page(j, page_index) : NULL;
    if (!page || (pc & 3))
        return false;
    if (page->in_page_pc != (pc & ~(RAM_PAGE_SIZE - 1))) {
        /* The page runs at another virtual address now: its blocks chain to each other
         * with the old pcs, so they all go (all in-page blocks of a page are made for one
         * virtual page, which emit_cross_page relies on). */
        for (unsigned i = 0; i < SLOTS_PER_PAGE; i++)
            if (page->in_page[i])
                page->in_page[i]->dropped = true;
        memset(page->in_page, 0, sizeof page->in_page);
        memset(page->in_page_code, 0, sizeof page->in_page_code);
        relink(page, NULL);
        page->in_page_pc = pc & ~(RAM_PAGE_SIZE - 1);
    }
    struct block *b = page->in_page[(pc & (RAM_PAGE_SIZE - 1)) >> 2];
    if (!b)
        b = translate(j, page, page_index, pc, true);
    return b->code != NULL;
}

uint64_t jit_run_in_page(struct jit *j, uint32_t page_index, uint32_t pc, uint64_t left,
                         struct jit_fetch *fetch)
{
    struct jit_page *page = j->pages[page_index];
    struct block *b = page ? page->in_page[(pc & (RAM_PAGE_SIZE - 1)) >> 2] : NULL;
    if (!b || b->page_pc != (pc & ~(RAM_PAGE_SIZE - 1))) {
        /* Flushed since the interpreter decoded this slot, or the page runs at another
         * virtual address now: translate again. */
        if (!page || !jit_translate_in_page(j, page_index, pc))
            return left;
        b = page->in_page[(pc & (RAM_PAGE_SIZE - 1)) >> 2];
    }
    if (!b->code || b->length > left)
        return left;
    paged_trampoline enter = (paged_trampoline)(void *)j->paged_entry;
    j->fetch = fetch;
    mmu_check_view_warm_up(j->hart->mmu);
    return enter(j->hart, left, b->code);
}

static struct block *find_block(struct jit *j, uint32_t pc)
{
    const struct ram *ram = &j->hart->bus->ram;
    uint32_t offset = pc - ram->base;
    if (offset >= ram->size || (pc & 3))
        return NULL;
    uint32_t page_index = offset >> RAM_PAGE_SHIFT;
    struct jit_page *page = get_page(j, page_index);
    if (!page)
        return NULL;
    struct block *b = page->entry[(offset & (RAM_PAGE_SIZE - 1)) >> 2];
    return b ? b : translate(j, page, page_index, pc, false);
}

struct jit *jit_create(struct hart *h)
{
    struct jit *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->hart = h;
    j->page_count = h->bus->ram.size >> RAM_PAGE_SHIFT;
    j->pages = calloc(j->page_count ? j->page_count : 1, sizeof *j->pages);
    j->blocks = malloc(BLOCK_ARENA * sizeof *j->blocks);
    /* One mapping, so that the code reaches the site slots rip-relative. */
    uint8_t *code = mmap(NULL, CODE_BUFFER_SIZE + SITE_AREA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code != MAP_FAILED &&
        mprotect(code + CODE_BUFFER_SIZE, SITE_AREA_SIZE, PROT_READ | PROT_WRITE) != 0) {
        munmap(code, CODE_BUFFER_SIZE + SITE_AREA_SIZE);
        code = MAP_FAILED;
    }
    if (!j->pages || !j->blocks || code == MAP_FAILED) {
        if (code != MAP_FAILED)
            munmap(code, CODE_BUFFER_SIZE + SITE_AREA_SIZE);
        free(j->pages);
        free(j->blocks);
        free(j);
        return NULL;
    }
    j->code = code;
    j->sites = (uintptr_t *)(void *)(code + CODE_BUFFER_SIZE);
    struct emitter e = {.p = j->code};
    /* The trampoline: push rbx, r12-r15; rbx = h, r12 = ram, r13 = flags, r14 = left; jmp r8. */
    static const uint8_t trampoline[] = {0x53, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,
                                         0x48, 0x89, 0xfb, 0x49, 0x89, 0xf4, 0x49, 0x89, 0xd5,
                                         0x49, 0x89, 0xce, 0x41, 0xff, 0xe0};
    /* The shared exit: rax = r14; pop r15-r12, rbx; ret. */
    static const uint8_t exit_code[] = {0x4c, 0x89, 0xf0, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d,
                                        0x41, 0x5c, 0x5b, 0xc3};
    memcpy(e.p, trampoline, sizeof trampoline);
    e.p += sizeof trampoline;
    j->exit_code = e.p;
    memcpy(e.p, exit_code, sizeof exit_code);
    e.p += sizeof exit_code;
    emit_paged_entry_and_exit(&e, j);
    emit_cross_page(&e, j);
    emit_slow_access(&e, j);
    j->code_fixed = j->code_used = (size_t)(e.p - j->code);
    h->decode_cache->jit_written = code_written;
    h->decode_cache->jit_written_opaque = j;
    return j;
}

void jit_destroy(struct jit *j)
{
    if (!j)
        return;
    struct hart *h = j->hart;
    if (h->decode_cache && h->decode_cache->jit_written_opaque == j) {
        h->decode_cache->jit_written = NULL;
        h->decode_cache->jit_written_opaque = NULL;
    }
    for (uint32_t i = 0; i < j->page_count; i++) {
        if (j->pages[i])
            free(j->pages[i]->incoming);
        free(j->pages[i]);
    }
    free(j->pages);
    free(j->blocks);
    munmap(j->code, CODE_BUFFER_SIZE + SITE_AREA_SIZE);
    free(j);
}

enum cpu_stop jit_run(struct hart *h, uint64_t budget)
{
    struct jit *j = h->jit;
    uint64_t left = budget;
    bool checked = false;
    /* Chained blocks never come back here to look at breakpoint pages: interpret while
     * the debugger has some. */
    if (h->breakpoint_pages)
        return cpu_interpret(h, budget);
    while (left > 0) {
        if (!checked) {
            /* What the interpreter does at a checkpoint, it does itself: let it. */
            if (h->stop_requested || hart_pending_interrupt(h))
                goto interpret_one;
            hart_update_mmu_mode(h);
            checked = true;
        }
        if (h->mmu->translate_fetch || h->mmu->translate_data)
            return cpu_interpret(h, left);
        struct block *b = find_block(j, h->pc);
        if (!b || !b->code)
            goto interpret_one;
        if (b->length > left)
            return cpu_interpret(h, left);
        entry_trampoline enter = (entry_trampoline)(void *)j->code;
        uint64_t now_left = enter(h, h->bus->ram.bytes, h->bus->ram.page_flags, left, b->code);
        if (now_left == left)
            goto interpret_one; /* its first instruction left the block at once */
        h->steps += left - now_left;
        left = now_left;
        continue;
    interpret_one: {
        enum cpu_stop stop = cpu_interpret(h, 1);
        if (stop != CPU_STOP_BUDGET)
            return stop;
        left--;
        checked = false;
    }
    }
    return CPU_STOP_BUDGET;
}

#else /* no translator on this host */

struct jit *jit_create(struct hart *h)
{
    (void)h;
    return NULL;
}

void jit_destroy(struct jit *j) { (void)j; }

enum cpu_stop jit_run(struct hart *h, uint64_t budget) { return cpu_interpret(h, budget); }

bool jit_translate_in_page(struct jit *j, uint32_t page_index, uint32_t pc)
{
    (void)j, (void)page_index, (void)pc;
    return false;
}

uint64_t jit_run_in_page(struct jit *j, uint32_t page_index, uint32_t pc, uint64_t left,
                         struct jit_fetch *fetch)
{
    (void)j, (void)page_index, (void)pc, (void)fetch;
    return left;
}

#endif
