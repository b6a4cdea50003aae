/* The UART's receive side with the rest of the machine: loopback mode, the rx_wanted hook
 * an input source uses, and receive interrupts travelling through the PLIC to a hart in M
 * mode (MEIP) and, delegated, in S mode (SEIP). */
#include <stdlib.h>
#include <string.h>

#include "cpu/csr.h"
#include "devices/plic.h"
#include "devices/uart16550.h"
#include "hart_fixture.h"
#include "machine_map.h"

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6 };

#define LSR_DATA_READY 0x01
#define LSR_OVERRUN 0x02
#define IIR_NONE 0x01
#define IIR_RX_AVAILABLE 0x04
#define IIR_MODEM_STATUS 0x00
#define MCR_LOOP 0x10

#define PLIC_PRIORITY(n) (4u * (n))
#define PLIC_ENABLE(ctx) (0x2000u + 0x80u * (ctx))
#define PLIC_CLAIM(ctx) (0x200004u + 0x1000u * (ctx))

struct uart_test {
    void *fixture_state;
    struct hart_fixture *f;
    struct plic plic;
    struct plic_line line;
    struct uart16550 uart;
    unsigned output_count;
    unsigned wanted;   /* rx_wanted calls */
    const char *feed;  /* what rx_wanted delivers, a byte per call while room remains */
};

static void count_output(void *opaque, uint8_t byte)
{
    (void)byte;
    ((struct uart_test *)opaque)->output_count++;
}

static void rx_wanted(void *opaque)
{
    struct uart_test *t = opaque;
    t->wanted++;
    while (t->feed && *t->feed && uart16550_receive(&t->uart, (uint8_t)*t->feed))
        t->feed++;
}

static int uart_setup(void **state)
{
    struct uart_test *t = calloc(1, sizeof *t);
    if (!t || hart_fixture_setup(&t->fixture_state) != 0)
        return -1;
    t->f = t->fixture_state;
    plic_init(&t->plic, &t->f->hart);
    uart16550_init(&t->uart, count_output, t);
    t->line = (struct plic_line){.plic = &t->plic, .source = VMSIM_IRQ_UART0};
    t->uart.set_irq = plic_line_set;
    t->uart.irq_opaque = &t->line;
    t->uart.rx_wanted = rx_wanted;
    t->uart.rx_wanted_opaque = t;
    char err[128];
    if (!bus_add_device(&t->f->bus, "plic", VMSIM_PLIC_BASE, VMSIM_PLIC_SIZE, &plic_ops, &t->plic,
                        err, sizeof err) ||
        !bus_add_device(&t->f->bus, "uart0", VMSIM_UART0_BASE, VMSIM_UART0_SIZE, &uart16550_ops,
                        &t->uart, err, sizeof err))
        return -1;
    *state = t;
    return 0;
}

static int uart_teardown(void **state)
{
    struct uart_test *t = *state;
    hart_fixture_teardown(&t->fixture_state);
    free(t);
    return 0;
}

static uint8_t reg_read(struct uart_test *t, uint32_t offset)
{
    uint32_t value = 0;
    assert_true(uart16550_ops.read(&t->uart, offset, 1, &value));
    return (uint8_t)value;
}

static void reg_write(struct uart_test *t, uint32_t offset, uint8_t value)
{
    assert_true(uart16550_ops.write(&t->uart, offset, 1, value));
}

static uint32_t plic_read(struct uart_test *t, uint32_t offset)
{
    uint32_t value = 0;
    assert_true(plic_ops.read(&t->plic, offset, 4, &value));
    return value;
}

static void plic_write(struct uart_test *t, uint32_t offset, uint32_t value)
{
    assert_true(plic_ops.write(&t->plic, offset, 4, value));
}

static bool line(struct uart_test *t, uint32_t bit)
{
    return (t->f->hart.irq_lines & bit) != 0;
}

static void loopback_sends_transmitted_bytes_back_to_the_receiver(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, MCR, MCR_LOOP);
    const char *text = "loop";
    for (const char *p = text; *p; p++)
        reg_write(t, RBR_THR, (uint8_t)*p);
    assert_int_equal(t->output_count, 0); /* nothing left the UART */
    for (const char *p = text; *p; p++) {
        assert_true(reg_read(t, LSR) & LSR_DATA_READY);
        assert_int_equal(reg_read(t, RBR_THR), *p);
    }
    assert_false(reg_read(t, LSR) & LSR_DATA_READY);
    reg_write(t, MCR, 0);
    reg_write(t, RBR_THR, 'x');
    assert_int_equal(t->output_count, 1);
    assert_false(reg_read(t, LSR) & LSR_DATA_READY);
}

