/* Decoder and disassembler tests: the instruction list itself (no overlapping encodings),
 * operand and immediate extraction for every format against words from the GNU
 * assembler, the x0 sink, illegal words, and disassembly text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/decode.h"
#include "insn_encode.h"

#define SINK_REGISTER 32

/* The list, generated straight from instructions.def rather than read back from the
 * decoder's own table. */
static const struct {
    const char *name;
    uint32_t mask, match;
    enum insn_op op;
} listed[] = {
#define INSN(id, name_, mask_, match_, format_) {name_, mask_, match_, OP_##id},
#include "cpu/instructions.def"
#undef INSN
};
#define LISTED_COUNT (sizeof listed / sizeof listed[0])

static void no_two_listed_encodings_overlap(void **state)
{
    (void)state;
    for (size_t a = 0; a < LISTED_COUNT; a++)
        for (size_t b = a + 1; b < LISTED_COUNT; b++)
            if (((listed[a].match ^ listed[b].match) & listed[a].mask & listed[b].mask) == 0)
                fail_msg("%s (mask 0x%08x match 0x%08x) overlaps %s (mask 0x%08x match 0x%08x)",
                         listed[a].name, listed[a].mask, listed[a].match, listed[b].name,
                         listed[b].mask, listed[b].match);
}

static void every_listed_match_satisfies_its_own_mask(void **state)
{
    (void)state;
    for (size_t i = 0; i < LISTED_COUNT; i++)
        if ((listed[i].match & listed[i].mask) != listed[i].match)
            fail_msg("%s: match 0x%08x has bits outside mask 0x%08x", listed[i].name,
                     listed[i].match, listed[i].mask);
}

/* Whatever the don't-care bits hold, a word that fits an entry decodes to that entry. */
static void every_listed_encoding_decodes_to_its_operation(void **state)
{
    (void)state;
    static const uint32_t fillers[] = {0x00000000, 0xffffffff, 0xa5a5a5a5, 0x5a5a5a5a};
    for (size_t i = 0; i < LISTED_COUNT; i++) {
        for (size_t j = 0; j < sizeof fillers / sizeof fillers[0]; j++) {
            uint32_t word = listed[i].match | (fillers[j] & ~listed[i].mask);
            enum insn_op op = decode_op(word);
            if (op != listed[i].op)
                fail_msg("0x%08x should decode as %s, got %s", word, listed[i].name,
                         op == OP_illegal ? "illegal" : insn_table[op].name);
        }
        assert_string_equal(insn_table[listed[i].op].name, listed[i].name);
    }
}

struct decode_case {
    uint32_t word;
    const char *assembly; /* what the GNU assembler was given */
    enum insn_op op;
    unsigned rd, rs1, rs2; /* ANY: a field this format does not have */
    uint32_t imm;
};

#define ANY 0xffu

static bool field_matches(unsigned got, unsigned expected)
{
    return expected == ANY || got == expected;
}

static void check_decode_cases(const struct decode_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const struct decode_case *c = &cases[i];
        struct decoded_insn d;
        decode_instruction(c->word, &d);
        if (d.op != c->op || !field_matches(d.rd, c->rd) || !field_matches(d.rs1, c->rs1) ||
            !field_matches(d.rs2, c->rs2) || d.imm != c->imm)
            fail_msg("%s (0x%08x): got op %s rd %u rs1 %u rs2 %u imm 0x%08x, expected op %s "
                     "rd %u rs1 %u rs2 %u imm 0x%08x",
                     c->assembly, c->word, d.op == OP_illegal ? "illegal" : insn_table[d.op].name,
                     d.rd, d.rs1, d.rs2, d.imm, insn_table[c->op].name, c->rd, c->rs1, c->rs2,
                     c->imm);
    }
}

static void i_format_immediates_are_sign_extended(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0xfff58513, "addi a0, a1, -1", OP_addi, A0, A1, ANY, 0xffffffff},
        {0x7ff00293, "addi t0, zero, 2047", OP_addi, T0, ZERO, ANY, 2047},
        {0x80000293, "addi t0, zero, -2048", OP_addi, T0, ZERO, ANY, 0xfffff800},
        {0xffc12603, "lw a2, -4(sp)", OP_lw, A2, SP, ANY, 0xfffffffc},
        {0xff0300e7, "jalr ra, -16(t1)", OP_jalr, RA, T1, ANY, 0xfffffff0},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

static void s_format_immediates_join_both_fields(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0xfed42c23, "sw a3, -8(s0)", OP_sw, ANY, S0, A3, 0xfffffff8},
        {0x7e650fa3, "sb t1, 2047(a0)", OP_sb, ANY, A0, T1, 2047},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

static void b_format_offsets_are_even_and_sign_extended(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0xfeb50ee3, "beq a0, a1, .-4", OP_beq, ANY, A0, A1, 0xfffffffc},
        {0x7e001fe3, "bne zero, zero, .+4094", OP_bne, ANY, ZERO, ZERO, 4094},
        {0x80b54063, "blt a0, a1, .-4096", OP_blt, ANY, A0, A1, 0xfffff000},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

