/* The 16550 UART's registers through its bus operations: transmit to the output callback,
 * line status, the receive FIFO, interrupt enable and identification with the interrupt
 * line, the divisor latch, and a guest program printing through the bus. */
#include <stdlib.h>
#include <string.h>

#include "devices/uart16550.h"
#include "hart_fixture.h"
#include "machine_map.h"

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LSR_TRANSMITTER_EMPTY 0x40
#define IIR_NONE 0x01
#define IIR_THR_EMPTY 0x02
#define IIR_RX_AVAILABLE 0x04

struct uart_test {
    struct uart16550 uart;
    uint8_t output[64];
    unsigned output_count;
    bool irq_level;
    unsigned irq_changes;
};

static void collect_output(void *opaque, uint8_t byte)
{
    struct uart_test *t = opaque;
    if (t->output_count < sizeof t->output)
        t->output[t->output_count] = byte;
    t->output_count++;
}

static void follow_irq(void *opaque, bool level)
{
    struct uart_test *t = opaque;
    t->irq_level = level;
    t->irq_changes++;
}

static int uart_setup(void **state)
{
    struct uart_test *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    uart16550_init(&t->uart, collect_output, t);
    t->uart.set_irq = follow_irq;
    t->uart.irq_opaque = t;
    *state = t;
    return 0;
}

static int uart_teardown(void **state)
{
    free(*state);
    return 0;
}

static uint8_t reg_read(struct uart_test *t, uint32_t offset)
{
    uint32_t value = 0xdeadbeef;
    assert_true(uart16550_ops.read(&t->uart, offset, 1, &value));
    assert_true(value <= 0xff);
    return (uint8_t)value;
}

static void reg_write(struct uart_test *t, uint32_t offset, uint8_t value)
{
    assert_true(uart16550_ops.write(&t->uart, offset, 1, value));
}

static void thr_writes_reach_the_output_callback_in_order(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, RBR_THR, 'h');
    reg_write(t, RBR_THR, 'i');
    reg_write(t, RBR_THR, 0);
    assert_int_equal(t->output_count, 3);
    assert_memory_equal(t->output, "hi", 3);
    assert_int_equal(t->uart.bytes_out, 3);
}

static void lsr_shows_an_empty_transmitter_and_data_ready_only_with_received_bytes(void **state)
{
    struct uart_test *t = *state;
    assert_int_equal(reg_read(t, LSR), LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY);
    assert_true(uart16550_receive(&t->uart, 'x'));
    assert_int_equal(reg_read(t, LSR), LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY | LSR_DATA_READY);
    assert_int_equal(reg_read(t, RBR_THR), 'x');
    assert_int_equal(reg_read(t, LSR), LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY);
    reg_write(t, RBR_THR, 'y'); /* the line is infinitely fast: still empty */
    assert_true(reg_read(t, LSR) & LSR_THR_EMPTY);
}

static void received_bytes_come_out_in_arrival_order(void **state)
{
    struct uart_test *t = *state;
    assert_true(uart16550_receive(&t->uart, 'a'));
    assert_true(uart16550_receive(&t->uart, 'b'));
    assert_int_equal(reg_read(t, RBR_THR), 'a');
    assert_true(uart16550_receive(&t->uart, 'c'));
    assert_int_equal(reg_read(t, RBR_THR), 'b');
    assert_int_equal(reg_read(t, RBR_THR), 'c');
    assert_int_equal(reg_read(t, RBR_THR), 0); /* empty reads as zero */
    assert_int_equal(t->uart.bytes_in, 3);
}

static void full_receive_fifo_refuses_bytes_until_read(void **state)
{
    struct uart_test *t = *state;
    /* Start part-way round the ring so that the FIFO wraps. */
    assert_true(uart16550_receive(&t->uart, 0xee));
    assert_int_equal(reg_read(t, RBR_THR), 0xee);
    for (unsigned i = 0; i < UART_FIFO_SIZE; i++)
        assert_true(uart16550_receive(&t->uart, (uint8_t)(0x40 + i)));
    assert_false(uart16550_receive(&t->uart, 0xff));
    assert_int_equal(reg_read(t, RBR_THR), 0x40);
    assert_true(uart16550_receive(&t->uart, 0x80));
    for (unsigned i = 1; i < UART_FIFO_SIZE; i++)
        assert_int_equal(reg_read(t, RBR_THR), 0x40 + i);
    assert_int_equal(reg_read(t, RBR_THR), 0x80);
    assert_false(reg_read(t, LSR) & LSR_DATA_READY);
}

static void fcr_bit_one_clears_the_receive_fifo(void **state)
{
    struct uart_test *t = *state;
    assert_true(uart16550_receive(&t->uart, 'a'));
    assert_true(uart16550_receive(&t->uart, 'b'));
    reg_write(t, IIR_FCR, 0x03);
    assert_false(reg_read(t, LSR) & LSR_DATA_READY);
    assert_true(uart16550_receive(&t->uart, 'c'));
    assert_int_equal(reg_read(t, RBR_THR), 'c');
}

static void iir_reports_nothing_while_no_interrupt_is_enabled(void **state)
{
    struct uart_test *t = *state;
    assert_true(uart16550_receive(&t->uart, 'a'));
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
    assert_false(t->irq_level);
}

