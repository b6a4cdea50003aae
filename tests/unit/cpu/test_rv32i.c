/* RV32I executed through cpu_run on a real bus and hart: ALU, shifts, branches, jumps,
 * loads (sign and zero extension), stores, x0, page crossing, and code that changes under
 * the decode cache (self-modifying code with fence.i, and host writes). */

#include "hart_fixture.h"

struct binary_case {
    enum insn_op op;
    uint32_t a, b, expected;
};

/* Runs `op a2, a0, a1` (or `op a2, a0, b` for the immediate forms) once per case. */
static void check_binary_cases(struct hart_fixture *f, const struct binary_case *cases,
                               size_t count, bool immediate)
{
    for (size_t i = 0; i < count; i++) {
        const struct binary_case *c = &cases[i];
        f->hart.x[A0] = c->a;
        f->hart.x[A1] = c->b;
        f->hart.x[A2] = 0xdeadbeef;
        fixture_run_one(f, immediate ? encode_i(c->op, A2, A0, (int32_t)c->b)
                                     : encode_r(c->op, A2, A0, A1));
        if (f->hart.x[A2] != c->expected)
            fail_msg("%s(0x%08x, 0x%08x) = 0x%08x, expected 0x%08x", insn_table[c->op].name,
                     c->a, c->b, f->hart.x[A2], c->expected);
        assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
    }
}

static void register_alu_operations_compute_their_results(void **state)
{
    static const struct binary_case cases[] = {
        {OP_add, 0x7fffffff, 1, 0x80000000},
        {OP_add, 0xffffffff, 2, 1},
        {OP_sub, 1, 2, 0xffffffff},
        {OP_sub, 0x80000000, 1, 0x7fffffff},
        {OP_sll, 0x00000001, 31, 0x80000000},
        {OP_sll, 0x00000001, 33, 2}, /* only rs2[4:0] counts */
        {OP_slt, 0xffffffff, 1, 1},  /* -1 < 1 */
        {OP_slt, 1, 0xffffffff, 0},
        {OP_slt, 5, 5, 0},
        {OP_sltu, 0xffffffff, 1, 0},
        {OP_sltu, 1, 0xffffffff, 1},
        {OP_xor, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0},
        {OP_srl, 0x80000000, 31, 1},
        {OP_srl, 0x80000000, 0x24, 0x08000000}, /* shift by 4 */
        {OP_sra, 0x80000000, 31, 0xffffffff},
        {OP_sra, 0x40000000, 30, 1},
        {OP_or, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0},
        {OP_and, 0xff00ff00, 0x0ff00ff0, 0x0f000f00},
    };
    check_binary_cases(*state, cases, sizeof cases / sizeof cases[0], false);
}

static void immediate_alu_operations_sign_extend_their_immediate(void **state)
{
    static const struct binary_case cases[] = {
        {OP_addi, 5, (uint32_t)-6, 0xffffffff},
        {OP_addi, 0xffffffff, 2047, 2046},
        {OP_slti, 0xfffffffe, (uint32_t)-1, 1}, /* -2 < -1 */
        {OP_slti, 0, (uint32_t)-1, 0},
        {OP_sltiu, 5, (uint32_t)-1, 1},         /* -1 is 0xffffffff unsigned */
        {OP_sltiu, 0xffffffff, 1, 0},
        {OP_xori, 0x12345678, (uint32_t)-1, 0xedcba987}, /* xori -1 is not */
        {OP_ori, 0x00000001, (uint32_t)-2048, 0xfffff801},
        {OP_andi, 0xffff00ff, (uint32_t)-256, 0xffff0000},
        {OP_andi, 0xffffffff, 0x7ff, 0x7ff},
        {OP_slli, 0x00000003, 30, 0xc0000000},
        {OP_srli, 0xf0000000, 28, 0xf},
        {OP_srai, 0xf0000000, 28, 0xffffffff},
        {OP_srai, 0x70000000, 28, 7},
    };
    check_binary_cases(*state, cases, sizeof cases / sizeof cases[0], true);
}

