/* The CLINT through its bus operations: msip drives MIP_MSIP, mtimecmp against mtime drives
 * MIP_MTIP, mtime reads and writes follow the hart's time base, and the 64-bit registers
 * are reachable as 32-bit halves. Guest code drives it on the bus too, and the hart's time
 * base (cycles, idle time, ticks to a deadline) is checked here as the CLINT's clock. */
#include "devices/clint.h"
#include "hart_fixture.h"
#include "machine_map.h"
#include "cpu/memory.h"

#define CLINT_MSIP 0x0000
#define CLINT_MTIMECMP 0x4000
#define CLINT_MTIME 0xbff8

static struct clint clint;

static int clint_setup(void **state)
{
    if (hart_fixture_setup(state) != 0)
        return -1;
    struct hart_fixture *f = *state;
    clint_init(&clint, &f->hart);
    char err[128];
    return bus_add_device(&f->bus, "clint", VMSIM_CLINT_BASE, VMSIM_CLINT_SIZE, &clint_ops,
                          &clint, err, sizeof err)
               ? 0
               : -1;
}

static uint32_t clint_read32(uint32_t offset)
{
    uint32_t value = 0xdeadbeef;
    assert_true(clint_ops.read(&clint, offset, 4, &value));
    return value;
}

static void clint_write32(uint32_t offset, uint32_t value)
{
    assert_true(clint_ops.write(&clint, offset, 4, value));
}

static bool line_is_up(const struct hart_fixture *f, uint32_t bit)
{
    return (f->hart.irq_lines & bit) != 0;
}

static void msip_bit_zero_drives_the_machine_software_interrupt(void **state)
{
    struct hart_fixture *f = *state;
    assert_false(line_is_up(f, MIP_MSIP));
    clint_write32(CLINT_MSIP, 1);
    assert_true(line_is_up(f, MIP_MSIP));
    assert_int_equal(clint_read32(CLINT_MSIP), 1);
    clint_write32(CLINT_MSIP, 0);
    assert_false(line_is_up(f, MIP_MSIP));
    clint_write32(CLINT_MSIP, 0xfffffffe); /* only bit 0 exists */
    assert_false(line_is_up(f, MIP_MSIP));
    assert_int_equal(clint_read32(CLINT_MSIP), 0);
    clint_write32(CLINT_MSIP, 0xffffffff);
    assert_int_equal(clint_read32(CLINT_MSIP), 1);
    uint32_t mip;
    assert_true(csr_read(&f->hart, CSR_MIP, &mip));
    assert_true(mip & MIP_MSIP);
}

static void mtimecmp_resets_to_never(void **state)
{
    struct hart_fixture *f = *state;
    assert_int_equal(clint_read32(CLINT_MTIMECMP), 0xffffffff);
    assert_int_equal(clint_read32(CLINT_MTIMECMP + 4), 0xffffffff);
    assert_false(line_is_up(f, MIP_MTIP));
}

static void mtip_rises_when_mtime_reaches_mtimecmp(void **state)
{
    struct hart_fixture *f = *state;
    hart_set_mtime(&f->hart, 1000);
    clint_write32(CLINT_MTIMECMP + 4, 0); /* low half still 0xffffffff */
    assert_false(line_is_up(f, MIP_MTIP));
    clint_write32(CLINT_MTIMECMP, 1001);
    assert_false(line_is_up(f, MIP_MTIP));
    assert_true(f->hart.stop_requested); /* a moved deadline makes the machine look again */
    hart_set_mtime(&f->hart, 1001);
    clint_update(&clint);
    assert_true(line_is_up(f, MIP_MTIP));
    assert_int_equal(clint_deadline(&clint), 1001);
    /* Moving mtimecmp ahead again drops the line. */
    clint_write32(CLINT_MTIMECMP, 2000);
    assert_false(line_is_up(f, MIP_MTIP));
    /* Equal counts as reached. */
    clint_write32(CLINT_MTIMECMP, 1001);
    assert_true(line_is_up(f, MIP_MTIP));
}

static void mtime_reads_follow_the_hart_time_base(void **state)
{
    struct hart_fixture *f = *state;
    assert_int_equal(clint_read32(CLINT_MTIME), 0);
    f->hart.steps = 25 * VMSIM_CYCLES_PER_TICK + 3;
    assert_int_equal(clint_read32(CLINT_MTIME), 25);
    hart_set_mtime(&f->hart, 0x123456789ull);
    assert_int_equal(clint_read32(CLINT_MTIME), 0x23456789);
    assert_int_equal(clint_read32(CLINT_MTIME + 4), 0x1);
    f->hart.steps += 2 * VMSIM_CYCLES_PER_TICK;
    assert_int_equal(clint_read32(CLINT_MTIME), 0x2345678b);
}

static void mtime_writes_set_the_hart_time_base_half_by_half(void **state)
{
    struct hart_fixture *f = *state;
    clint_write32(CLINT_MTIME, 0x89abcdef);
    assert_int_equal(hart_mtime(&f->hart), 0x89abcdef);
    clint_write32(CLINT_MTIME + 4, 0x01234567);
    assert_int_equal(hart_mtime(&f->hart), 0x0123456789abcdefull);
    /* Writing mtime past mtimecmp raises MTIP at once. */
    clint_write32(CLINT_MTIMECMP, 0);
    clint_write32(CLINT_MTIMECMP + 4, 0x02000000);
    assert_false(line_is_up(f, MIP_MTIP));
    clint_write32(CLINT_MTIME + 4, 0x02000000);
    assert_true(line_is_up(f, MIP_MTIP));
}

