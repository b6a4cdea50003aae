/* The PLIC through its registers: priorities, pending bits, per-context enables and
 * thresholds, claim and complete with level-triggered sources, context 0 driving MEIP and
 * context 1 driving SEIP, and a hart taking the external interrupt it raises. */
#include <stdlib.h>
#include <string.h>

#include "cpu/csr.h"
#include "devices/plic.h"
#include "hart_fixture.h"
#include "machine_map.h"

#define PRIORITY(n) (4u * (n))
#define PENDING 0x1000u
#define ENABLE(ctx) (0x2000u + 0x80u * (ctx))
#define THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define CLAIM(ctx) (0x200004u + 0x1000u * (ctx))

#define CONTEXT_M 0
#define CONTEXT_S 1

struct plic_test {
    struct hart_fixture *f;
    void *fixture_state;
    struct plic plic;
};

static int plic_setup(void **state)
{
    struct plic_test *t = calloc(1, sizeof *t);
    if (!t || hart_fixture_setup(&t->fixture_state) != 0)
        return -1;
    t->f = t->fixture_state;
    plic_init(&t->plic, &t->f->hart);
    *state = t;
    return 0;
}

static int plic_teardown(void **state)
{
    struct plic_test *t = *state;
    hart_fixture_teardown(&t->fixture_state);
    free(t);
    return 0;
}

static uint32_t reg_read(struct plic_test *t, uint32_t offset)
{
    uint32_t value = 0xdeadbeef;
    assert_true(plic_ops.read(&t->plic, offset, 4, &value));
    return value;
}

static void reg_write(struct plic_test *t, uint32_t offset, uint32_t value)
{
    assert_true(plic_ops.write(&t->plic, offset, 4, value));
}

static bool meip(struct plic_test *t)
{
    return (t->f->hart.irq_lines & MIP_MEIP) != 0;
}

static bool seip(struct plic_test *t)
{
    return (t->f->hart.irq_lines & MIP_SEIP) != 0;
}

/* Source `source` at `priority`, enabled for context `ctx`. */
static void route(struct plic_test *t, unsigned source, uint32_t priority, unsigned ctx)
{
    reg_write(t, PRIORITY(source), priority);
    reg_write(t, ENABLE(ctx), reg_read(t, ENABLE(ctx)) | (1u << source));
}

static void priorities_hold_three_bits_and_source_0_has_none(void **state)
{
    struct plic_test *t = *state;
    reg_write(t, PRIORITY(1), 5);
    reg_write(t, PRIORITY(10), 0xffffffff);
    reg_write(t, PRIORITY(0), 7);
    assert_int_equal(reg_read(t, PRIORITY(1)), 5);
    assert_int_equal(reg_read(t, PRIORITY(10)), 7);
    assert_int_equal(reg_read(t, PRIORITY(0)), 0);
    assert_int_equal(reg_read(t, PRIORITY(31)), 0);
}

static void pending_bits_follow_the_lines_and_ignore_writes(void **state)
{
    struct plic_test *t = *state;
    plic_set_source(&t->plic, 1, true);
    plic_set_source(&t->plic, 10, true);
    assert_int_equal(reg_read(t, PENDING), (1u << 1) | (1u << 10));
    reg_write(t, PENDING, 0);
    assert_int_equal(reg_read(t, PENDING), (1u << 1) | (1u << 10));
    plic_set_source(&t->plic, 1, false);
    assert_int_equal(reg_read(t, PENDING), 1u << 10);
    plic_set_source(&t->plic, 0, true); /* source 0 does not exist */
    plic_set_source(&t->plic, 40, true);
    assert_int_equal(reg_read(t, PENDING), 1u << 10);
}

static void enables_are_per_context_and_bit_0_is_wired_to_zero(void **state)
{
    struct plic_test *t = *state;
    reg_write(t, ENABLE(CONTEXT_M), 0xffffffff);
    reg_write(t, ENABLE(CONTEXT_S), 1u << 10);
    assert_int_equal(reg_read(t, ENABLE(CONTEXT_M)), 0xfffffffe);
    assert_int_equal(reg_read(t, ENABLE(CONTEXT_S)), 1u << 10);
    /* Context 2 (another hart) does not exist: reads as zero, writes are dropped. */
    reg_write(t, ENABLE(2), 0xffffffff);
    assert_int_equal(reg_read(t, ENABLE(2)), 0);
}