static void lui_and_auipc_build_upper_immediates(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_u(OP_lui, A0, 0x12345000), encode_u(OP_auipc, A1, 0xfffff000),
                    encode_u(OP_auipc, A2, 0));
    fixture_run(f, 3);
    assert_int_equal(f->hart.x[A0], 0x12345000);
    assert_int_equal(f->hart.x[A1], FIXTURE_CODE + 4 - 0x1000);
    assert_int_equal(f->hart.x[A2], FIXTURE_CODE + 8);
}

static void writes_to_x0_are_ignored(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 0x11111111);
    f->hart.x[A0] = FIXTURE_DATA;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, ZERO, ZERO, 5), encode_u(OP_lui, ZERO, 0xfffff000),
                    encode_i(OP_lw, ZERO, A0, 0), encode_j(OP_jal, ZERO, 4),
                    encode_r(OP_add, A1, ZERO, ZERO), encode_i(OP_addi, A2, ZERO, 0));
    f->hart.x[A1] = f->hart.x[A2] = 0xdeadbeef;
    fixture_run(f, 6);
    assert_int_equal(f->hart.x[ZERO], 0);
    assert_int_equal(f->hart.x[A1], 0);
    assert_int_equal(f->hart.x[A2], 0);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 24);
}

static void branches_are_taken_exactly_when_their_condition_holds(void **state)
{
    struct hart_fixture *f = *state;
    static const struct {
        enum insn_op op;
        uint32_t a, b;
        bool taken;
    } cases[] = {
        {OP_beq, 7, 7, true},           {OP_beq, 7, 8, false},
        {OP_bne, 7, 8, true},           {OP_bne, 7, 7, false},
        {OP_blt, 0xffffffff, 0, true},  {OP_blt, 0, 0xffffffff, false},
        {OP_blt, 3, 3, false},          {OP_bge, 3, 3, true},
        {OP_bge, 0, 0xffffffff, true},  {OP_bge, 0xffffffff, 0, false},
        {OP_bltu, 0, 0xffffffff, true}, {OP_bltu, 0xffffffff, 0, false},
        {OP_bltu, 3, 3, false},         {OP_bgeu, 3, 3, true},
        {OP_bgeu, 0xffffffff, 0, true}, {OP_bgeu, 0, 0xffffffff, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f->hart.x[A0] = cases[i].a;
        f->hart.x[A1] = cases[i].b;
        fixture_run_one(f, encode_b(cases[i].op, A0, A1, 12));
        uint32_t expected = FIXTURE_CODE + (cases[i].taken ? 12 : 4);
        if (f->hart.pc != expected)
            fail_msg("%s 0x%08x, 0x%08x: pc 0x%08x, expected 0x%08x", insn_table[cases[i].op].name,
                     cases[i].a, cases[i].b, f->hart.pc, expected);
    }
}

static void backward_branch_loops_until_its_condition_fails(void **state)
{
    struct hart_fixture *f = *state;
    /* a0 = 5; loop: a1 += a0; a0 -= 1; bne a0, zero, loop */
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, ZERO, 5), encode_r(OP_add, A1, A1, A0),
                    encode_i(OP_addi, A0, A0, -1), encode_b(OP_bne, A0, ZERO, -8));
    fixture_run(f, 1 + 5 * 3);
    assert_int_equal(f->hart.x[A1], 5 + 4 + 3 + 2 + 1);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 16);
}

static void jal_links_the_return_address_and_jumps(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_CODE + 0x100, encode_j(OP_jal, T0, -0x100 + 8));
    FIXTURE_PROGRAM(f, encode_j(OP_jal, RA, 0x100));
    fixture_run(f, 1);
    assert_int_equal(f->hart.x[RA], FIXTURE_CODE + 4);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 0x100);
    fixture_run(f, 1);
    assert_int_equal(f->hart.x[T0], FIXTURE_CODE + 0x104);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 8);
}

static void jalr_clears_bit_zero_of_its_target(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = FIXTURE_CODE + 0x20;
    fixture_run_one(f, encode_i(OP_jalr, RA, A0, 1));
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 0x20);
    assert_int_equal(f->hart.x[RA], FIXTURE_CODE + 4);
}

static void jalr_with_rd_equal_to_rs1_jumps_through_the_old_value(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = FIXTURE_CODE + 0x40;
    fixture_run_one(f, encode_i(OP_jalr, A0, A0, -8));
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 0x38);
    assert_int_equal(f->hart.x[A0], FIXTURE_CODE + 4);
}