static void mtimecmp_halves_are_written_independently(void **state)
{
    (void)state;
    clint_write32(CLINT_MTIMECMP, 0x11111111);
    clint_write32(CLINT_MTIMECMP + 4, 0x22222222);
    assert_int_equal(clint_deadline(&clint), 0x2222222211111111ull);
    clint_write32(CLINT_MTIMECMP + 4, 0x33333333);
    assert_int_equal(clint_read32(CLINT_MTIMECMP), 0x11111111);
    assert_int_equal(clint_read32(CLINT_MTIMECMP + 4), 0x33333333);
}

static void reserved_clint_space_reads_as_zero(void **state)
{
    (void)state;
    assert_int_equal(clint_read32(0x8), 0);
    assert_int_equal(clint_read32(0x5000), 0);
}

static void clint_registers_are_reached_through_the_bus(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value;
    assert_int_equal(mem_store(&f->hart, VMSIM_CLINT_BASE + CLINT_MSIP, 4, 1), MEM_DEVICE);
    assert_true(line_is_up(f, MIP_MSIP));
    hart_set_mtime(&f->hart, 77);
    assert_int_equal(mem_load(&f->hart, VMSIM_CLINT_BASE + CLINT_MTIME, 4, &value), MEM_DEVICE);
    assert_int_equal(value, 77);
}

/* Guest code sets msip with a store and takes the software interrupt right after it. */
static void guest_store_to_msip_interrupts_the_hart(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mstatus = MSTATUS_MIE;
    f->hart.mie = MIP_MSIP;
    f->hart.x[A0] = VMSIM_CLINT_BASE;
    f->hart.x[A1] = 1;
    FIXTURE_PROGRAM(f, encode_s(OP_sw, A1, A0, CLINT_MSIP), encode_i(OP_addi, A2, ZERO, 1));
    fixture_run(f, 2);
    assert_int_equal(f->hart.mcause, CAUSE_MACHINE_SOFTWARE);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE + 4);
    assert_int_equal(f->hart.x[A2], 0);
}

/* A guest that moves the timer deadline ends the batch, so the machine loop can size the
 * next one to the new deadline. */
static void guest_write_to_mtimecmp_ends_the_batch(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = VMSIM_CLINT_BASE + CLINT_MTIMECMP;
    f->hart.x[A1] = 500;
    FIXTURE_PROGRAM(f, encode_s(OP_sw, A1, A0, 0), encode_s(OP_sw, ZERO, A0, 4),
                    encode_i(OP_addi, A2, ZERO, 1));
    assert_int_equal(cpu_run(&f->hart, 100), CPU_STOP_REQUESTED);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
    assert_int_equal(cpu_run(&f->hart, 100), CPU_STOP_REQUESTED);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 8);
    assert_int_equal(clint_deadline(&clint), 500);
    assert_false(f->hart.stop_requested);
}

/* The time base the CLINT and the machine loop share. */
static void cycles_until_a_deadline_count_to_the_tick_that_reaches_it(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.steps = 2 * VMSIM_CYCLES_PER_TICK + 5; /* mtime 2, half-way to 3 */
    assert_int_equal(hart_mtime(&f->hart), 2);
    assert_int_equal(hart_cycles_until(&f->hart, 2), 0);
    assert_int_equal(hart_cycles_until(&f->hart, 1), 0);
    uint64_t wait = hart_cycles_until(&f->hart, 5);
    assert_int_equal(wait, 3 * VMSIM_CYCLES_PER_TICK - 5);
    hart_idle(&f->hart, wait);
    assert_int_equal(hart_mtime(&f->hart), 5);
    hart_idle(&f->hart, VMSIM_CYCLES_PER_TICK - 1);
    assert_int_equal(hart_mtime(&f->hart), 5);
    assert_int_equal(hart_cycles_until(&f->hart, UINT64_MAX), UINT64_MAX);
}

static void idle_time_counts_as_cycles_but_not_instructions(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.steps = 7;
    hart_idle(&f->hart, 100);
    assert_int_equal(hart_cycle(&f->hart), 107);
    assert_int_equal(hart_instret(&f->hart), 7);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, clint_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(msip_bit_zero_drives_the_machine_software_interrupt),
        TEST(mtimecmp_resets_to_never),
        TEST(mtip_rises_when_mtime_reaches_mtimecmp),
        TEST(mtime_reads_follow_the_hart_time_base),
        TEST(mtime_writes_set_the_hart_time_base_half_by_half),
        TEST(mtimecmp_halves_are_written_independently),
        TEST(reserved_clint_space_reads_as_zero),
        TEST(clint_registers_are_reached_through_the_bus),
        TEST(guest_store_to_msip_interrupts_the_hart),
        TEST(guest_write_to_mtimecmp_ends_the_batch),
        TEST(cycles_until_a_deadline_count_to_the_tick_that_reaches_it),
        TEST(idle_time_counts_as_cycles_but_not_instructions),
    };
    return cmocka_run_group_tests_name("clint", tests, NULL, NULL);
}
