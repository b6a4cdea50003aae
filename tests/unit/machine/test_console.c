/* The console's input path with a pipe for standard input: bytes reach the UART's FIFO
 * 16 at a time and refill it as the guest reads, nothing is lost or reordered, the end of
 * the input hangs the line up after its last byte, and waiting ends on input, on the end,
 * or on the timeout. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/uart16550.h"
#include "hart_fixture.h"
#include "machine/console.h"

enum { RBR = 0, IER = 1, LSR = 5, MSR = 6 };
#define LSR_DATA_READY 0x01
#define MSR_DELTA_CARRIER 0x08
#define MSR_CARRIER 0x80

struct console_test {
    int pipe[2];
    struct uart16550 uart;
    struct console console;
};

static int console_setup(void **state)
{
    struct console_test *t = calloc(1, sizeof *t);
    if (!t || pipe(t->pipe) != 0)
        return -1;
    uart16550_init(&t->uart, NULL, NULL);
    console_open(&t->console, t->pipe[0], &t->uart);
    *state = t;
    return 0;
}

static int console_teardown(void **state)
{
    struct console_test *t = *state;
    console_close(&t->console);
    close(t->pipe[0]);
    if (t->pipe[1] >= 0)
        close(t->pipe[1]);
    free(t);
    return 0;
}

static void send(struct console_test *t, const char *text)
{
    assert_int_equal(write(t->pipe[1], text, strlen(text)), (ssize_t)strlen(text));
}

static void end_input(struct console_test *t)
{
    close(t->pipe[1]);
    t->pipe[1] = -1;
}

static uint8_t reg_read(struct console_test *t, uint32_t offset)
{
    uint32_t value = 0;
    assert_true(uart16550_ops.read(&t->uart, offset, 1, &value));
    return (uint8_t)value;
}

/* Reads everything the UART offers, as a polling guest would. */
static unsigned drain(struct console_test *t, char *out, unsigned size)
{
    unsigned n = 0;
    while (n < size && (reg_read(t, LSR) & LSR_DATA_READY))
        out[n++] = (char)reg_read(t, RBR);
    return n;
}

static void a_pipe_is_not_a_terminal_and_is_left_alone(void **state)
{
    struct console_test *t = *state;
    assert_false(t->console.is_terminal);
    assert_false(t->console.raw);
    assert_true(console_may_deliver(&t->console));
    assert_true(t->uart.rx_wanted != NULL);
}

static void poll_fills_the_fifo_and_reads_refill_it(void **state)
{
    struct console_test *t = *state;
    const char *text = "the quick brown fox jumps over the lazy dog";
    send(t, text);
    console_poll(&t->console);
    assert_int_equal(t->uart.rx_count, UART_FIFO_SIZE);
    char got[64] = {0};
    assert_int_equal(drain(t, got, sizeof got - 1), strlen(text));
    assert_string_equal(got, text);
}

static void thousands_of_bytes_arrive_whole_and_in_order(void **state)
{
    struct console_test *t = *state;
    static char text[10000], got[10001];
    for (unsigned i = 0; i < sizeof text; i++)
        text[i] = (char)('a' + i % 26);
    /* More than a pipe buffer may hold at once, so write it from a child. */
    pid_t child = fork();
    if (child == 0) {
        ssize_t n = write(t->pipe[1], text, sizeof text);
        _exit(n == (ssize_t)sizeof text ? 0 : 1);
    }
    end_input(t);
    unsigned n = 0;
    uint64_t waited;
    while (console_wait(&t->console, -1, &waited) == CONSOLE_INPUT)
        n += drain(t, got + n, sizeof got - 1 - n);
    assert_int_equal(n, sizeof text);
    assert_memory_equal(got, text, sizeof text);
    assert_false(console_may_deliver(&t->console));
}

/* The end of the input hangs the UART's line up (MSR.DCD drops), and only once the last
 * byte is in the FIFO, so a guest that reads MSR before LSR misses no byte. */
static void end_of_input_hangs_up_after_the_last_byte(void **state)
{
    struct console_test *t = *state;
    static char text[40];
    memset(text, 'x', sizeof text - 1);
    send(t, text);
    end_input(t);
    console_poll(&t->console);
    assert_int_equal(t->uart.rx_count, UART_FIFO_SIZE);
    assert_int_equal(reg_read(t, MSR) & MSR_CARRIER, MSR_CARRIER); /* 23 bytes still wait */
    char got[64] = {0};
    unsigned n = drain(t, got, sizeof got - 1); /* the reads pull the rest in */
    assert_int_equal(n, sizeof text - 1);
    assert_string_equal(got, text);
    assert_int_equal(reg_read(t, MSR) & MSR_CARRIER, 0);
    uint64_t waited;
    assert_int_equal(console_wait(&t->console, -1, &waited), CONSOLE_ENDED);
    assert_false(console_may_deliver(&t->console));
}

/* An input that ends before the guest reads anything still hangs up, and a wait wakes for
 * it (the guest has something to see). */
static void an_empty_input_hangs_up_and_wakes_the_wait(void **state)
{
    struct console_test *t = *state;
    end_input(t);
    uint64_t waited;
    assert_int_equal(console_wait(&t->console, -1, &waited), CONSOLE_INPUT);
    assert_int_equal(reg_read(t, MSR) & (MSR_CARRIER | MSR_DELTA_CARRIER), MSR_DELTA_CARRIER);
    assert_int_equal(console_wait(&t->console, -1, &waited), CONSOLE_ENDED);
}

static void wait_times_out_when_nothing_comes(void **state)
{
    struct console_test *t = *state;
    uint64_t waited;
    assert_int_equal(console_wait(&t->console, 20 * 1000000, &waited), CONSOLE_TIMEOUT);
    assert_true(waited >= 20 * 1000000);
    assert_true(waited < 2000000000u);
}

static void wait_returns_at_once_with_input_waiting(void **state)
{
    struct console_test *t = *state;
    send(t, "z");
    uint64_t waited;
    assert_int_equal(console_wait(&t->console, -1, &waited), CONSOLE_INPUT);
    assert_int_equal(reg_read(t, RBR), 'z');
}

static void enabling_the_receive_interrupt_pulls_input_in(void **state)
{
    struct console_test *t = *state;
    send(t, "q");
    assert_true(uart16550_ops.write(&t->uart, IER, 1, 0x01));
    assert_int_equal(t->uart.rx_count, 1);
    assert_false(t->console.raw); /* a pipe has no mode to change */
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, console_setup, console_teardown)
    const struct CMUnitTest tests[] = {
        TEST(a_pipe_is_not_a_terminal_and_is_left_alone),
        TEST(poll_fills_the_fifo_and_reads_refill_it),
        TEST(thousands_of_bytes_arrive_whole_and_in_order),
        TEST(end_of_input_hangs_up_after_the_last_byte),
        TEST(an_empty_input_hangs_up_and_wakes_the_wait),
        TEST(wait_times_out_when_nothing_comes),
        TEST(wait_returns_at_once_with_input_waiting),
        TEST(enabling_the_receive_interrupt_pulls_input_in),
    };
    return cmocka_run_group_tests_name("console", tests, NULL, NULL);
}
