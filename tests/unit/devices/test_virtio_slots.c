/* The eight virtio-mmio slots of QEMU's virt board on vmsim's machine: slot i at
 * 0x10001000 + i * 0x1000. Slot 0 holds the disk (DeviceID 0 here, as no image is given);
 * slots 1 to 7 are empty transports that a probing driver must be able to read: the magic
 * value "virt", version 2, DeviceID 0 ("no device", virtio 4.2.3.1.1). Register values
 * are written from the specification, not taken from the device's header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "machine_fixture.h"
#include "machine/machine.h"

#define SLOT_BASE(i) (0x10001000u + (i) * 0x1000u)
#define REG_MAGIC 0x000
#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_STATUS 0x070
#define REG_CONFIG 0x100

static uint32_t read_word(const struct machine *m, uint32_t address)
{
    const struct bus_region *region = bus_find_device(&m->bus, address);
    assert_non_null(region);
    uint32_t value = 0xdeadbeef;
    assert_true(region->ops->read(region->opaque, address - region->base, 4, &value));
    return value;
}

static void eight_slots_answer_with_magic_and_version_2(void **state)
{
    struct machine *m = *state;
    for (uint32_t slot = 0; slot < 8; slot++) {
        assert_int_equal(read_word(m, SLOT_BASE(slot) + REG_MAGIC), 0x74726976); /* "virt" */
        assert_int_equal(read_word(m, SLOT_BASE(slot) + REG_VERSION), 2);
    }
}

static void empty_slots_read_device_id_0_and_ignore_writes(void **state)
{
    struct machine *m = *state;
    for (uint32_t slot = 1; slot < 8; slot++) {
        assert_int_equal(read_word(m, SLOT_BASE(slot) + REG_DEVICE_ID), 0);
        const struct bus_region *region = bus_find_device(&m->bus, SLOT_BASE(slot) + REG_STATUS);
        assert_true(region->ops->write(region->opaque, REG_STATUS, 4, 0xf));
        assert_int_equal(read_word(m, SLOT_BASE(slot) + REG_STATUS), 0);
        assert_int_equal(read_word(m, SLOT_BASE(slot) + REG_CONFIG), 0);
    }
}

static void nothing_answers_past_the_last_slot_below_the_framebuffer(void **state)
{
    struct machine *m = *state;
    assert_null(bus_find_device(&m->bus, SLOT_BASE(8)));
    assert_null(bus_find_device(&m->bus, 0x1000f000u));
}

static int machine_setup(void **state)
{
    struct machine *m = calloc(1, sizeof *m);
    if (!m || !fixture_machine_init(m))
        return -1;
    *state = m;
    return 0;
}

static int machine_teardown(void **state)
{
    machine_destroy(*state);
    free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(eight_slots_answer_with_magic_and_version_2),
        cmocka_unit_test(empty_slots_read_device_id_0_and_ignore_writes),
        cmocka_unit_test(nothing_answers_past_the_last_slot_below_the_framebuffer),
    };
    return cmocka_run_group_tests(tests, machine_setup, machine_teardown);
}