static void u_format_immediates_keep_the_upper_twenty_bits(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0xfffff537, "lui a0, 0xfffff", OP_lui, A0, ANY, ANY, 0xfffff000},
        {0x12345297, "auipc t0, 0x12345", OP_auipc, T0, ANY, ANY, 0x12345000},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

static void j_format_offsets_cover_the_whole_range(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0xfffff0ef, "jal ra, .-2", OP_jal, RA, ANY, ANY, 0xfffffffe},
        {0x7ffff06f, "jal zero, .+0xffffe", OP_jal, SINK_REGISTER, ANY, ANY, 0x000ffffe},
        {0x800000ef, "jal ra, .-1048576", OP_jal, RA, ANY, ANY, 0xfff00000},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

static void shift_immediates_are_the_shift_amount_only(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0x01f59513, "slli a0, a1, 31", OP_slli, A0, A1, ANY, 31},
        {0x0075d513, "srli a0, a1, 7", OP_srli, A0, A1, ANY, 7},
        {0x41f5d513, "srai a0, a1, 31", OP_srai, A0, A1, ANY, 31},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

/* The CSR number is a 12-bit unsigned field: 0xf14 must not become 0xffffff14. */
static void csr_immediates_are_unsigned_csr_numbers(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0x30059573, "csrrw a0, mstatus, a1", OP_csrrw, A0, A1, ANY, 0x300},
        {0xf1402073, "csrrs zero, mhartid, zero", OP_csrrs, SINK_REGISTER, ZERO, ANY, 0xf14},
        {0xffffd2f3, "csrrwi t0, 0xfff, 31", OP_csrrwi, T0, 31, ANY, 0xfff},
        {0x1442f573, "csrrci a0, sip, 5", OP_csrrci, A0, 5, ANY, 0x144},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

static void atomic_and_system_instructions_decode(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {0x1005a52f, "lr.w a0, (a1)", OP_lr_w, A0, A1, ANY, 0},
        {0x18d7262f, "sc.w a2, a3, (a4)", OP_sc_w, A2, A4, A3, 0},
        /* aq and rl set: still amoadd.w */
        {0x06b6252f, "amoadd.w.aqrl a0, a1, (a2)", OP_amoadd_w, A0, A2, A1, 0},
        {0x0330000f, "fence rw, rw", OP_fence, SINK_REGISTER, ANY, ANY, 0x33},
        {0x0000100f, "fence.i", OP_fence_i, SINK_REGISTER, ANY, ANY, 0},
        {0x12b50073, "sfence.vma a0, a1", OP_sfence_vma, ANY, A0, A1, 0},
        {0x30200073, "mret", OP_mret, SINK_REGISTER, ANY, ANY, 0},
    };
    check_decode_cases(cases, sizeof cases / sizeof cases[0]);
}

static void rd_zero_decodes_to_the_sink_register(void **state)
{
    (void)state;
    struct decoded_insn d;
    decode_instruction(0x00b50033 /* add zero, a0, a1 */, &d);
    assert_int_equal(d.op, OP_add);
    assert_int_equal(d.rd, SINK_REGISTER);
    assert_int_equal(d.rs1, A0);
    assert_int_equal(d.rs2, A1);
    /* Source registers named x0 stay x0, which always reads zero. */
    decode_instruction(0x00000513 /* addi a0, zero, 0 */, &d);
    assert_int_equal(d.rd, A0);
    assert_int_equal(d.rs1, ZERO);
}

static void illegal_words_decode_to_illegal_with_the_word_in_imm(void **state)
{
    (void)state;
    static const uint32_t words[] = {
        0x00000000, /* all zeros: defined to be illegal */
        0xffffffff, /* all ones: defined to be illegal */
        0x20b50533, /* OP with reserved funct7 0010000 */
        0x02059513, /* slli with shamt[5] set: reserved on RV32 */
        0x0000607f, /* unknown major opcode */
        0x30300073, /* SYSTEM funct3 0 with an unknown funct12 */
        0x0000700f, /* MISC-MEM with reserved funct3 */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        struct decoded_insn d;
        decode_instruction(words[i], &d);
        if (d.op != OP_illegal)
            fail_msg("0x%08x decodes as %s, expected illegal", words[i], insn_table[d.op].name);
        assert_int_equal(d.imm, words[i]);
    }
}