static void enabled_source_above_threshold_raises_meip_for_context_0(void **state)
{
    struct plic_test *t = *state;
    route(t, 10, 1, CONTEXT_M);
    assert_false(meip(t));
    plic_set_source(&t->plic, 10, true);
    assert_true(meip(t));
    assert_false(seip(t));
    assert_true(t->f->hart.stop_requested);
    plic_set_source(&t->plic, 10, false);
    assert_false(meip(t));
}

static void context_1_drives_seip(void **state)
{
    struct plic_test *t = *state;
    route(t, 1, 3, CONTEXT_S);
    plic_set_source(&t->plic, 1, true);
    assert_true(seip(t));
    assert_false(meip(t));
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 0); /* not enabled for M */
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_S)), 1);
    assert_false(seip(t));
}

static void priority_0_never_interrupts(void **state)
{
    struct plic_test *t = *state;
    route(t, 5, 0, CONTEXT_M);
    plic_set_source(&t->plic, 5, true);
    assert_false(meip(t));
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 0);
    reg_write(t, PRIORITY(5), 1);
    assert_true(meip(t));
}

static void threshold_masks_priorities_at_or_below_it(void **state)
{
    struct plic_test *t = *state;
    route(t, 3, 4, CONTEXT_M);
    plic_set_source(&t->plic, 3, true);
    reg_write(t, THRESHOLD(CONTEXT_M), 4);
    assert_int_equal(reg_read(t, THRESHOLD(CONTEXT_M)), 4);
    assert_false(meip(t));
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 0);
    reg_write(t, THRESHOLD(CONTEXT_M), 3);
    assert_true(meip(t));
    reg_write(t, THRESHOLD(CONTEXT_M), 0xff);
    assert_int_equal(reg_read(t, THRESHOLD(CONTEXT_M)), 7);
    assert_false(meip(t));
}

static void claim_returns_the_highest_priority_then_the_lowest_number(void **state)
{
    struct plic_test *t = *state;
    route(t, 2, 3, CONTEXT_M);
    route(t, 7, 6, CONTEXT_M);
    route(t, 9, 6, CONTEXT_M);
    plic_set_source(&t->plic, 2, true);
    plic_set_source(&t->plic, 9, true);
    plic_set_source(&t->plic, 7, true);
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 7);
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 9);
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 2);
    assert_false(meip(t)); /* all three in service */
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 0);
    assert_int_equal(reg_read(t, PENDING), 0);
    assert_int_equal(t->plic.claims[7], 1);
}

static void complete_with_the_line_still_high_pends_again(void **state)
{
    struct plic_test *t = *state;
    route(t, 10, 1, CONTEXT_M);
    plic_set_source(&t->plic, 10, true);
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 10);
    assert_false(meip(t));
    assert_int_equal(reg_read(t, PENDING), 0);
    reg_write(t, CLAIM(CONTEXT_M), 10);
    assert_true(meip(t));
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 10);
    plic_set_source(&t->plic, 10, false); /* the device is served while claimed */
    reg_write(t, CLAIM(CONTEXT_M), 10);
    assert_false(meip(t));
    assert_int_equal(reg_read(t, PENDING), 0);
}

static void line_raised_while_claimed_waits_for_complete(void **state)
{
    struct plic_test *t = *state;
    route(t, 4, 2, CONTEXT_M);
    plic_set_source(&t->plic, 4, true);
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 4);
    plic_set_source(&t->plic, 4, false);
    plic_set_source(&t->plic, 4, true);
    assert_false(meip(t));
    assert_int_equal(plic_source_targets(&t->plic, 4), 0);
    reg_write(t, CLAIM(CONTEXT_M), 4);
    assert_true(meip(t));
}

static void complete_of_a_source_not_enabled_for_the_context_is_ignored(void **state)
{
    struct plic_test *t = *state;
    route(t, 6, 1, CONTEXT_M);
    plic_set_source(&t->plic, 6, true);
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M)), 6);
    reg_write(t, CLAIM(CONTEXT_S), 6); /* the wrong context: ignored */
    reg_write(t, CLAIM(CONTEXT_M), 0); /* no such source: ignored */
    reg_write(t, CLAIM(CONTEXT_M), 99);
    assert_false(meip(t));
    reg_write(t, ENABLE(CONTEXT_M), 0);
    reg_write(t, CLAIM(CONTEXT_M), 6); /* disabled now: ignored as well */
    reg_write(t, ENABLE(CONTEXT_M), 1u << 6);
    assert_false(meip(t));
    reg_write(t, CLAIM(CONTEXT_M), 6);
    assert_true(meip(t));
}

