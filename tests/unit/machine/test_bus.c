/* The bus: device registration (overlaps with other devices or RAM refused, with a message
 * naming both), dispatch to device operations with base-relative offsets, and the access
 * faults of the memory slow path for addresses that nothing answers. */
#include <string.h>

#include "hart_fixture.h"
#include "cpu/memory.h"

/* A device that records the last access and answers reads with 0xc0de0000 | offset, cut to
 * the access size. */
struct recording_device {
    unsigned reads, writes;
    uint32_t offset, value;
    unsigned size;
    bool refuse;
};

static bool recording_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    struct recording_device *d = opaque;
    if (d->refuse)
        return false;
    d->reads++;
    d->offset = offset;
    d->size = size;
    uint32_t pattern = 0xc0de0000 | offset;
    *value = size == 4 ? pattern : pattern & ((1u << (8 * size)) - 1);
    return true;
}

static bool recording_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct recording_device *d = opaque;
    if (d->refuse)
        return false;
    d->writes++;
    d->offset = offset;
    d->size = size;
    d->value = value;
    return true;
}

static const struct bus_device_ops recording_ops = {.read = recording_read,
                                                    .write = recording_write};

#define DEVICE_BASE 0x10000000u

/* The message of the last refused registration. */
static char err[160];

static bool add_device(struct hart_fixture *f, const char *name, uint32_t base, uint32_t size,
                       struct recording_device *device)
{
    err[0] = '\0';
    return bus_add_device(&f->bus, name, base, size, &recording_ops, device, err, sizeof err);
}

static void overlapping_device_ranges_are_refused_naming_both_devices(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device a = {0}, b = {0};
    assert_true(add_device(f, "alpha", 0x1000, 0x100, &a));
    assert_false(add_device(f, "beta", 0x10fc, 0x100, &b));
    assert_non_null(strstr(err, "alpha"));
    assert_non_null(strstr(err, "beta"));
    /* A range that swallows the first one entirely is refused too. */
    assert_false(add_device(f, "gamma", 0x0, 0x10000, &b));
    assert_non_null(strstr(err, "alpha"));
    assert_non_null(strstr(err, "gamma"));
    assert_int_equal(f->bus.region_count, 1);
}

static void adjacent_device_ranges_are_accepted(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device a = {0}, b = {0};
    assert_true(add_device(f, "alpha", 0x1000, 0x100, &a));
    assert_true(add_device(f, "beta", 0x1100, 0x100, &b));
    assert_true(add_device(f, "before", 0xf00, 0x100, &b));
    assert_ptr_equal(bus_find_device(&f->bus, 0x10ff)->opaque, &a);
    assert_ptr_equal(bus_find_device(&f->bus, 0x1100)->opaque, &b);
    assert_string_equal(bus_find_device(&f->bus, 0xfff)->name, "before");
    assert_null(bus_find_device(&f->bus, 0x1200));
    assert_null(bus_find_device(&f->bus, 0xeff));
}

static void device_overlapping_ram_is_refused(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device a = {0};
    assert_false(add_device(f, "intruder", FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE - 4, 8, &a));
    assert_non_null(strstr(err, "intruder"));
    assert_non_null(strstr(err, "RAM"));
    assert_false(add_device(f, "under", FIXTURE_RAM_BASE - 0x1000, 0x1001, &a));
    assert_true(add_device(f, "below", FIXTURE_RAM_BASE - 0x1000, 0x1000, &a));
}

static void device_that_does_not_fit_the_address_space_is_refused(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device a = {0};
    assert_false(add_device(f, "wrapper", 0xfffff000, 0x2000, &a));
    assert_non_null(strstr(err, "wrapper"));
    assert_false(add_device(f, "empty", 0x1000, 0, &a));
    assert_true(add_device(f, "top", 0xfffff000, 0x1000, &a));
    assert_non_null(bus_find_device(&f->bus, 0xffffffff));
}

static void bus_refuses_devices_beyond_its_table(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device a = {0};
    for (unsigned i = 0; i < BUS_MAX_REGIONS; i++)
        assert_true(add_device(f, "many", 0x1000 * (i + 1), 0x100, &a));
    assert_false(add_device(f, "one-too-many", 0x100000, 0x100, &a));
    assert_non_null(strstr(err, "one-too-many"));
}

static void device_operations_get_offsets_relative_to_their_base(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device d = {0};
    assert_true(add_device(f, "recorder", DEVICE_BASE, 0x100, &d));
    uint32_t value = 0;
    assert_int_equal(mem_load(&f->hart, DEVICE_BASE + 0x10, 4, &value), MEM_DEVICE);
    assert_int_equal(d.offset, 0x10);
    assert_int_equal(d.size, 4);
    assert_int_equal(value, 0xc0de0010);
    assert_int_equal(mem_load(&f->hart, DEVICE_BASE + 0x23, 1, &value), MEM_DEVICE);
    assert_int_equal(d.offset, 0x23);
    assert_int_equal(d.size, 1);
    assert_int_equal(mem_store(&f->hart, DEVICE_BASE + 0x26, 2, 0xbeef), MEM_DEVICE);
    assert_int_equal(d.offset, 0x26);
    assert_int_equal(d.size, 2);
    assert_int_equal(d.value, 0xbeef);
    assert_int_equal(d.reads, 2);
    assert_int_equal(d.writes, 1);
}

