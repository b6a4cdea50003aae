/* The host side of the UART's receive line: bytes from standard input reach the guest
 * through a host buffer that refills the 16-byte receive FIFO as the guest drains it.
 *
 * A terminal goes into raw mode (no echo, no line editing, no signals: Ctrl-C reaches the
 * guest as 0x03) the first time the guest shows it wants input (it reads RBR or enables
 * the receive interrupt), and goes back to its own mode on every way out of vmsim.
 * Ctrl-A is the escape: Ctrl-A x quits, Ctrl-A Ctrl-A sends one Ctrl-A, Ctrl-A h prints
 * the keys (on a terminal, even one that is not in raw mode). A pipe or file is read as
 * it is. The end of the input (or a terminal's hang-up) hangs the UART's line up
 * (uart16550_hang_up) once its last byte is in the FIFO: the guest OS reads that as the
 * end of file. */
#ifndef VMSIM_MACHINE_CONSOLE_H
#define VMSIM_MACHINE_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

struct uart16550;

#define CONSOLE_BUFFER_SIZE 4096

struct console {
    int fd;            /* standard input */
    bool ended;        /* the input has ended (or cannot be used): read no more */
    bool is_terminal;
    bool mode_checked; /* the terminal's mode has been looked at (and made raw if cooked) */
    bool raw;          /* vmsim made the terminal raw and must restore `saved` */
    bool escape;       /* the last byte typed was Ctrl-A */
    bool quit;         /* Ctrl-A x was typed */
    struct termios saved;
    struct uart16550 *uart;
    uint8_t buffer[CONSOLE_BUFFER_SIZE];
    unsigned head, count;
    /* A descriptor that becomes readable when another input source (the window) has
     * something for the machine loop; -1 for none. It wakes console_wait(), and while it
     * is there input may always still come, even after standard input has ended. */
    int wake_fd;
    bool hung_up;       /* the UART has been told that the input ended */
    bool in_background; /* a terminal vmsim may not read: no input, but no hang-up either */
};

enum console_wait_result {
    CONSOLE_INPUT,       /* bytes went into the UART */
    CONSOLE_TIMEOUT,     /* the time ran out first */
    CONSOLE_ENDED,       /* the input ended with nothing left to deliver */
    CONSOLE_INTERRUPTED, /* a signal arrived, Ctrl-A x, or wake_fd became readable */
};

/* Feeds `uart` from `fd` (standard input) and hooks the UART's rx_wanted. A terminal in
 * the background, where reading it would stop vmsim, is not used. */
void console_open(struct console *c, int fd, struct uart16550 *uart);

/* Restores the terminal's mode; safe to call more than once. */
void console_close(struct console *c);

/* Without blocking: takes what is waiting on the input and refills the UART's FIFO, and
 * sends buffered console output on its way. */
void console_poll(struct console *c);

/* Blocks until input reaches the UART, the input ends, a signal arrives, wake_fd becomes
 * readable, or `timeout_ns` passes (negative: no limit). `waited_ns` is the time spent
 * blocked. */
enum console_wait_result console_wait(struct console *c, int64_t timeout_ns, uint64_t *waited_ns);

/* True while bytes may still come: some are buffered, the input has not ended, or there is
 * a wake_fd. */
bool console_may_deliver(const struct console *c);

/* True once the user typed Ctrl-A x. */
bool console_quit_requested(const struct console *c);

#endif
