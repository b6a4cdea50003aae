/* The keyboard device: events come out in order with their key, press/release and modifier
 * bits, READY and COUNT follow the FIFO, a full FIFO drops events and reports OVERRUN once,
 * and the interrupt line is high exactly while events wait and the interrupt is enabled. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "devices/keyboard.h"
#include "mmu/bus.h"

struct keyboard_test {
    struct keyboard kb;
    bool line;
    unsigned line_changes;
};

static void record_irq(void *opaque, bool level)
{
    struct keyboard_test *t = opaque;
    if (level != t->line)
        t->line_changes++;
    t->line = level;
}

static int setup(void **state)
{
    struct keyboard_test *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    keyboard_init(&t->kb);
    t->kb.set_irq = record_irq;
    t->kb.irq_opaque = t;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    free(*state);
    return 0;
}

static uint32_t reg_read(struct keyboard_test *t, uint32_t offset)
{
    uint32_t value = 0xdeadbeef;
    assert_true(keyboard_ops.read(&t->kb, offset, 4, &value));
    return value;
}

static void reg_write(struct keyboard_test *t, uint32_t offset, uint32_t value)
{
    assert_true(keyboard_ops.write(&t->kb, offset, 4, value));
}

static void empty_keyboard_reads_id_and_no_events(void **state)
{
    struct keyboard_test *t = *state;
    assert_int_equal(reg_read(t, KEYBOARD_REG_ID), 0x424b4d56);
    assert_int_equal(reg_read(t, KEYBOARD_REG_STATUS), 0);
    assert_int_equal(reg_read(t, KEYBOARD_REG_COUNT), 0);
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA), 0);
}

static void events_come_out_in_order_with_their_bits(void **state)
{
    struct keyboard_test *t = *state;
    assert_true(keyboard_push(&t->kb, 0x04, true, KEYBOARD_EVENT_SHIFT));  /* A down */
    assert_true(keyboard_push(&t->kb, 0x04, false, KEYBOARD_EVENT_SHIFT)); /* A up */
    assert_true(keyboard_push(&t->kb, 0x28, true, 0));                     /* Enter */
    assert_int_equal(reg_read(t, KEYBOARD_REG_STATUS), KEYBOARD_STATUS_READY);
    assert_int_equal(reg_read(t, KEYBOARD_REG_COUNT), 3);
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA), 0x80000304);
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA), 0x80000204);
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA), 0x80000128);
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA), 0);
    assert_int_equal(reg_read(t, KEYBOARD_REG_STATUS), 0);
}

static void unknown_modifier_bits_are_dropped(void **state)
{
    struct keyboard_test *t = *state;
    assert_true(keyboard_push(&t->kb, 0x29, true, 0xffffffffu));
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA),
                     KEYBOARD_EVENT_VALID | KEYBOARD_EVENT_META | KEYBOARD_EVENT_ALT | KEYBOARD_EVENT_CTRL |
                         KEYBOARD_EVENT_SHIFT | KEYBOARD_EVENT_DOWN | 0x29);
}

static void full_fifo_drops_events_and_reports_overrun_once(void **state)
{
    struct keyboard_test *t = *state;
    for (unsigned i = 0; i < KEYBOARD_FIFO_SIZE; i++)
        assert_true(keyboard_push(&t->kb, (uint8_t)(0x04 + i % 26), true, 0));
    assert_false(keyboard_push(&t->kb, 0x2c, true, 0));
    assert_int_equal(t->kb.events_lost, 1);
    assert_int_equal(reg_read(t, KEYBOARD_REG_COUNT), KEYBOARD_FIFO_SIZE);
    assert_int_equal(reg_read(t, KEYBOARD_REG_STATUS), KEYBOARD_STATUS_READY | KEYBOARD_STATUS_OVERRUN);
    assert_int_equal(reg_read(t, KEYBOARD_REG_STATUS), KEYBOARD_STATUS_READY);
    /* The oldest events survive; the one that did not fit is gone. */
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA) & KEYBOARD_EVENT_KEY_MASK, 0x04);
    for (unsigned i = 1; i < KEYBOARD_FIFO_SIZE; i++)
        assert_int_equal(reg_read(t, KEYBOARD_REG_DATA) & KEYBOARD_EVENT_KEY_MASK, 0x04 + i % 26);
    assert_int_equal(reg_read(t, KEYBOARD_REG_DATA), 0);
}

static void interrupt_line_follows_enable_and_fifo(void **state)
{
    struct keyboard_test *t = *state;
    assert_true(keyboard_push(&t->kb, 0x05, true, 0));
    assert_false(t->line); /* not enabled yet */
    reg_write(t, KEYBOARD_REG_CONTROL, KEYBOARD_CONTROL_INTERRUPT_ENABLE);
    assert_int_equal(reg_read(t, KEYBOARD_REG_CONTROL), KEYBOARD_CONTROL_INTERRUPT_ENABLE);
    assert_true(t->line);
    assert_true(keyboard_push(&t->kb, 0x05, false, 0));
    assert_true(t->line);
    reg_read(t, KEYBOARD_REG_DATA);
    assert_true(t->line); /* one event still waits */
    reg_read(t, KEYBOARD_REG_DATA);
    assert_false(t->line);
    assert_true(keyboard_push(&t->kb, 0x06, true, 0));
    assert_true(t->line);
    reg_write(t, KEYBOARD_REG_CONTROL, 0);
    assert_false(t->line);
    assert_int_equal(t->line_changes, 4);
}

static void narrow_and_misaligned_accesses_fault(void **state)
{
    struct keyboard_test *t = *state;
    uint32_t value;
    assert_true(keyboard_push(&t->kb, 0x04, true, 0));
    assert_false(keyboard_ops.read(&t->kb, KEYBOARD_REG_DATA, 1, &value));
    assert_false(keyboard_ops.read(&t->kb, KEYBOARD_REG_DATA + 1, 4, &value));
    assert_false(keyboard_ops.write(&t->kb, KEYBOARD_REG_CONTROL, 2, 1));
    assert_int_equal(reg_read(t, KEYBOARD_REG_COUNT), 1); /* the faulting read took nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_keyboard_reads_id_and_no_events, setup, teardown),
        cmocka_unit_test_setup_teardown(events_come_out_in_order_with_their_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_modifier_bits_are_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(full_fifo_drops_events_and_reports_overrun_once, setup, teardown),
        cmocka_unit_test_setup_teardown(interrupt_line_follows_enable_and_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(narrow_and_misaligned_accesses_fault, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
