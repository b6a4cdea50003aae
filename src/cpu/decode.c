/* The decoder and disassembler, both driven by the instruction list. */
#include "cpu/decode.h"

#include <stdio.h>

#include "cpu/csr.h"

const struct insn_info insn_table[OP_COUNT] = {
#define INSN(id, name_, mask_, match_, format_) \
    [OP_##id] = {.name = name_, .mask = mask_, .match = match_, .format = format_},
#include "cpu/instructions.def"
#undef INSN
};

/* The decoder looks up candidates by major opcode (bits 6:0) so that it scans a handful
 * of entries instead of the whole list. Built once, on first use. */
#define MAX_PER_OPCODE 24
static uint8_t candidates[128][MAX_PER_OPCODE];
static uint8_t candidate_count[128];
static int candidates_ready;

static void build_candidates(void)
{
    for (int op = OP_illegal + 1; op < OP_COUNT; op++) {
        unsigned opcode = insn_table[op].match & 0x7f;
        candidates[opcode][candidate_count[opcode]++] = (uint8_t)op;
    }
    candidates_ready = 1;
}

enum insn_op decode_op(uint32_t word)
{
    if (!candidates_ready)
        build_candidates();
    unsigned opcode = word & 0x7f;
    for (unsigned i = 0; i < candidate_count[opcode]; i++) {
        const struct insn_info *info = &insn_table[candidates[opcode][i]];
        if ((word & info->mask) == info->match)
            return (enum insn_op)candidates[opcode][i];
    }
    return OP_illegal;
}

static uint32_t bits(uint32_t word, unsigned high, unsigned low)
{
    return (word >> low) & ((1u << (high - low + 1)) - 1);
}

/* Sign-extends the low `width` bits of v. */
static uint32_t sign_extend(uint32_t v, unsigned width)
{
    uint32_t sign = 1u << (width - 1);
    return (v ^ sign) - sign;
}

static uint32_t imm_i(uint32_t w) { return sign_extend(bits(w, 31, 20), 12); }
static uint32_t imm_s(uint32_t w) { return sign_extend((bits(w, 31, 25) << 5) | bits(w, 11, 7), 12); }
static uint32_t imm_b(uint32_t w)
{
    return sign_extend((bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) | (bits(w, 30, 25) << 5) |
                           (bits(w, 11, 8) << 1),
                       13);
}
static uint32_t imm_u(uint32_t w) { return w & 0xfffff000u; }
static uint32_t imm_j(uint32_t w)
{
    return sign_extend((bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) | (bits(w, 20, 20) << 11) |
                           (bits(w, 30, 21) << 1),
                       21);
}

#define SINK_REGISTER 32

void decode_instruction(uint32_t word, struct decoded_insn *out)
{
    enum insn_op op = decode_op(word);
    unsigned rd = bits(word, 11, 7);
    out->op = (uint8_t)op;
    out->rd = (uint8_t)(rd == 0 ? SINK_REGISTER : rd);
    out->rs1 = (uint8_t)bits(word, 19, 15);
    out->rs2 = (uint8_t)bits(word, 24, 20);
    out->imm = 0;
    if (op == OP_illegal) {
        out->imm = word;
        return;
    }
    switch (insn_table[op].format) {
    case FMT_I:
    case FMT_I_MEM: out->imm = imm_i(word); break;
    case FMT_S: out->imm = imm_s(word); break;
    case FMT_B: out->imm = imm_b(word); break;
    case FMT_U: out->imm = imm_u(word); break;
    case FMT_J: out->imm = imm_j(word); break;
    case FMT_SHIFT: out->imm = bits(word, 24, 20); break;
    case FMT_CSR:
    case FMT_CSR_IMM: out->imm = bits(word, 31, 20); break;
    case FMT_FENCE: out->imm = bits(word, 27, 20); break;
    default: break;
    }
}

static const char *const register_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static void csr_text(unsigned number, char *buf, size_t size)
{
    const char *name = csr_name(number);
    if (name)
        snprintf(buf, size, "%s", name);
    else
        snprintf(buf, size, "0x%03x", number);
}

void disassemble(uint32_t word, uint32_t pc, char *buf, size_t size)
{
    struct decoded_insn d;
    decode_instruction(word, &d);
    if (d.op == OP_illegal) {
        snprintf(buf, size, ".word 0x%08x", word);
        return;
    }
    const struct insn_info *info = &insn_table[d.op];
    const char *rd = register_names[bits(word, 11, 7)];
    const char *rs1 = register_names[d.rs1];
    const char *rs2 = register_names[d.rs2];
    int32_t imm = (int32_t)d.imm;
    char csr[16];
    switch (info->format) {
    case FMT_R: snprintf(buf, size, "%s %s, %s, %s", info->name, rd, rs1, rs2); break;
    case FMT_I: snprintf(buf, size, "%s %s, %s, %d", info->name, rd, rs1, imm); break;
    case FMT_I_MEM: snprintf(buf, size, "%s %s, %d(%s)", info->name, rd, imm, rs1); break;
    case FMT_S: snprintf(buf, size, "%s %s, %d(%s)", info->name, rs2, imm, rs1); break;
    case FMT_B:
        snprintf(buf, size, "%s %s, %s, 0x%x", info->name, rs1, rs2, pc + d.imm);
        break;
    case FMT_U: snprintf(buf, size, "%s %s, 0x%x", info->name, rd, d.imm >> 12); break;
    case FMT_J: snprintf(buf, size, "%s %s, 0x%x", info->name, rd, pc + d.imm); break;
    case FMT_SHIFT: snprintf(buf, size, "%s %s, %s, %u", info->name, rd, rs1, d.imm); break;
    case FMT_CSR:
        csr_text(d.imm, csr, sizeof csr);
        snprintf(buf, size, "%s %s, %s, %s", info->name, rd, csr, rs1);
        break;
    case FMT_CSR_IMM:
        csr_text(d.imm, csr, sizeof csr);
        snprintf(buf, size, "%s %s, %s, %u", info->name, rd, csr, d.rs1);
        break;
    case FMT_LR: snprintf(buf, size, "%s %s, (%s)", info->name, rd, rs1); break;
    case FMT_AMO: snprintf(buf, size, "%s %s, %s, (%s)", info->name, rd, rs2, rs1); break;
    case FMT_SFENCE: snprintf(buf, size, "%s %s, %s", info->name, rs1, rs2); break;
    case FMT_FENCE:
    case FMT_NONE: snprintf(buf, size, "%s", info->name); break;
    }
}