static void one_source_enabled_for_both_contexts_raises_both(void **state)
{
    struct plic_test *t = *state;
    route(t, 1, 2, CONTEXT_M);
    route(t, 1, 2, CONTEXT_S);
    reg_write(t, THRESHOLD(CONTEXT_S), 1);
    assert_int_equal(plic_source_targets(&t->plic, 1), MIP_MEIP | MIP_SEIP);
    plic_set_source(&t->plic, 1, true);
    assert_true(meip(t));
    assert_true(seip(t));
    /* A claim by either context takes it away from both. */
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_S)), 1);
    assert_false(meip(t));
    assert_false(seip(t));
    reg_write(t, THRESHOLD(CONTEXT_S), 2);
    assert_int_equal(plic_source_targets(&t->plic, 1), 0); /* in service */
    reg_write(t, CLAIM(CONTEXT_S), 1);
    assert_int_equal(plic_source_targets(&t->plic, 1), MIP_MEIP);
}

static void registers_are_words_only_and_reserved_space_reads_zero(void **state)
{
    struct plic_test *t = *state;
    uint32_t value;
    assert_false(plic_ops.read(&t->plic, PRIORITY(1), 1, &value));
    assert_false(plic_ops.write(&t->plic, PRIORITY(1), 2, 1));
    assert_int_equal(reg_read(t, 0x1004), 0);
    assert_int_equal(reg_read(t, 0x2004), 0); /* sources 32..63 do not exist */
    assert_int_equal(reg_read(t, 0x100000), 0);
    assert_int_equal(reg_read(t, THRESHOLD(2)), 0);
    assert_int_equal(reg_read(t, CLAIM(CONTEXT_M) + 4), 0);
    reg_write(t, 0x3000, 0xffffffff);
    assert_int_equal(reg_read(t, ENABLE(CONTEXT_M)), 0);
}

/* A guest program with mie.MEIE and mstatus.MIE set takes the external interrupt when a
 * device raises its line, and claims it through the bus. */
static void hart_takes_the_machine_external_interrupt_and_claims_it(void **state)
{
    struct plic_test *t = *state;
    struct hart_fixture *f = t->f;
    char err[128];
    assert_true(bus_add_device(&f->bus, "plic", VMSIM_PLIC_BASE, VMSIM_PLIC_SIZE, &plic_ops,
                               &t->plic, err, sizeof err));
    route(t, VMSIM_IRQ_UART0, 1, CONTEXT_M);
    f->hart.mie = MIP_MEIP;
    f->hart.mstatus |= MSTATUS_MIE;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, 1), encode_i(OP_addi, A0, A0, 1));
    /* The handler: a1 = claim register, a2 = claim. */
    f->hart.x[A1] = VMSIM_PLIC_BASE + CLAIM(CONTEXT_M);
    fixture_write_word(f, FIXTURE_M_HANDLER, encode_i(OP_lw, A2, A1, 0));
    fixture_run(f, 1);
    assert_int_equal(f->hart.x[A0], 1);
    plic_set_source(&t->plic, VMSIM_IRQ_UART0, true);
    assert_int_equal(cpu_run(&f->hart, 10), CPU_STOP_REQUESTED);
    f->hart.stop_requested = false;
    fixture_run(f, 2); /* the trap, then the claim */
    assert_int_equal(f->hart.mcause, 0x80000000u | 11);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE + 4);
    assert_int_equal(f->hart.x[A2], VMSIM_IRQ_UART0);
    assert_false(meip(t));
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, plic_setup, plic_teardown)
    const struct CMUnitTest tests[] = {
        TEST(priorities_hold_three_bits_and_source_0_has_none),
        TEST(pending_bits_follow_the_lines_and_ignore_writes),
        TEST(enables_are_per_context_and_bit_0_is_wired_to_zero),
        TEST(enabled_source_above_threshold_raises_meip_for_context_0),
        TEST(context_1_drives_seip),
        TEST(priority_0_never_interrupts),
        TEST(threshold_masks_priorities_at_or_below_it),
        TEST(claim_returns_the_highest_priority_then_the_lowest_number),
        TEST(complete_with_the_line_still_high_pends_again),
        TEST(line_raised_while_claimed_waits_for_complete),
        TEST(complete_of_a_source_not_enabled_for_the_context_is_ignored),
        TEST(one_source_enabled_for_both_contexts_raises_both),
        TEST(registers_are_words_only_and_reserved_space_reads_zero),
        TEST(hart_takes_the_machine_external_interrupt_and_claims_it),
    };
    return cmocka_run_group_tests_name("plic", tests, NULL, NULL);
}