static void loopback_overrun_sets_lsr_oe_until_lsr_is_read(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, MCR, MCR_LOOP);
    for (unsigned i = 0; i < UART_FIFO_SIZE + 1; i++)
        reg_write(t, RBR_THR, (uint8_t)('a' + i));
    assert_int_equal(reg_read(t, LSR) & (LSR_OVERRUN | LSR_DATA_READY), LSR_OVERRUN | LSR_DATA_READY);
    assert_false(reg_read(t, LSR) & LSR_OVERRUN);
    for (unsigned i = 0; i < UART_FIFO_SIZE; i++)
        assert_int_equal(reg_read(t, RBR_THR), 'a' + i); /* the 17th byte was lost */
}

static void loopback_msr_mirrors_the_modem_control_outputs(void **state)
{
    struct uart_test *t = *state;
    /* What Linux's 8250 driver checks when it probes a port: OUT2 and RTS looped to DCD
     * and CTS. */
    reg_write(t, MCR, MCR_LOOP | 0x0a);
    assert_int_equal(reg_read(t, MSR) & 0xf0, 0x90);
    reg_write(t, MCR, MCR_LOOP | 0x05);
    assert_int_equal(reg_read(t, MSR) & 0xf0, 0x60);
    reg_write(t, MCR, 0x00);
    assert_int_equal(reg_read(t, MSR) & 0xf0, 0xb0);
}

static void rx_wanted_is_called_when_the_guest_looks_for_input(void **state)
{
    struct uart_test *t = *state;
    reg_write(t, IER, 0x01);
    assert_int_equal(t->wanted, 1);
    reg_write(t, IER, 0x03); /* already enabled: not again */
    assert_int_equal(t->wanted, 1);
    assert_int_equal(reg_read(t, RBR_THR), 0); /* an empty FIFO */
    assert_int_equal(t->wanted, 2);
    assert_true(uart16550_receive(&t->uart, 'a'));
    assert_true(uart16550_receive(&t->uart, 'b'));
    assert_int_equal(reg_read(t, RBR_THR), 'a');
    assert_int_equal(t->wanted, 2); /* a byte is still there */
    assert_int_equal(reg_read(t, RBR_THR), 'b');
    assert_int_equal(t->wanted, 3);
    reg_read(t, LSR); /* polling the line status is not asking for input */
    reg_write(t, LCR, 0x80);
    reg_read(t, RBR_THR); /* the divisor latch is not either */
    assert_int_equal(t->wanted, 3);
}

static void rx_wanted_refills_the_fifo_beyond_16_bytes(void **state)
{
    struct uart_test *t = *state;
    t->feed = "0123456789abcdefghijklmnopqrstuvwxyz";
    reg_write(t, IER, 0x01); /* first fill */
    char got[64] = {0};
    unsigned n = 0;
    while (reg_read(t, LSR) & LSR_DATA_READY)
        got[n++] = (char)reg_read(t, RBR_THR);
    assert_string_equal(got, "0123456789abcdefghijklmnopqrstuvwxyz");
}

static void received_byte_raises_meip_through_the_plic_until_drained(void **state)
{
    struct uart_test *t = *state;
    plic_write(t, PLIC_PRIORITY(VMSIM_IRQ_UART0), 1);
    plic_write(t, PLIC_ENABLE(0), 1u << VMSIM_IRQ_UART0);
    reg_write(t, IER, 0x01);
    assert_false(line(t, MIP_MEIP));
    assert_true(uart16550_receive(&t->uart, 'k'));
    assert_true(line(t, MIP_MEIP));
    assert_int_equal(plic_read(t, PLIC_CLAIM(0)), VMSIM_IRQ_UART0);
    assert_false(line(t, MIP_MEIP));
    assert_int_equal(reg_read(t, IIR_FCR), IIR_RX_AVAILABLE);
    assert_int_equal(reg_read(t, RBR_THR), 'k');
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
    plic_write(t, PLIC_CLAIM(0), VMSIM_IRQ_UART0);
    assert_false(line(t, MIP_MEIP)); /* the UART's line is low now */
    assert_int_equal(plic_read(t, PLIC_CLAIM(0)), 0);
    assert_true(uart16550_receive(&t->uart, 'l'));
    assert_true(line(t, MIP_MEIP));
    assert_int_equal(plic_read(t, PLIC_CLAIM(0)), VMSIM_IRQ_UART0);
    /* A byte that arrives while the interrupt is claimed waits for the completion. */
    assert_true(uart16550_receive(&t->uart, 'm'));
    assert_false(line(t, MIP_MEIP));
    plic_write(t, PLIC_CLAIM(0), VMSIM_IRQ_UART0);
    assert_true(line(t, MIP_MEIP)); /* still two bytes waiting */
}

/* The end of the input is a hang-up: DCD drops once, with a modem-status interrupt (IIR
 * 0x00) while IER.MS is set, and reading MSR clears the interrupt but not the hang-up. */
