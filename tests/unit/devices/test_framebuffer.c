/* The framebuffer's registers: the fixed geometry and format a guest queries, the address
 * register that turns the display on and off, the frame counter, and the accesses that
 * must fault. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "devices/framebuffer.h"
#include "mmu/bus.h"

#define RAM_BASE 0x80000000u
#define RAM_SIZE (4u << 20)

struct framebuffer_test {
    struct bus bus;
    struct framebuffer fb;
};

static int setup(void **state)
{
    struct framebuffer_test *t = calloc(1, sizeof *t);
    char err[128];
    if (!t || !bus_init(&t->bus, RAM_BASE, RAM_SIZE, err, sizeof err))
        return -1;
    framebuffer_init(&t->fb, &t->bus);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct framebuffer_test *t = *state;
    bus_destroy(&t->bus);
    free(t);
    return 0;
}

static uint32_t reg_read(struct framebuffer_test *t, uint32_t offset)
{
    uint32_t value = 0xdeadbeef;
    assert_true(framebuffer_ops.read(&t->fb, offset, 4, &value));
    return value;
}

static void reg_write(struct framebuffer_test *t, uint32_t offset, uint32_t value)
{
    assert_true(framebuffer_ops.write(&t->fb, offset, 4, value));
}

static void geometry_and_format_read_back(void **state)
{
    struct framebuffer_test *t = *state;
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_ID), 0x42464d56);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_WIDTH), 640);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_HEIGHT), 480);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_STRIDE), 2560);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_FORMAT), FRAMEBUFFER_FORMAT_XRGB8888);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_SIZE), 2560 * 480);
    assert_int_equal(reg_read(t, 0x40), 0); /* unassigned offsets read as zero */
}

static void read_only_registers_ignore_writes(void **state)
{
    struct framebuffer_test *t = *state;
    reg_write(t, FRAMEBUFFER_REG_WIDTH, 1024);
    reg_write(t, FRAMEBUFFER_REG_FORMAT, 7);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_WIDTH), 640);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_FORMAT), FRAMEBUFFER_FORMAT_XRGB8888);
}

static void display_is_off_until_an_address_in_ram_is_written(void **state)
{
    struct framebuffer_test *t = *state;
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_ADDRESS), 0);
    assert_null(framebuffer_pixels(&t->fb));
    reg_write(t, FRAMEBUFFER_REG_ADDRESS, RAM_BASE + 0x100000);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_ADDRESS), RAM_BASE + 0x100000);
    assert_ptr_equal(framebuffer_pixels(&t->fb), t->bus.ram.bytes + 0x100000);
    reg_write(t, FRAMEBUFFER_REG_ADDRESS, 0);
    assert_null(framebuffer_pixels(&t->fb));
}

static void address_is_word_aligned(void **state)
{
    struct framebuffer_test *t = *state;
    reg_write(t, FRAMEBUFFER_REG_ADDRESS, RAM_BASE + 0x1003);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_ADDRESS), RAM_BASE + 0x1000);
}

static void pixels_must_lie_entirely_in_ram(void **state)
{
    struct framebuffer_test *t = *state;
    reg_write(t, FRAMEBUFFER_REG_ADDRESS, 0x10000000); /* a device, not RAM */
    assert_null(framebuffer_pixels(&t->fb));
    reg_write(t, FRAMEBUFFER_REG_ADDRESS, RAM_BASE + RAM_SIZE - FRAMEBUFFER_SIZE_BYTES + 4);
    assert_null(framebuffer_pixels(&t->fb));
    reg_write(t, FRAMEBUFFER_REG_ADDRESS, RAM_BASE + RAM_SIZE - FRAMEBUFFER_SIZE_BYTES);
    assert_non_null(framebuffer_pixels(&t->fb));
}

static void frame_register_counts_writes(void **state)
{
    struct framebuffer_test *t = *state;
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_FRAME), 0);
    reg_write(t, FRAMEBUFFER_REG_FRAME, 0);
    reg_write(t, FRAMEBUFFER_REG_FRAME, 12345);
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_FRAME), 2);
}

static void narrow_and_misaligned_accesses_fault(void **state)
{
    struct framebuffer_test *t = *state;
    uint32_t value;
    assert_false(framebuffer_ops.read(&t->fb, FRAMEBUFFER_REG_WIDTH, 2, &value));
    assert_false(framebuffer_ops.read(&t->fb, FRAMEBUFFER_REG_WIDTH, 1, &value));
    assert_false(framebuffer_ops.read(&t->fb, FRAMEBUFFER_REG_WIDTH + 2, 4, &value));
    assert_false(framebuffer_ops.write(&t->fb, FRAMEBUFFER_REG_ADDRESS, 1, 0x80));
    assert_false(framebuffer_ops.write(&t->fb, FRAMEBUFFER_REG_ADDRESS + 1, 4, 0x80));
    assert_int_equal(reg_read(t, FRAMEBUFFER_REG_ADDRESS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(geometry_and_format_read_back, setup, teardown),
        cmocka_unit_test_setup_teardown(read_only_registers_ignore_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(display_is_off_until_an_address_in_ram_is_written, setup, teardown),
        cmocka_unit_test_setup_teardown(address_is_word_aligned, setup, teardown),
        cmocka_unit_test_setup_teardown(pixels_must_lie_entirely_in_ram, setup, teardown),
        cmocka_unit_test_setup_teardown(frame_register_counts_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(narrow_and_misaligned_accesses_fault, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
