/* The SiFive test finisher: pass and fail words end the run with the right status, other
 * writes are ignored, and a guest store to it stops cpu_run at once. */
#include "devices/finisher.h"
#include "hart_fixture.h"
#include "machine_map.h"

static struct finisher finisher;
static struct exit_request exit_request;

static int finisher_setup(void **state)
{
    if (hart_fixture_setup(state) != 0)
        return -1;
    struct hart_fixture *f = *state;
    exit_request = (struct exit_request){0};
    finisher = (struct finisher){.hart = &f->hart, .exit = &exit_request};
    char err[128];
    return bus_add_device(&f->bus, "finisher", VMSIM_FINISHER_BASE, VMSIM_FINISHER_SIZE,
                          &finisher_ops, &finisher, err, sizeof err)
               ? 0
               : -1;
}

static void pass_word_ends_the_run_successfully(void **state)
{
    struct hart_fixture *f = *state;
    assert_true(finisher_ops.write(&finisher, 0, 4, VMSIM_FINISHER_PASS));
    assert_true(exit_request.requested);
    assert_false(exit_request.guest_failed);
    assert_int_equal(exit_request.code, 0);
    assert_true(f->hart.stop_requested);
}

static void fail_word_carries_its_code(void **state)
{
    (void)state;
    assert_true(finisher_ops.write(&finisher, 0, 4, (17u << 16) | VMSIM_FINISHER_FAIL));
    assert_true(exit_request.requested);
    assert_true(exit_request.guest_failed);
    assert_int_equal(exit_request.code, 17);
}

static void other_writes_are_ignored(void **state)
{
    struct hart_fixture *f = *state;
    assert_true(finisher_ops.write(&finisher, 0, 4, 0x7777)); /* reset: not supported */
    assert_true(finisher_ops.write(&finisher, 4, 4, VMSIM_FINISHER_PASS));
    assert_true(finisher_ops.write(&finisher, 0, 2, VMSIM_FINISHER_PASS));
    assert_false(exit_request.requested);
    assert_false(f->hart.stop_requested);
    uint32_t value = 0xdeadbeef;
    assert_true(finisher_ops.read(&finisher, 0, 4, &value));
    assert_int_equal(value, 0);
}

static void guest_store_to_the_finisher_stops_the_run(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = VMSIM_FINISHER_BASE;
    f->hart.x[A1] = (3u << 16) | VMSIM_FINISHER_FAIL;
    FIXTURE_PROGRAM(f, encode_s(OP_sw, A1, A0, 0), encode_i(OP_addi, A2, ZERO, 1));
    assert_int_equal(cpu_run(&f->hart, 100), CPU_STOP_REQUESTED);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
    assert_int_equal(f->hart.x[A2], 0);
    assert_true(exit_request.guest_failed);
    assert_int_equal(exit_request.code, 3);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, finisher_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(pass_word_ends_the_run_successfully),
        TEST(fail_word_carries_its_code),
        TEST(other_writes_are_ignored),
        TEST(guest_store_to_the_finisher_stops_the_run),
    };
    return cmocka_run_group_tests_name("finisher", tests, NULL, NULL);
}