static void received_data_interrupt_lasts_until_the_fifo_is_drained(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, IER, 0x01);
    assert_false(t->irq_level);
    assert_true(uart16550_receive(&t->uart, 'a'));
    assert_true(uart16550_receive(&t->uart, 'b'));
    assert_true(t->irq_level);
    assert_int_equal(reg_read(t, IIR_FCR), IIR_RX_AVAILABLE);
    assert_int_equal(reg_read(t, RBR_THR), 'a');
    assert_true(t->irq_level);
    assert_int_equal(reg_read(t, RBR_THR), 'b');
    assert_false(t->irq_level);
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
}

static void thr_empty_interrupt_is_cleared_by_reading_iir_and_raised_by_writing_thr(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, IER, 0x02); /* enabling it with THR empty raises one at once */
    assert_true(t->irq_level);
    assert_int_equal(reg_read(t, IIR_FCR), IIR_THR_EMPTY);
    assert_false(t->irq_level);
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
    reg_write(t, RBR_THR, 'z');
    assert_true(t->irq_level);
    assert_int_equal(reg_read(t, IIR_FCR), IIR_THR_EMPTY);
    /* Disabling it drops the line. */
    reg_write(t, RBR_THR, 'z');
    reg_write(t, IER, 0x00);
    assert_false(t->irq_level);
}

static void received_data_outranks_thr_empty(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, IER, 0x03);
    assert_true(uart16550_receive(&t->uart, 'a'));
    assert_int_equal(reg_read(t, IIR_FCR), IIR_RX_AVAILABLE);
    assert_int_equal(reg_read(t, RBR_THR), 'a');
    assert_int_equal(reg_read(t, IIR_FCR), IIR_THR_EMPTY);
}

static void iir_shows_enabled_fifos(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, IIR_FCR, 0x01);
    assert_int_equal(reg_read(t, IIR_FCR), 0xc0 | IIR_NONE);
    reg_write(t, IIR_FCR, 0x00);
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
}

static void dlab_maps_the_divisor_latch_over_the_data_and_ier_registers(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, IER, 0x01);
    reg_write(t, LCR, 0x83);
    reg_write(t, RBR_THR, 0x0c);
    reg_write(t, IER, 0x00);
    assert_int_equal(t->output_count, 0); /* the divisor write sent nothing */
    assert_int_equal(reg_read(t, RBR_THR), 0x0c);
    assert_int_equal(reg_read(t, IER), 0x00);
    assert_int_equal(reg_read(t, LCR), 0x83);
    reg_write(t, LCR, 0x03);
    assert_int_equal(reg_read(t, IER), 0x01); /* IER kept its value under DLAB */
    assert_true(uart16550_receive(&t->uart, 'q'));
    assert_int_equal(reg_read(t, RBR_THR), 'q');
    reg_write(t, RBR_THR, '!');
    assert_int_equal(t->output_count, 1);
    reg_write(t, LCR, 0x80);
    assert_int_equal(reg_read(t, RBR_THR), 0x0c);
    assert_int_equal(t->uart.dll, 0x0c);
    assert_int_equal(t->uart.dlm, 0x00);
}

static void scratch_modem_and_line_control_registers_hold_their_values(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, SCR, 0xa5);
    assert_int_equal(reg_read(t, SCR), 0xa5);
    reg_write(t, MCR, 0xff);
    assert_int_equal(reg_read(t, MCR), 0x1f);
    assert_int_equal(reg_read(t, MSR) & 0xb0, 0xb0); /* CTS, DSR, DCD: a cable is there */
}

static void guest_program_prints_through_the_bus(void **state)
{
    (void)state;
    struct hart_fixture *f;
    void *fixture_state;
    assert_int_equal(hart_fixture_setup(&fixture_state), 0);
    f = fixture_state;
    struct uart_test t = {0};
    uart16550_init(&t.uart, collect_output, &t);
    char err[128];
    assert_true(bus_add_device(&f->bus, "uart0", VMSIM_UART0_BASE, VMSIM_UART0_SIZE,
                               &uart16550_ops, &t.uart, err, sizeof err));
    f->hart.x[A0] = VMSIM_UART0_BASE;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A1, ZERO, 'O'), encode_s(OP_sb, A1, A0, RBR_THR),
                    encode_i(OP_addi, A1, ZERO, 'K'), encode_s(OP_sb, A1, A0, RBR_THR),
                    encode_i(OP_lbu, A2, A0, LSR));
    fixture_run(f, 5);
    assert_int_equal(t.output_count, 2);
    assert_memory_equal(t.output, "OK", 2);
    assert_int_equal(f->hart.x[A2], LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY);
    hart_fixture_teardown(&fixture_state);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, uart_setup, uart_teardown)
    const struct CMUnitTest tests[] = {
        TEST(thr_writes_reach_the_output_callback_in_order),
        TEST(lsr_shows_an_empty_transmitter_and_data_ready_only_with_received_bytes),
        TEST(received_bytes_come_out_in_arrival_order),
        TEST(full_receive_fifo_refuses_bytes_until_read),
        TEST(fcr_bit_one_clears_the_receive_fifo),
        TEST(iir_reports_nothing_while_no_interrupt_is_enabled),
        TEST(received_data_interrupt_lasts_until_the_fifo_is_drained),
        TEST(thr_empty_interrupt_is_cleared_by_reading_iir_and_raised_by_writing_thr),
        TEST(received_data_outranks_thr_empty),
        TEST(iir_shows_enabled_fifos),
        TEST(dlab_maps_the_divisor_latch_over_the_data_and_ier_registers),
        TEST(scratch_modem_and_line_control_registers_hold_their_values),
        cmocka_unit_test(guest_program_prints_through_the_bus),
    };
    return cmocka_run_group_tests_name("uart16550", tests, NULL, NULL);
}