static void hang_up_drops_the_carrier_with_a_modem_status_interrupt(void **state)
{
    struct uart_test *t = *state;
    plic_write(t, PLIC_PRIORITY(VMSIM_IRQ_UART0), 1);
    plic_write(t, PLIC_ENABLE(0), 1u << VMSIM_IRQ_UART0);
    reg_write(t, IER, 0x01 | 0x08);
    assert_int_equal(reg_read(t, MSR), 0xb0);
    assert_true(uart16550_receive(&t->uart, 'z'));
    uart16550_hang_up(&t->uart);
    assert_true(line(t, MIP_MEIP));
    assert_int_equal(reg_read(t, IIR_FCR), IIR_RX_AVAILABLE); /* the byte comes first */
    assert_int_equal(reg_read(t, RBR_THR), 'z');
    assert_int_equal(reg_read(t, IIR_FCR), IIR_MODEM_STATUS);
    assert_true(line(t, MIP_MEIP));
    assert_int_equal(reg_read(t, MSR), 0x30 | 0x08); /* CTS, DSR; DCD low, DDCD */
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
    assert_false(line(t, MIP_MEIP));
    assert_int_equal(reg_read(t, MSR), 0x30);
    uart16550_hang_up(&t->uart); /* once only */
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
    assert_false(line(t, MIP_MEIP));
}

/* Without IER.MS the hang-up shows only in MSR. */
static void hang_up_without_modem_status_interrupts_raises_nothing(void **state)
{
    struct uart_test *t = *state;
    plic_write(t, PLIC_PRIORITY(VMSIM_IRQ_UART0), 1);
    plic_write(t, PLIC_ENABLE(0), 1u << VMSIM_IRQ_UART0);
    reg_write(t, IER, 0x01);
    uart16550_hang_up(&t->uart);
    assert_false(line(t, MIP_MEIP));
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
    reg_write(t, IER, 0x09); /* enabled later: the pending change raises it then */
    assert_true(line(t, MIP_MEIP));
    assert_int_equal(reg_read(t, MSR) & 0x88, 0x08);
    assert_int_equal(reg_read(t, IIR_FCR), IIR_NONE);
}

/* A hart running in S mode with SEIP delegated takes a supervisor external interrupt when
 * a byte arrives, and its handler claims and reads it through the bus. */
static void supervisor_takes_the_receive_interrupt_through_context_1(void **state)
{
    struct uart_test *t = *state;
    struct hart_fixture *f = t->f;
    plic_write(t, PLIC_PRIORITY(VMSIM_IRQ_UART0), 2);
    plic_write(t, PLIC_ENABLE(1), 1u << VMSIM_IRQ_UART0);
    reg_write(t, IER, 0x01);
    f->hart.priv = PRIV_S;
    f->hart.mideleg = MIP_SEIP;
    f->hart.mie = MIP_SEIP;
    f->hart.mstatus |= MSTATUS_SIE;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, 1), encode_i(OP_addi, A0, A0, 1));
    /* The S handler: a2 = claim (context 1), a3 = the byte. */
    f->hart.x[A1] = VMSIM_PLIC_BASE + PLIC_CLAIM(1);
    f->hart.x[A4] = VMSIM_UART0_BASE;
    fixture_write_words(f, FIXTURE_S_HANDLER,
                        (const uint32_t[]){encode_i(OP_lw, A2, A1, 0), encode_i(OP_lbu, A3, A4, 0)}, 2);
    fixture_run(f, 1);
    assert_true(uart16550_receive(&t->uart, 'S'));
    assert_true(line(t, MIP_SEIP));
    assert_false(line(t, MIP_MEIP));
    assert_int_equal(cpu_run(&f->hart, 10), CPU_STOP_REQUESTED);
    f->hart.stop_requested = false;
    fixture_run(f, 3); /* the trap, the claim, the read */
    assert_int_equal(f->hart.scause, 0x80000000u | 9);
    assert_int_equal(f->hart.sepc, FIXTURE_CODE + 4);
    assert_int_equal(f->hart.x[A2], VMSIM_IRQ_UART0);
    assert_int_equal(f->hart.x[A3], 'S');
    assert_false(line(t, MIP_SEIP));
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, uart_setup, uart_teardown)
    const struct CMUnitTest tests[] = {
        TEST(loopback_sends_transmitted_bytes_back_to_the_receiver),
        TEST(loopback_overrun_sets_lsr_oe_until_lsr_is_read),
        TEST(loopback_msr_mirrors_the_modem_control_outputs),
        TEST(rx_wanted_is_called_when_the_guest_looks_for_input),
        TEST(rx_wanted_refills_the_fifo_beyond_16_bytes),
        TEST(received_byte_raises_meip_through_the_plic_until_drained),
        TEST(supervisor_takes_the_receive_interrupt_through_context_1),
        TEST(hang_up_drops_the_carrier_with_a_modem_status_interrupt),
        TEST(hang_up_without_modem_status_interrupts_raises_nothing),
    };
    return cmocka_run_group_tests_name("uart_interrupts", tests, NULL, NULL);
}
