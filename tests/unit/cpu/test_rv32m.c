/* RV32M executed through cpu_run: the multiply halves with every signedness, division
 * rounding toward zero, and the results the ISA fixes for division by zero and for
 * INT_MIN / -1 (no trap). */
#include "hart_fixture.h"

struct m_case {
    enum insn_op op;
    uint32_t a, b, expected;
};

static void check_m_cases(struct hart_fixture *f, const struct m_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const struct m_case *c = &cases[i];
        f->hart.x[A0] = c->a;
        f->hart.x[A1] = c->b;
        f->hart.x[A2] = 0xdeadbeef;
        fixture_run_one(f, encode_r(c->op, A2, A0, A1));
        if (f->hart.x[A2] != c->expected)
            fail_msg("%s(0x%08x, 0x%08x) = 0x%08x, expected 0x%08x", insn_table[c->op].name,
                     c->a, c->b, f->hart.x[A2], c->expected);
        assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
        assert_int_equal(f->hart.mcause, 0); /* never traps */
    }
}

static void multiplies_give_each_half_of_the_product(void **state)
{
    static const struct m_case cases[] = {
        {OP_mul, 7, 6, 42},
        {OP_mul, 0xffffffff, 0xffffffff, 1},          /* -1 * -1 */
        {OP_mul, 0x80000000, 2, 0},                    /* low half wraps */
        {OP_mul, 0x12345678, 0x9abcdef0, 0x242d2080},
        {OP_mulh, 0xffffffff, 0xffffffff, 0},          /* (-1 * -1) >> 32 */
        {OP_mulh, 0xffffffff, 1, 0xffffffff},          /* (-1 * 1) >> 32 */
        {OP_mulh, 0x80000000, 0x80000000, 0x40000000}, /* INT_MIN squared */
        {OP_mulh, 0x7fffffff, 0x80000000, 0xc0000000},
        {OP_mulhu, 0xffffffff, 0xffffffff, 0xfffffffe},
        {OP_mulhu, 0x80000000, 2, 1},
        {OP_mulhsu, 0xffffffff, 0xffffffff, 0xffffffff}, /* -1 * (2^32 - 1) */
        {OP_mulhsu, 1, 0xffffffff, 0},
        {OP_mulhsu, 0x80000000, 0xffffffff, 0x80000000},
        {OP_mulhsu, 0x7fffffff, 0x80000000, 0x3fffffff},
    };
    check_m_cases(*state, cases, sizeof cases / sizeof cases[0]);
}

static void divisions_round_toward_zero(void **state)
{
    static const struct m_case cases[] = {
        {OP_div, 20, 6, 3},
        {OP_div, (uint32_t)-7, 2, (uint32_t)-3},
        {OP_div, 7, (uint32_t)-2, (uint32_t)-3},
        {OP_div, (uint32_t)-7, (uint32_t)-2, 3},
        {OP_divu, 0xfffffff9, 2, 0x7ffffffc}, /* -7 taken as unsigned */
        {OP_rem, (uint32_t)-7, 2, (uint32_t)-1}, /* the sign of the dividend */
        {OP_rem, 7, (uint32_t)-2, 1},
        {OP_remu, 0xfffffff9, 2, 1},
        {OP_remu, 20, 6, 2},
    };
    check_m_cases(*state, cases, sizeof cases / sizeof cases[0]);
}

static void division_by_zero_gives_the_fixed_results(void **state)
{
    static const struct m_case cases[] = {
        {OP_div, 42, 0, 0xffffffff},
        {OP_div, (uint32_t)-42, 0, 0xffffffff},
        {OP_divu, 42, 0, 0xffffffff},
        {OP_rem, (uint32_t)-42, 0, (uint32_t)-42},
        {OP_remu, 42, 0, 42},
        {OP_remu, 0xffffffff, 0, 0xffffffff},
    };
    check_m_cases(*state, cases, sizeof cases / sizeof cases[0]);
}

static void int_min_divided_by_minus_one_overflows_to_int_min(void **state)
{
    static const struct m_case cases[] = {
        {OP_div, 0x80000000, 0xffffffff, 0x80000000},
        {OP_rem, 0x80000000, 0xffffffff, 0},
        {OP_divu, 0x80000000, 0xffffffff, 0}, /* unsigned: no overflow */
        {OP_remu, 0x80000000, 0xffffffff, 0x80000000},
    };
    check_m_cases(*state, cases, sizeof cases / sizeof cases[0]);
}

static void m_results_written_to_x0_are_dropped(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = 6;
    f->hart.x[A1] = 7;
    FIXTURE_PROGRAM(f, encode_r(OP_mul, ZERO, A0, A1), encode_r(OP_div, ZERO, A0, ZERO),
                    encode_r(OP_add, A2, ZERO, ZERO));
    f->hart.x[A2] = 1;
    fixture_run(f, 3);
    assert_int_equal(f->hart.x[ZERO], 0);
    assert_int_equal(f->hart.x[A2], 0);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, hart_fixture_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(multiplies_give_each_half_of_the_product),
        TEST(divisions_round_toward_zero),
        TEST(division_by_zero_gives_the_fixed_results),
        TEST(int_min_divided_by_minus_one_overflows_to_int_min),
        TEST(m_results_written_to_x0_are_dropped),
    };
    return cmocka_run_group_tests_name("rv32m", tests, NULL, NULL);
}
