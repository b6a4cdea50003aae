/* RV32A executed through cpu_run: load-reserved/store-conditional success and every way it
 * fails, each AMO's read-modify-write, and the exceptions of misaligned or non-RAM atomics. */
#include "hart_fixture.h"

static void sc_after_lr_to_the_same_word_succeeds(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 5);
    f->hart.x[A1] = FIXTURE_DATA;
    f->hart.x[A2] = 0xdeadbeef;
    FIXTURE_PROGRAM(f, encode_amo(OP_lr_w, A0, A1, 0), encode_i(OP_addi, A0, A0, 1),
                    encode_amo(OP_sc_w, A2, A1, A0));
    fixture_run(f, 3);
    assert_int_equal(f->hart.x[A2], 0);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 6);
}

static void sc_without_a_reservation_fails_and_stores_nothing(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 5);
    f->hart.x[A0] = 99;
    f->hart.x[A1] = FIXTURE_DATA;
    fixture_run_one(f, encode_amo(OP_sc_w, A2, A1, A0));
    assert_int_equal(f->hart.x[A2], 1);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 5);
}

static void sc_to_another_address_than_reserved_fails(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA + 4, 5);
    f->hart.x[A0] = 99;
    f->hart.x[A1] = FIXTURE_DATA;
    f->hart.x[A3] = FIXTURE_DATA + 4;
    FIXTURE_PROGRAM(f, encode_amo(OP_lr_w, A4, A1, 0), encode_amo(OP_sc_w, A2, A3, A0));
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A2], 1);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA + 4), 5);
}

static void sc_consumes_the_reservation(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = 1;
    f->hart.x[A1] = FIXTURE_DATA;
    FIXTURE_PROGRAM(f, encode_amo(OP_lr_w, A4, A1, 0), encode_amo(OP_sc_w, A2, A1, A0),
                    encode_i(OP_addi, A0, A0, 1), encode_amo(OP_sc_w, A3, A1, A0));
    fixture_run(f, 4);
    assert_int_equal(f->hart.x[A2], 0);
    assert_int_equal(f->hart.x[A3], 1);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 1);
}

/* vmsim drops the reservation on every trap, so an SC in a trap handler (or after one,
 * in the interrupted code) cannot pair with an LR from before it. */
static void a_trap_drops_the_reservation(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 5);
    f->hart.x[A0] = 7;
    f->hart.x[A1] = FIXTURE_DATA;
    fixture_write_word(f, FIXTURE_M_HANDLER, encode_amo(OP_sc_w, A2, A1, A0));
    FIXTURE_PROGRAM(f, encode_amo(OP_lr_w, A4, A1, 0), encode_plain(OP_ecall));
    fixture_run(f, 3);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER + 4);
    assert_int_equal(f->hart.x[A2], 1);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 5);
}

/* So does trap return (which the spec allows), so a context switch can never carry one
 * process's reservation into another. */
static void mret_drops_the_reservation(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 5);
    f->hart.x[A0] = 7;
    f->hart.x[A1] = FIXTURE_DATA;
    f->hart.mstatus = PRIV_M << MSTATUS_MPP_SHIFT;
    f->hart.mepc = FIXTURE_CODE + 8;
    FIXTURE_PROGRAM(f, encode_amo(OP_lr_w, A4, A1, 0), encode_plain(OP_mret),
                    encode_amo(OP_sc_w, A2, A1, A0));
    fixture_run(f, 3);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 12);
    assert_int_equal(f->hart.x[A2], 1);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 5);
}

static void every_amo_stores_its_combination_and_returns_the_old_value(void **state)
{
    struct hart_fixture *f = *state;
    static const struct {
        enum insn_op op;
        uint32_t old, source, stored;
    } cases[] = {
        {OP_amoswap_w, 0x11111111, 0x22222222, 0x22222222},
        {OP_amoadd_w, 0xffffffff, 2, 1},
        {OP_amoxor_w, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0},
        {OP_amoand_w, 0xff00ff00, 0x0ff00ff0, 0x0f000f00},
        {OP_amoor_w, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0},
        {OP_amomin_w, 0xffffffff, 1, 0xffffffff}, /* signed: -1 < 1 */
        {OP_amomin_w, 5, 3, 3},
        {OP_amomax_w, 0xffffffff, 1, 1},
        {OP_amomax_w, 0x80000000, 0x7fffffff, 0x7fffffff},
        {OP_amominu_w, 0xffffffff, 1, 1},         /* unsigned: 1 < 0xffffffff */
        {OP_amominu_w, 3, 5, 3},
        {OP_amomaxu_w, 0xffffffff, 1, 0xffffffff},
        {OP_amomaxu_w, 0x7fffffff, 0x80000000, 0x80000000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture_write_word(f, FIXTURE_DATA, cases[i].old);
        f->hart.x[A1] = FIXTURE_DATA;
        f->hart.x[A2] = cases[i].source;
        fixture_run_one(f, encode_amo(cases[i].op, A0, A1, A2));
        uint32_t stored = fixture_read_word(f, FIXTURE_DATA);
        if (stored != cases[i].stored || f->hart.x[A0] != cases[i].old)
            fail_msg("%s old 0x%08x source 0x%08x: stored 0x%08x (expected 0x%08x), rd 0x%08x",
                     insn_table[cases[i].op].name, cases[i].old, cases[i].source, stored,
                     cases[i].stored, f->hart.x[A0]);
        assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
    }
}

static void amo_with_rd_equal_to_rs2_uses_the_source_before_writing_rd(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 10);
    f->hart.x[A1] = FIXTURE_DATA;
    f->hart.x[A2] = 5;
    fixture_run_one(f, encode_amo(OP_amoadd_w, A2, A1, A2));
    assert_int_equal(f->hart.x[A2], 10);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 15);
}