/* The test encoders match the GNU assembler bit for bit. */
static void test_encoders_agree_with_the_assembler(void **state)
{
    (void)state;
    assert_int_equal(encode_i(OP_addi, A0, A1, -1), 0xfff58513);
    assert_int_equal(encode_i(OP_lw, A2, SP, -4), 0xffc12603);
    assert_int_equal(encode_i(OP_srai, A0, A1, 31), 0x41f5d513);
    assert_int_equal(encode_s(OP_sw, A3, S0, -8), 0xfed42c23);
    assert_int_equal(encode_s(OP_sb, T1, A0, 2047), 0x7e650fa3);
    assert_int_equal(encode_b(OP_beq, A0, A1, -4), 0xfeb50ee3);
    assert_int_equal(encode_b(OP_bne, ZERO, ZERO, 4094), 0x7e001fe3);
    assert_int_equal(encode_b(OP_blt, A0, A1, -4096), 0x80b54063);
    assert_int_equal(encode_u(OP_lui, A0, 0xfffff000), 0xfffff537);
    assert_int_equal(encode_j(OP_jal, RA, -2), 0xfffff0ef);
    assert_int_equal(encode_j(OP_jal, ZERO, 0xffffe), 0x7ffff06f);
    assert_int_equal(encode_j(OP_jal, RA, -1048576), 0x800000ef);
    assert_int_equal(encode_csr(OP_csrrw, A0, 0x300, A1), 0x30059573);
    assert_int_equal(encode_csr(OP_csrrwi, T0, 0xfff, 31), 0xffffd2f3);
    assert_int_equal(encode_amo(OP_sc_w, A2, A4, A3), 0x18d7262f);
    assert_int_equal(encode_amo(OP_lr_w, A0, A1, 0), 0x1005a52f);
    assert_int_equal(encode_plain(OP_mret), 0x30200073);
}

static void disassembly_reads_like_objdump(void **state)
{
    (void)state;
    static const struct {
        uint32_t word, pc;
        const char *text;
    } cases[] = {
        {0xfff58513, 0x80000000, "addi a0, a1, -1"},
        {0xffc12603, 0x80000000, "lw a2, -4(sp)"},
        {0xfed42c23, 0x80000000, "sw a3, -8(s0)"},
        {0xfeb50ee3, 0x8000001c, "beq a0, a1, 0x80000018"},
        {0xfffff537, 0x80000000, "lui a0, 0xfffff"},
        {0x800000ef, 0x80100000, "jal ra, 0x80000000"},
        {0x41f5d513, 0x80000000, "srai a0, a1, 31"},
        {0x00b50033, 0x80000000, "add zero, a0, a1"},
        {0x30059573, 0x80000000, "csrrw a0, mstatus, a1"},
        {0xffffd2f3, 0x80000000, "csrrwi t0, 0xfff, 31"},
        {0x1005a52f, 0x80000000, "lr.w a0, (a1)"},
        {0x06b6252f, 0x80000000, "amoadd.w a0, a1, (a2)"},
        {0x12b50073, 0x80000000, "sfence.vma a0, a1"},
        {0x30200073, 0x80000000, "mret"},
        {0x00000000, 0x80000000, ".word 0x00000000"},
        {0xffffffff, 0x80000000, ".word 0xffffffff"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[64];
        disassemble(cases[i].word, cases[i].pc, text, sizeof text);
        if (strcmp(text, cases[i].text) != 0)
            fail_msg("0x%08x: \"%s\", expected \"%s\"", cases[i].word, text, cases[i].text);
    }
}

static void disassembly_names_every_listed_instruction(void **state)
{
    (void)state;
    for (size_t i = 0; i < LISTED_COUNT; i++) {
        char text[64];
        disassemble(listed[i].match, 0, text, sizeof text);
        size_t length = strlen(listed[i].name);
        if (strncmp(text, listed[i].name, length) != 0 ||
            (text[length] != ' ' && text[length] != '\0'))
            fail_msg("0x%08x disassembles as \"%s\", expected mnemonic %s", listed[i].match,
                     text, listed[i].name);
    }
}

static void disassembly_truncates_to_the_buffer(void **state)
{
    (void)state;
    char text[8];
    memset(text, 'x', sizeof text);
    disassemble(0x30059573, 0, text, sizeof text);
    assert_string_equal(text, "csrrw a");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_two_listed_encodings_overlap),
        cmocka_unit_test(every_listed_match_satisfies_its_own_mask),
        cmocka_unit_test(every_listed_encoding_decodes_to_its_operation),
        cmocka_unit_test(i_format_immediates_are_sign_extended),
        cmocka_unit_test(s_format_immediates_join_both_fields),
        cmocka_unit_test(b_format_offsets_are_even_and_sign_extended),
        cmocka_unit_test(u_format_immediates_keep_the_upper_twenty_bits),
        cmocka_unit_test(j_format_offsets_cover_the_whole_range),
        cmocka_unit_test(shift_immediates_are_the_shift_amount_only),
        cmocka_unit_test(csr_immediates_are_unsigned_csr_numbers),
        cmocka_unit_test(atomic_and_system_instructions_decode),
        cmocka_unit_test(rd_zero_decodes_to_the_sink_register),
        cmocka_unit_test(illegal_words_decode_to_illegal_with_the_word_in_imm),
        cmocka_unit_test(test_encoders_agree_with_the_assembler),
        cmocka_unit_test(disassembly_reads_like_objdump),
        cmocka_unit_test(disassembly_names_every_listed_instruction),
        cmocka_unit_test(disassembly_truncates_to_the_buffer),
    };
    return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