static void loads_sign_or_zero_extend(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 0x12348081);
    fixture_write_word(f, FIXTURE_DATA + 4, 0xfedcba98);
    static const struct {
        enum insn_op op;
        int32_t offset; /* from FIXTURE_DATA + 8 */
        uint32_t expected;
    } cases[] = {
        {OP_lb, -8, 0xffffff81},  {OP_lbu, -8, 0x00000081}, {OP_lb, -5, 0x00000012},
        {OP_lh, -8, 0xffff8081},  {OP_lhu, -8, 0x00008081}, {OP_lh, -6, 0x00001234},
        {OP_lhu, -2, 0x0000fedc}, {OP_lw, -4, 0xfedcba98},  {OP_lw, -8, 0x12348081},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f->hart.x[A0] = FIXTURE_DATA + 8;
        fixture_run_one(f, encode_i(cases[i].op, A1, A0, cases[i].offset));
        if (f->hart.x[A1] != cases[i].expected)
            fail_msg("%s %d(data+8) = 0x%08x, expected 0x%08x", insn_table[cases[i].op].name,
                     cases[i].offset, f->hart.x[A1], cases[i].expected);
    }
}

static void stores_write_only_their_own_bytes(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 0xaaaaaaaa);
    fixture_write_word(f, FIXTURE_DATA + 4, 0xaaaaaaaa);
    fixture_write_word(f, FIXTURE_DATA + 8, 0xaaaaaaaa);
    f->hart.x[A0] = FIXTURE_DATA + 16;
    f->hart.x[A1] = 0x12345678;
    FIXTURE_PROGRAM(f, encode_s(OP_sb, A1, A0, -15), encode_s(OP_sh, A1, A0, -10),
                    encode_s(OP_sw, A1, A0, -8));
    fixture_run(f, 3);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 0xaaaa78aa);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA + 4), 0x5678aaaa);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA + 8), 0x12345678);
}

/* Misaligned RAM accesses complete (as on QEMU) unless the hart is set to trap them. */
static void misaligned_ram_loads_complete_unless_set_to_trap(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 0x44332211);
    fixture_write_word(f, FIXTURE_DATA + 4, 0x88776655);
    f->hart.x[A0] = FIXTURE_DATA;
    fixture_run_one(f, encode_i(OP_lw, A1, A0, 1));
    assert_int_equal(f->hart.x[A1], 0x55443322);
    f->hart.trap_misaligned = true;
    f->hart.x[A1] = 0;
    fixture_run_one(f, encode_i(OP_lw, A1, A0, 1));
    assert_int_equal(f->hart.mcause, CAUSE_MISALIGNED_LOAD);
    assert_int_equal(f->hart.mtval, FIXTURE_DATA + 1);
    assert_int_equal(f->hart.x[A1], 0);
}

static void misaligned_ram_stores_complete_unless_set_to_trap(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = FIXTURE_DATA;
    f->hart.x[A1] = 0xddccbbaa;
    fixture_run_one(f, encode_s(OP_sw, A1, A0, 2));
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 0xbbaa0000);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA + 4), 0x0000ddcc);
    f->hart.trap_misaligned = true;
    fixture_run_one(f, encode_s(OP_sh, A1, A0, 0x11));
    assert_int_equal(f->hart.mcause, CAUSE_MISALIGNED_STORE);
    assert_int_equal(f->hart.mtval, FIXTURE_DATA + 0x11);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA + 0x10), 0);
}

static void load_from_an_unmapped_address_is_a_load_access_fault(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = FIXTURE_UNMAPPED;
    f->hart.x[A1] = 0x5a5a5a5a;
    fixture_run_one(f, encode_i(OP_lw, A1, A0, 8));
    assert_int_equal(f->hart.mcause, CAUSE_LOAD_ACCESS);
    assert_int_equal(f->hart.mtval, FIXTURE_UNMAPPED + 8);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(f->hart.x[A1], 0x5a5a5a5a);
}

static void store_to_an_unmapped_address_is_a_store_access_fault(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE;
    fixture_run_one(f, encode_s(OP_sb, A1, A0, 3));
    assert_int_equal(f->hart.mcause, CAUSE_STORE_ACCESS);
    assert_int_equal(f->hart.mtval, FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE + 3);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE);
}

