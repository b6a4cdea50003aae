/* Standard input to the UART: raw mode and its restoration, the Ctrl-A escape, the host
 * buffer, and waiting for input (or a signal) with ppoll(). */
#define _GNU_SOURCE /* ppoll */
#include "machine/console.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices/uart16550.h"
#include "machine/host_signals.h"

#define CTRL_A 0x01

/* The console whose terminal is in raw mode, for the exit and signal paths. */
static struct console *raw_console;

static void restore_terminal(void)
{
    if (raw_console)
        tcsetattr(raw_console->fd, TCSANOW, &raw_console->saved);
}

/* Called by exit(), whichever path it came from. */
static void restore_at_exit(void)
{
    if (raw_console)
        console_close(raw_console);
}

/* Called once, when the guest first wants input. The mode is read now, not at start-up: a
 * terminal that is already raw (another vmsim on the same terminal, as under `ctest -j`)
 * is used as it is and never "restored" to that raw mode afterwards. */
static void enter_raw_mode(struct console *c)
{
    c->mode_checked = true;
    if (tcgetattr(c->fd, &c->saved) != 0 || !(c->saved.c_lflag & (ICANON | ECHO)))
        return;
    struct termios raw = c->saved;
    raw.c_iflag &= (tcflag_t) ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    raw.c_lflag &= (tcflag_t) ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    /* Output processing stays on, so the guest's "\n" still starts a new line. */
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(c->fd, TCSANOW, &raw) != 0)
        return;
    c->raw = true;
    raw_console = c;
    static bool registered;
    if (!registered) {
        atexit(restore_at_exit);
        host_signals_set_last_resort(restore_terminal);
        registered = true;
    }
}

/* Moves buffered bytes into the UART's FIFO while it has room, and hangs the line up once
 * the last byte of an input that ended is in; true if anything reached the UART. */
static bool feed(struct console *c)
{
    bool moved = false;
    while (c->count > 0 && uart16550_receive(c->uart, c->buffer[c->head])) {
        c->head++;
        c->count--;
        moved = true;
    }
    if (c->ended && c->count == 0 && !c->hung_up && !c->in_background) {
        uart16550_hang_up(c->uart);
        c->hung_up = true;
        moved = true;
    }
    return moved;
}

static void print_escape_help(void)
{
    fprintf(stderr, "\nvmsim console: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A h shows this\n");
}

/* Applies the Ctrl-A escape to `n` bytes just read into the buffer, in place. */
static void apply_escapes(struct console *c, unsigned n)
{
    unsigned kept = 0;
    for (unsigned i = 0; i < n; i++) {
        uint8_t byte = c->buffer[i];
        if (!c->escape && byte == CTRL_A) {
            c->escape = true;
            continue;
        }
        if (c->escape) {
            c->escape = false;
            if (byte == 'x' || byte == 'X') {
                c->quit = true;
                continue;
            }
            if (byte == 'h' || byte == 'H' || byte == '?') {
                print_escape_help();
                continue;
            }
        }
        c->buffer[kept++] = byte;
    }
    c->count = kept;
}

/* Reads what the input holds into the empty buffer, after poll() reported `events`. */
static void read_input(struct console *c, short events)
{
    ssize_t n = read(c->fd, c->buffer, sizeof c->buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    /* On a terminal not yet in raw mode, Ctrl-D reads as 0 bytes: that is not the end of
     * the input, a hang-up is. */
    if (n == 0 && c->is_terminal && !(events & POLLHUP))
        return;
    if (n <= 0) {
        c->ended = true; /* the end of the input, or an error that will not go away */
        return;
    }
    c->head = 0;
    if (c->is_terminal)
        apply_escapes(c, (unsigned)n);
    else
        c->count = (unsigned)n;
}

/* Fills the buffer from the input if it is empty and input is waiting. */
static void take_waiting_input(struct console *c)
{
    if (c->count > 0 || c->ended)
        return;
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0)
        return;
    if (p.revents & (POLLIN | POLLHUP))
        read_input(c, p.revents);
    else if (p.revents & (POLLERR | POLLNVAL))
        c->ended = true;
}

/* The UART's rx_wanted hook: the guest reads RBR or enables the receive interrupt. */
static void rx_wanted(void *opaque)
{
    struct console *c = opaque;
    if (c->is_terminal && !c->mode_checked && !c->ended)
        enter_raw_mode(c);
    feed(c);
    if (c->count == 0) {
        take_waiting_input(c);
        feed(c);
    }
}

void console_open(struct console *c, int fd, struct uart16550 *uart)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->uart = uart;
    c->wake_fd = -1;
    c->is_terminal = isatty(fd);
    /* A terminal we do not own (vmsim runs in the background) would stop us on the first
     * read or mode change; leave it alone. */
    if (c->is_terminal && tcgetpgrp(fd) != getpgrp())
        c->ended = c->in_background = true;
    uart->rx_wanted = rx_wanted;
    uart->rx_wanted_opaque = c;
}

void console_close(struct console *c)
{
    if (c->raw) {
        fflush(stdout);
        tcsetattr(c->fd, TCSANOW, &c->saved);
        c->raw = false;
    }
    if (raw_console == c)
        raw_console = NULL;
}

void console_poll(struct console *c)
{
    fflush(stdout);
    feed(c);
    take_waiting_input(c);
    feed(c);
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

enum console_wait_result console_wait(struct console *c, int64_t timeout_ns, uint64_t *waited_ns)
{
    *waited_ns = 0;
    if (feed(c))
        return CONSOLE_INPUT;
    fflush(stdout);
    uint64_t start = now_ns();
    for (;;) {
        if (host_signals_caught() || c->quit)
            return CONSOLE_INTERRUPTED;
        if (c->count == 0 && c->ended && c->wake_fd < 0)
            return CONSOLE_ENDED;
        uint64_t elapsed = now_ns() - start;
        *waited_ns = elapsed;
        if (timeout_ns >= 0 && elapsed >= (uint64_t)timeout_ns)
            return CONSOLE_TIMEOUT;
        struct timespec timeout = {0};
        if (timeout_ns >= 0) {
            uint64_t left = (uint64_t)timeout_ns - elapsed;
            timeout = (struct timespec){.tv_sec = (time_t)(left / 1000000000u),
                                        .tv_nsec = (long)(left % 1000000000u)};
        }
        /* Bytes still in the buffer wait for room in the FIFO: read no more until then. */
        struct pollfd p[3] = {{.fd = c->ended || c->count > 0 ? -1 : c->fd, .events = POLLIN},
                              {.fd = host_signals_fd(), .events = POLLIN},
                              {.fd = c->wake_fd, .events = POLLIN}};
        int ready = ppoll(p, 3, timeout_ns >= 0 ? &timeout : NULL, NULL);
        if (ready < 0 && errno != EINTR)
            return CONSOLE_ENDED;
        if (ready <= 0)
            continue;
        if (p[0].revents & (POLLIN | POLLHUP))
            read_input(c, p[0].revents);
        else if (p[0].revents & (POLLERR | POLLNVAL))
            c->ended = true;
        if (feed(c)) {
            *waited_ns = now_ns() - start;
            return CONSOLE_INPUT;
        }
        if (p[2].revents & POLLIN) {
            *waited_ns = now_ns() - start;
            return CONSOLE_INTERRUPTED; /* the machine loop serves the other source */
        }
    }
}

bool console_may_deliver(const struct console *c)
{
    return c->count > 0 || !c->ended || c->wake_fd >= 0;
}

bool console_quit_requested(const struct console *c)
{
    return c->quit;
}
