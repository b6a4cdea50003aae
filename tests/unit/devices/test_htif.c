/* HTIF through guest stores to tohost in RAM: exit codes, console output with its fromhost
 * answer, the riscv-tests syscall block (write, exit), commands taken only once the high
 * word is written or at a poll, and commands it does not know. */
#include <stdlib.h>
#include <string.h>

#include "devices/htif.h"
#include "hart_fixture.h"
#include "cpu/memory.h"

#define TOHOST (FIXTURE_DATA + 0x100)
#define FROMHOST (FIXTURE_DATA + 0x140)
#define SYSCALL_BLOCK (FIXTURE_DATA + 0x200)
#define BUFFER (FIXTURE_DATA + 0x300)

struct htif_test {
    struct hart_fixture *machine;
    struct htif htif;
    struct exit_request exit;
    char output[64];
    unsigned output_count;
};

static void collect_output(void *opaque, uint8_t byte)
{
    struct htif_test *t = opaque;
    if (t->output_count < sizeof t->output)
        t->output[t->output_count] = (char)byte;
    t->output_count++;
}

static int htif_setup(void **state)
{
    struct htif_test *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    void *machine;
    if (hart_fixture_setup(&machine) != 0) {
        free(t);
        return -1;
    }
    t->machine = machine;
    htif_init(&t->htif, &t->machine->bus, &t->machine->hart, &t->exit, TOHOST, FROMHOST,
              collect_output, t);
    *state = t;
    return 0;
}

static int htif_teardown(void **state)
{
    struct htif_test *t = *state;
    void *machine = t->machine;
    hart_fixture_teardown(&machine);
    free(t);
    return 0;
}

/* Stores a 64-bit command as a 32-bit guest does: low word, then high word. */
static void guest_store_u64(struct htif_test *t, uint32_t address, uint64_t value)
{
    struct hart *h = &t->machine->hart;
    assert_int_not_equal(mem_store(h, address, 4, (uint32_t)value), MEM_FAULT);
    assert_int_not_equal(mem_store(h, address + 4, 4, (uint32_t)(value >> 32)), MEM_FAULT);
}

static uint64_t ram_u64(struct htif_test *t, uint32_t address)
{
    uint64_t value;
    memcpy(&value, bus_ram_pointer(&t->machine->bus, address), 8);
    return value;
}

static void odd_payload_exits_with_the_code_in_its_upper_bits(void **state)
{
    struct htif_test *t = *state;
    guest_store_u64(t, TOHOST, (42 << 1) | 1);
    assert_true(t->exit.requested);
    assert_true(t->exit.guest_failed);
    assert_int_equal(t->exit.code, 42);
    assert_true(t->machine->hart.stop_requested);
    assert_int_equal(ram_u64(t, TOHOST), 0); /* the command was taken */
}

static void exit_code_zero_is_a_pass(void **state)
{
    struct htif_test *t = *state;
    guest_store_u64(t, TOHOST, 1);
    assert_true(t->exit.requested);
    assert_false(t->exit.guest_failed);
    assert_int_equal(t->exit.code, 0);
}

static void command_waits_for_its_high_word(void **state)
{
    struct htif_test *t = *state;
    assert_int_equal(mem_store(&t->machine->hart, TOHOST, 4, 3), MEM_DEVICE);
    assert_false(t->exit.requested);
    assert_int_equal(mem_store(&t->machine->hart, TOHOST + 4, 4, 0), MEM_DEVICE);
    assert_true(t->exit.requested);
    assert_int_equal(t->exit.code, 1);
}

/* Spike polls tohost, so guests that write only the low word work there: the machine
 * loop's htif_poll takes such commands. */
static void low_word_only_command_is_taken_at_the_next_poll(void **state)
{
    struct htif_test *t = *state;
    assert_int_not_equal(mem_store(&t->machine->hart, TOHOST, 4, 5), MEM_FAULT);
    assert_false(t->exit.requested);
    htif_poll(&t->htif);
    assert_true(t->exit.requested);
    assert_int_equal(t->exit.code, 2);
}

static void console_command_prints_a_byte_and_answers_in_fromhost(void **state)
{
    struct htif_test *t = *state;
    uint64_t command = (1ull << 56) | (1ull << 48) | 'A';
    guest_store_u64(t, TOHOST, command);
    assert_int_equal(t->output_count, 1);
    assert_int_equal(t->output[0], 'A');
    assert_false(t->exit.requested);
    assert_int_equal(ram_u64(t, TOHOST), 0);
    assert_int_equal(ram_u64(t, FROMHOST), (1ull << 56) | (1ull << 48) | 0x100 | 'A');
}