static void fence_is_a_no_op_that_retires(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, 0x0330000f /* fence rw, rw */, encode_plain(OP_fence_i),
                    encode_i(OP_addi, A0, ZERO, 9));
    fixture_run(f, 3);
    assert_int_equal(f->hart.x[A0], 9);
    assert_int_equal(hart_instret(&f->hart), 3);
}

static void execution_runs_on_across_a_page_boundary(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t last = FIXTURE_CODE + RAM_PAGE_SIZE - 4;
    fixture_write_words(f, last,
                        (const uint32_t[]){encode_i(OP_addi, A0, ZERO, 1),
                                           encode_i(OP_addi, A1, ZERO, 2),
                                           encode_i(OP_addi, A2, ZERO, 3)},
                        3);
    f->hart.pc = last;
    fixture_run(f, 3);
    assert_int_equal(f->hart.x[A0], 1);
    assert_int_equal(f->hart.x[A1], 2);
    assert_int_equal(f->hart.x[A2], 3);
    assert_int_equal(f->hart.pc, last + 12);
}

/* The program rewrites an instruction it has already run (so its decode is cached), runs
 * fence.i and jumps back: the new instruction must run. */
static void fence_i_after_a_store_runs_the_new_instruction(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[T1] = encode_i(OP_addi, A0, A0, 100);
    f->hart.x[T2] = FIXTURE_CODE;
    FIXTURE_PROGRAM(f,
                    encode_i(OP_addi, A0, A0, 1),    /* 0x00: patched to addi a0, a0, 100 */
                    encode_b(OP_bne, T0, ZERO, 20),  /* 0x04: second time round: done */
                    encode_i(OP_addi, T0, ZERO, 1),  /* 0x08 */
                    encode_s(OP_sw, T1, T2, 0),      /* 0x0c: rewrite 0x00 */
                    encode_plain(OP_fence_i),        /* 0x10 */
                    encode_j(OP_jal, ZERO, -0x14));  /* 0x14: back to 0x00 */
    fixture_run(f, 8);
    assert_int_equal(f->hart.x[A0], 101);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 0x18);
}

/* A store into the page being executed, just ahead of the pc, takes effect at once. */
static void store_into_the_next_instruction_is_seen(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[T1] = encode_i(OP_addi, A0, ZERO, 42);
    f->hart.x[T2] = FIXTURE_DATA;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, ZERO, 0), encode_s(OP_sw, T1, T2, 12),
                    encode_plain(OP_fence_i), encode_i(OP_addi, A0, ZERO, 7));
    fixture_run(f, 4); /* a first pass, storing elsewhere, decodes every instruction */
    assert_int_equal(f->hart.x[A0], 7);
    f->hart.x[T2] = FIXTURE_CODE;
    f->hart.pc = FIXTURE_CODE + 4;
    fixture_run(f, 3);
    assert_int_equal(f->hart.x[A0], 42);
}

/* Decodes are dropped 64 bytes at a time: a store to a line far from the one executing
 * must still refresh the code cached there. */
static void store_to_another_line_of_a_code_page_refreshes_it(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_CODE + 0x200, encode_i(OP_addi, A0, ZERO, 1));
    fixture_write_word(f, FIXTURE_CODE + 0x204, encode_i(OP_jalr, ZERO, RA, 0));
    f->hart.x[T1] = encode_i(OP_addi, A0, ZERO, 2);
    f->hart.x[T2] = FIXTURE_CODE + 0x200;
    FIXTURE_PROGRAM(f, encode_j(OP_jal, RA, 0x200),  /* 0x00: a0 = 1 */
                    encode_s(OP_sw, T1, T2, 0),       /* 0x04: rewrite 0x200 */
                    encode_j(OP_jal, RA, 0x200 - 8)); /* 0x08: a0 = 2 */
    fixture_run(f, 3);
    assert_int_equal(f->hart.x[A0], 1);
    fixture_run(f, 4);
    assert_int_equal(f->hart.x[A0], 2);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 0xc);
}

/* A misaligned store across a 64-byte line boundary changes the instructions on both
 * sides of it; both must run fresh. */
