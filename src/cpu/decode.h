/* Instruction decoding, generated from the single list in cpu/instructions.def. A decoded
 * instruction is the operation plus its operands, ready for the interpreter. */
#ifndef VMSIM_CPU_DECODE_H
#define VMSIM_CPU_DECODE_H

#include <stddef.h>
#include <stdint.h>

enum insn_format {
    FMT_R,       /* rd, rs1, rs2 */
    FMT_I,       /* rd, rs1, imm */
    FMT_I_MEM,   /* rd, imm(rs1): loads and jalr */
    FMT_S,       /* rs2, imm(rs1) */
    FMT_B,       /* rs1, rs2, pc-relative target */
    FMT_U,       /* rd, imm[31:12] */
    FMT_J,       /* rd, pc-relative target */
    FMT_SHIFT,   /* rd, rs1, shamt */
    FMT_CSR,     /* rd, csr, rs1 */
    FMT_CSR_IMM, /* rd, csr, uimm (in rs1) */
    FMT_LR,      /* rd, (rs1) */
    FMT_AMO,     /* rd, rs2, (rs1) */
    FMT_FENCE,   /* pred, succ */
    FMT_SFENCE,  /* rs1, rs2 */
    FMT_NONE,
};

/* Operations: three internal ones, then one per listed instruction, in list order. */
enum insn_op {
    OP_undecoded = 0, /* a decode-cache slot not yet filled: decode on first execution */
    OP_page_end,      /* sentinel after the last slot of a page: fetch the next page */
    OP_illegal,       /* no listed encoding matches; imm holds the instruction bits */
#define INSN(id, name, mask, match, format) OP_##id,
#include "cpu/instructions.def"
#undef INSN
    OP_COUNT
};

struct insn_info {
    const char *name;
    uint32_t mask, match;
    enum insn_format format;
};

/* Indexed by enum insn_op; the internal operations have NULL names. */
extern const struct insn_info insn_table[OP_COUNT];

/* A decoded instruction. Writes to x0 are redirected to x[32], a sink register, so the
 * interpreter needs no rd == 0 test. For FMT_CSR*, imm is the CSR number. For OP_illegal,
 * imm is the raw instruction. */
struct decoded_insn {
    const void *handler; /* the interpreter's code for `op`, so dispatch is one jump */
    uint8_t op;
    uint8_t rd, rs1, rs2;
    uint32_t imm;
};

/* Returns the operation whose encoding matches `word`, or OP_illegal. */
enum insn_op decode_op(uint32_t word);

/* Decodes `word` fully. */
void decode_instruction(uint32_t word, struct decoded_insn *out);

/* Writes a one-line disassembly of `word` at `pc` into buf (as objdump would, roughly). */
void disassemble(uint32_t word, uint32_t pc, char *buf, size_t size);

#endif