static void amo_with_rd_equal_to_rs1_uses_the_address_before_writing_rd(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_DATA, 10);
    f->hart.x[A1] = FIXTURE_DATA;
    f->hart.x[A2] = 3;
    FIXTURE_PROGRAM(f, encode_amo(OP_amoswap_w, A1, A1, A2), encode_amo(OP_amoadd_w, A3, A4, A2));
    f->hart.x[A4] = FIXTURE_DATA;
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A1], 10);
    assert_int_equal(f->hart.x[A3], 3);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 6);
}

/* Atomics never complete misaligned, whatever trap_misaligned says. */
static void misaligned_amo_raises_store_misaligned(void **state)
{
    struct hart_fixture *f = *state;
    static const enum insn_op ops[] = {OP_amoswap_w, OP_amoadd_w, OP_amoxor_w, OP_amoand_w,
                                       OP_amoor_w, OP_amomin_w, OP_amomax_w, OP_amominu_w,
                                       OP_amomaxu_w, OP_sc_w};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        fixture_write_word(f, FIXTURE_DATA, 0x11111111);
        fixture_write_word(f, FIXTURE_DATA + 4, 0x22222222);
        f->hart.mcause = 0;
        f->hart.x[A0] = 0xdeadbeef;
        f->hart.x[A1] = FIXTURE_DATA + 2;
        f->hart.x[A2] = 0;
        fixture_run_one(f, encode_amo(ops[i], A0, A1, A2));
        if (f->hart.mcause != CAUSE_MISALIGNED_STORE)
            fail_msg("%s: mcause %u, expected store misaligned", insn_table[ops[i]].name,
                     f->hart.mcause);
        assert_int_equal(f->hart.mtval, FIXTURE_DATA + 2);
        assert_int_equal(f->hart.mepc, FIXTURE_CODE);
        assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
        assert_int_equal(f->hart.x[A0], 0xdeadbeef);
        assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 0x11111111);
        assert_int_equal(fixture_read_word(f, FIXTURE_DATA + 4), 0x22222222);
    }
}

static void misaligned_lr_raises_load_misaligned(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = 0xdeadbeef;
    f->hart.x[A1] = FIXTURE_DATA + 1;
    fixture_run_one(f, encode_amo(OP_lr_w, A0, A1, 0));
    assert_int_equal(f->hart.mcause, CAUSE_MISALIGNED_LOAD);
    assert_int_equal(f->hart.mtval, FIXTURE_DATA + 1);
    assert_int_equal(f->hart.x[A0], 0xdeadbeef);
}

static void atomics_outside_ram_raise_access_faults(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A1] = FIXTURE_UNMAPPED;
    fixture_run_one(f, encode_amo(OP_amoadd_w, A0, A1, A2));
    assert_int_equal(f->hart.mcause, CAUSE_STORE_ACCESS);
    assert_int_equal(f->hart.mtval, FIXTURE_UNMAPPED);
    fixture_run_one(f, encode_amo(OP_lr_w, A0, A1, 0));
    assert_int_equal(f->hart.mcause, CAUSE_LOAD_ACCESS);
    assert_int_equal(f->hart.mtval, FIXTURE_UNMAPPED);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, hart_fixture_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(sc_after_lr_to_the_same_word_succeeds),
        TEST(sc_without_a_reservation_fails_and_stores_nothing),
        TEST(sc_to_another_address_than_reserved_fails),
        TEST(sc_consumes_the_reservation),
        TEST(a_trap_drops_the_reservation),
        TEST(mret_drops_the_reservation),
        TEST(every_amo_stores_its_combination_and_returns_the_old_value),
        TEST(amo_with_rd_equal_to_rs2_uses_the_source_before_writing_rd),
        TEST(amo_with_rd_equal_to_rs1_uses_the_address_before_writing_rd),
        TEST(misaligned_amo_raises_store_misaligned),
        TEST(misaligned_lr_raises_load_misaligned),
        TEST(atomics_outside_ram_raise_access_faults),
    };
    return cmocka_run_group_tests_name("rv32a", tests, NULL, NULL);
}