static void store_across_two_code_lines_refreshes_both(void **state)
{
    struct hart_fixture *f = *state;
    /* The store covers the upper half of the first (its immediate) and the lower half of
     * the second (its rd). */
    uint32_t first = encode_i(OP_addi, A0, ZERO, 1), new_first = encode_i(OP_addi, A0, ZERO, 2);
    uint32_t second = encode_i(OP_addi, A1, ZERO, 1), new_second = encode_i(OP_addi, A2, ZERO, 1);
    assert_int_equal(first & 0xffff, new_first & 0xffff);
    assert_int_equal(second >> 16, new_second >> 16);
    fixture_write_words(f, FIXTURE_CODE + 0x3c, (const uint32_t[]){first, second}, 2);
    f->hart.x[T1] = (new_first >> 16) | (new_second << 16);
    f->hart.x[T2] = FIXTURE_CODE + 0x3e;
    FIXTURE_PROGRAM(f, encode_s(OP_sw, T1, T2, 0), encode_j(OP_jal, ZERO, 0x3c - 4));
    f->hart.pc = FIXTURE_CODE + 0x3c;
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A0], 1);
    assert_int_equal(f->hart.x[A1], 1);
    f->hart.x[A1] = 0;
    f->hart.pc = FIXTURE_CODE;
    fixture_run(f, 4);
    assert_int_equal(fixture_read_word(f, FIXTURE_CODE + 0x3c), new_first);
    assert_int_equal(fixture_read_word(f, FIXTURE_CODE + 0x40), new_second);
    assert_int_equal(f->hart.x[A0], 2);
    assert_int_equal(f->hart.x[A1], 0);
    assert_int_equal(f->hart.x[A2], 1);
}

/* Loaders and DMA write code with bus_write_ram; the hart must not run stale decodes. */
static void code_rewritten_by_the_host_runs_fresh(void **state)
{
    struct hart_fixture *f = *state;
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 1));
    assert_int_equal(f->hart.x[A0], 1);
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 2));
    assert_int_equal(f->hart.x[A0], 2);
}

/* One host write covering the end of one 64-byte line and the start of the next. */
static void host_write_across_code_lines_refreshes_both(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_words(f, FIXTURE_CODE + 0x3c,
                        (const uint32_t[]){encode_i(OP_addi, A0, ZERO, 1),
                                           encode_i(OP_addi, A1, ZERO, 1)},
                        2);
    f->hart.pc = FIXTURE_CODE + 0x3c;
    fixture_run(f, 2);
    fixture_write_words(f, FIXTURE_CODE + 0x3c,
                        (const uint32_t[]){encode_i(OP_addi, A0, ZERO, 2),
                                           encode_i(OP_addi, A1, ZERO, 2)},
                        2);
    f->hart.pc = FIXTURE_CODE + 0x3c;
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A0], 2);
    assert_int_equal(f->hart.x[A1], 2);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, hart_fixture_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(register_alu_operations_compute_their_results),
        TEST(immediate_alu_operations_sign_extend_their_immediate),
        TEST(lui_and_auipc_build_upper_immediates),
        TEST(writes_to_x0_are_ignored),
        TEST(branches_are_taken_exactly_when_their_condition_holds),
        TEST(backward_branch_loops_until_its_condition_fails),
        TEST(jal_links_the_return_address_and_jumps),
        TEST(jalr_clears_bit_zero_of_its_target),
        TEST(jalr_with_rd_equal_to_rs1_jumps_through_the_old_value),
        TEST(loads_sign_or_zero_extend),
        TEST(stores_write_only_their_own_bytes),
        TEST(misaligned_ram_loads_complete_unless_set_to_trap),
        TEST(misaligned_ram_stores_complete_unless_set_to_trap),
        TEST(load_from_an_unmapped_address_is_a_load_access_fault),
        TEST(store_to_an_unmapped_address_is_a_store_access_fault),
        TEST(fence_is_a_no_op_that_retires),
        TEST(execution_runs_on_across_a_page_boundary),
        TEST(fence_i_after_a_store_runs_the_new_instruction),
        TEST(store_into_the_next_instruction_is_seen),
        TEST(store_to_another_line_of_a_code_page_refreshes_it),
        TEST(store_across_two_code_lines_refreshes_both),
        TEST(code_rewritten_by_the_host_runs_fresh),
        TEST(host_write_across_code_lines_refreshes_both),
    };
    return cmocka_run_group_tests_name("rv32i", tests, NULL, NULL);
}
