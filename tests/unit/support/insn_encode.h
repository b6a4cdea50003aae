/* Instruction encoders for tests: each builds a word from an operation's match bits in the
 * instruction list plus its operand fields. test_decode.c checks them against words from
 * the GNU assembler, so the encoders and the decoder cannot share a mistake unnoticed. */
#ifndef VMSIM_TESTS_UNIT_INSN_ENCODE_H
#define VMSIM_TESTS_UNIT_INSN_ENCODE_H

#include <stdint.h>

#include "cpu/decode.h"

/* ABI register names. */
enum {
    ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5, A6, A7,
    S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, T3, T4, T5, T6,
};

static inline uint32_t encode_r(enum insn_op op, unsigned rd, unsigned rs1, unsigned rs2)
{
    return insn_table[op].match | rd << 7 | rs1 << 15 | rs2 << 20;
}

/* I format; also shifts (imm = shamt) and loads/jalr. */
static inline uint32_t encode_i(enum insn_op op, unsigned rd, unsigned rs1, int32_t imm)
{
    return insn_table[op].match | rd << 7 | rs1 << 15 | ((uint32_t)imm & 0xfff) << 20;
}

/* Zicsr: `source` is rs1, or the 5-bit immediate of the csrr*i forms. */
static inline uint32_t encode_csr(enum insn_op op, unsigned rd, unsigned csr, unsigned source)
{
    return insn_table[op].match | rd << 7 | source << 15 | (csr & 0xfff) << 20;
}

static inline uint32_t encode_s(enum insn_op op, unsigned rs2, unsigned rs1, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return insn_table[op].match | (u & 0x1f) << 7 | rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x7f) << 25;
}

static inline uint32_t encode_b(enum insn_op op, unsigned rs1, unsigned rs2, int32_t offset)
{
    uint32_t u = (uint32_t)offset;
    return insn_table[op].match | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | rs1 << 15 |
           rs2 << 20 | ((u >> 5) & 0x3f) << 25 | ((u >> 12) & 1) << 31;
}

/* U format: `upper` is the value the instruction produces (low 12 bits ignored). */
static inline uint32_t encode_u(enum insn_op op, unsigned rd, uint32_t upper)
{
    return insn_table[op].match | rd << 7 | (upper & 0xfffff000u);
}

static inline uint32_t encode_j(enum insn_op op, unsigned rd, int32_t offset)
{
    uint32_t u = (uint32_t)offset;
    return insn_table[op].match | rd << 7 | ((u >> 12) & 0xff) << 12 | ((u >> 11) & 1) << 20 |
           ((u >> 1) & 0x3ff) << 21 | ((u >> 20) & 1) << 31;
}

/* lr.w (rs2 = 0), sc.w and the AMOs. */
static inline uint32_t encode_amo(enum insn_op op, unsigned rd, unsigned rs1, unsigned rs2)
{
    return encode_r(op, rd, rs1, rs2);
}

/* Instructions without operands: ecall, mret, wfi, fence.i... */
static inline uint32_t encode_plain(enum insn_op op)
{
    return insn_table[op].match;
}

#endif