static void write_syscall_prints_the_buffer_and_returns_its_length(void **state)
{
    struct htif_test *t = *state;
    assert_true(bus_write_ram(&t->machine->bus, BUFFER, "hello", 5));
    uint64_t block[8] = {64 /* write */, 1 /* stdout */, BUFFER, 5};
    assert_true(bus_write_ram(&t->machine->bus, SYSCALL_BLOCK, block, sizeof block));
    guest_store_u64(t, TOHOST, SYSCALL_BLOCK);
    assert_int_equal(t->output_count, 5);
    assert_memory_equal(t->output, "hello", 5);
    assert_int_equal(ram_u64(t, SYSCALL_BLOCK), 5);
    assert_int_equal(ram_u64(t, FROMHOST), 1);
    assert_false(t->exit.requested);
}

static void write_syscall_outside_ram_returns_efault(void **state)
{
    struct htif_test *t = *state;
    uint64_t block[8] = {64, 1, FIXTURE_UNMAPPED, 5};
    assert_true(bus_write_ram(&t->machine->bus, SYSCALL_BLOCK, block, sizeof block));
    guest_store_u64(t, TOHOST, SYSCALL_BLOCK);
    assert_int_equal(t->output_count, 0);
    assert_int_equal((int64_t)ram_u64(t, SYSCALL_BLOCK), -14);
}

static void unknown_syscall_returns_enosys(void **state)
{
    struct htif_test *t = *state;
    uint64_t block[8] = {1234};
    assert_true(bus_write_ram(&t->machine->bus, SYSCALL_BLOCK, block, sizeof block));
    guest_store_u64(t, TOHOST, SYSCALL_BLOCK);
    assert_int_equal((int64_t)ram_u64(t, SYSCALL_BLOCK), -38);
    assert_false(t->exit.requested);
}

static void exit_syscall_ends_the_run_with_its_argument(void **state)
{
    struct htif_test *t = *state;
    uint64_t block[8] = {93 /* exit */, 7};
    assert_true(bus_write_ram(&t->machine->bus, SYSCALL_BLOCK, block, sizeof block));
    guest_store_u64(t, TOHOST, SYSCALL_BLOCK);
    assert_true(t->exit.requested);
    assert_true(t->exit.guest_failed);
    assert_int_equal(t->exit.code, 7);
}

static void unknown_device_gets_no_answer(void **state)
{
    struct htif_test *t = *state;
    guest_store_u64(t, TOHOST, (5ull << 56) | 1);
    assert_false(t->exit.requested);
    assert_int_equal(t->output_count, 0);
    assert_int_equal(ram_u64(t, FROMHOST), 0);
}

/* A guest program that ends itself through tohost stops cpu_run at once. */
static void guest_program_exit_stops_the_run(void **state)
{
    struct htif_test *t = *state;
    struct hart_fixture *f = t->machine;
    f->hart.x[A0] = TOHOST;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A1, ZERO, (3 << 1) | 1), encode_s(OP_sw, A1, A0, 0),
                    encode_s(OP_sw, ZERO, A0, 4), encode_i(OP_addi, A2, ZERO, 1));
    assert_int_equal(cpu_run(&f->hart, 100), CPU_STOP_REQUESTED);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 12);
    assert_int_equal(f->hart.x[A2], 0);
    assert_true(t->exit.requested);
    assert_int_equal(t->exit.code, 3);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, htif_setup, htif_teardown)
    const struct CMUnitTest tests[] = {
        TEST(odd_payload_exits_with_the_code_in_its_upper_bits),
        TEST(exit_code_zero_is_a_pass),
        TEST(command_waits_for_its_high_word),
        TEST(low_word_only_command_is_taken_at_the_next_poll),
        TEST(console_command_prints_a_byte_and_answers_in_fromhost),
        TEST(write_syscall_prints_the_buffer_and_returns_its_length),
        TEST(write_syscall_outside_ram_returns_efault),
        TEST(unknown_syscall_returns_enosys),
        TEST(exit_syscall_ends_the_run_with_its_argument),
        TEST(unknown_device_gets_no_answer),
        TEST(guest_program_exit_stops_the_run),
    };
    return cmocka_run_group_tests_name("htif", tests, NULL, NULL);
}