/* Guest code reaches a device with ordinary loads and stores, which sign-extend as usual. */
static void guest_loads_and_stores_reach_device_registers(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device d = {0};
    assert_true(add_device(f, "recorder", DEVICE_BASE, 0x100, &d));
    f->hart.x[A0] = DEVICE_BASE + 0x40;
    f->hart.x[A1] = 0x12345678;
    FIXTURE_PROGRAM(f, encode_s(OP_sw, A1, A0, -8), encode_i(OP_lh, A2, A0, 0x4),
                    encode_i(OP_lbu, A3, A0, 0x1));
    fixture_run(f, 3);
    assert_int_equal(d.writes, 1);
    assert_int_equal(d.value, 0x12345678);
    assert_int_equal(f->hart.x[A2], 0x00000044); /* half 0x0044: positive */
    assert_int_equal(f->hart.x[A3], 0x41);
}

static void device_refusing_an_access_raises_an_access_fault(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device d = {.refuse = true};
    assert_true(add_device(f, "refuser", DEVICE_BASE, 0x100, &d));
    uint32_t value;
    assert_int_equal(mem_load(&f->hart, DEVICE_BASE + 8, 4, &value), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_LOAD_ACCESS);
    assert_int_equal(f->hart.fault_tval, DEVICE_BASE + 8);
    assert_int_equal(mem_store(&f->hart, DEVICE_BASE + 12, 4, 0), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_STORE_ACCESS);
    assert_int_equal(f->hart.fault_tval, DEVICE_BASE + 12);
}

static void access_reaching_past_the_end_of_a_device_faults(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device d = {0};
    assert_true(add_device(f, "short", DEVICE_BASE, 0x102, &d));
    uint32_t value;
    assert_int_equal(mem_load(&f->hart, DEVICE_BASE + 0x100, 4, &value), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_LOAD_ACCESS);
    assert_int_equal(mem_load(&f->hart, DEVICE_BASE + 0x100, 2, &value), MEM_DEVICE);
    assert_int_equal(d.reads, 1);
}

static void access_with_nothing_at_the_address_faults(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value = 0x5a5a5a5a;
    assert_int_equal(mem_load(&f->hart, FIXTURE_UNMAPPED + 4, 4, &value), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_LOAD_ACCESS);
    assert_int_equal(f->hart.fault_tval, FIXTURE_UNMAPPED + 4);
    assert_int_equal(value, 0x5a5a5a5a);
    assert_int_equal(mem_store(&f->hart, FIXTURE_UNMAPPED + 2, 2, 0), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_STORE_ACCESS);
    assert_int_equal(f->hart.fault_tval, FIXTURE_UNMAPPED + 2);
    assert_int_equal(mem_load(&f->hart, FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE, 1, &value), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_LOAD_ACCESS);
}

static void misaligned_device_access_traps_as_misaligned(void **state)
{
    struct hart_fixture *f = *state;
    struct recording_device d = {0};
    assert_true(add_device(f, "recorder", DEVICE_BASE, 0x100, &d));
    uint32_t value;
    assert_int_equal(mem_load(&f->hart, DEVICE_BASE + 2, 4, &value), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_MISALIGNED_LOAD);
    assert_int_equal(f->hart.fault_tval, DEVICE_BASE + 2);
    assert_int_equal(mem_store(&f->hart, DEVICE_BASE + 1, 2, 0), MEM_FAULT);
    assert_int_equal(f->hart.fault_cause, CAUSE_MISALIGNED_STORE);
    assert_int_equal(d.reads + d.writes, 0);
}

static void ram_accesses_through_the_slow_path_complete(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value;
    assert_int_equal(mem_store(&f->hart, FIXTURE_DATA, 4, 0x11223344), MEM_OK);
    assert_int_equal(mem_load(&f->hart, FIXTURE_DATA + 1, 2, &value), MEM_OK);
    assert_int_equal(value, 0x2233);
    assert_int_equal(fixture_read_word(f, FIXTURE_DATA), 0x11223344);
}

static void host_writes_outside_ram_are_refused(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t word = 0;
    assert_false(bus_write_ram(&f->bus, FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE - 2, &word, 4));
    assert_false(bus_write_ram(&f->bus, FIXTURE_RAM_BASE - 4, &word, 4));
    assert_true(bus_write_ram(&f->bus, FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE - 4, &word, 4));
}

static void ram_that_is_not_whole_pages_is_refused(void **state)
{
    (void)state;
    struct bus bus;
    err[0] = '\0';
    assert_false(bus_init(&bus, 0x80000000, 0x1800, err, sizeof err));
    assert_true(strlen(err) > 0);
    assert_false(bus_init(&bus, 0xfffff000, 0x2000, err, sizeof err));
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, hart_fixture_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(overlapping_device_ranges_are_refused_naming_both_devices),
        TEST(adjacent_device_ranges_are_accepted),
        TEST(device_overlapping_ram_is_refused),
        TEST(device_that_does_not_fit_the_address_space_is_refused),
        TEST(bus_refuses_devices_beyond_its_table),
        TEST(device_operations_get_offsets_relative_to_their_base),
        TEST(guest_loads_and_stores_reach_device_registers),
        TEST(device_refusing_an_access_raises_an_access_fault),
        TEST(access_reaching_past_the_end_of_a_device_faults),
        TEST(access_with_nothing_at_the_address_faults),
        TEST(misaligned_device_access_traps_as_misaligned),
        TEST(ram_accesses_through_the_slow_path_complete),
        TEST(host_writes_outside_ram_are_refused),
        TEST(ram_that_is_not_whole_pages_is_refused),
    };
    return cmocka_run_group_tests_name("bus", tests, NULL, NULL);
}
