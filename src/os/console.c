/* UART 16550 driver: output polled, input by receive interrupts. The registers are bytes
 * at VMSIM_UART0_BASE; the kernel reaches them at their physical address (mapped in
 * every address space). Input is flow-controlled: while the line discipline has no room,
 * bytes stay in the UART (and behind it, in the sender) with the receive interrupt off.
 * The end of the input is the line's hang-up: vmsim drops the carrier (MSR.DCD) after the
 * last byte, with a modem-status interrupt. (QEMU's UART keeps its carrier up.) */
#include "console.h"

#include "machine_map.h"
#include "plic.h"
#include "tty.h"

#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_IER 1 /* interrupt enable */
#define UART_IER_RX 0x01
#define UART_IER_MODEM_STATUS 0x08
#define UART_LSR 5 /* line status */
#define UART_LSR_DATA_READY 0x01
#define UART_LSR_THR_EMPTY 0x20
#define UART_MSR 6 /* modem status; reading it clears the modem-status interrupt */
#define UART_MSR_CARRIER 0x80

static volatile uint8_t *const uart = (volatile uint8_t *)VMSIM_UART0_BASE;

void console_put_char(char c)
{
    while (!(uart[UART_LSR] & UART_LSR_THR_EMPTY))
        ;
    uart[UART_THR] = (uint8_t)c;
}

void console_write(const char *buffer, size_t length)
{
    for (size_t i = 0; i < length; i++)
        console_put_char(buffer[i]);
}

void console_write_string(const char *s)
{
    while (*s)
        console_put_char(*s++);
}

void console_write_hex(uint32_t value)
{
    console_write_string("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        console_put_char("0123456789abcdef"[(value >> shift) & 0xf]);
}

void console_init_input(void)
{
    uart[UART_IER] = UART_IER_RX | UART_IER_MODEM_STATUS;
    plic_enable_source(VMSIM_IRQ_UART0);
}

void console_resume_input(void)
{
    uart[UART_IER] = UART_IER_RX | UART_IER_MODEM_STATUS;
}

void console_interrupt(void)
{
    /* MSR first: the carrier drops only after the last byte is in the FIFO, so if it was
     * down before the FIFO is emptied, nothing comes after those bytes. */
    bool hung_up = !(uart[UART_MSR] & UART_MSR_CARRIER);
    /* The line stays high while the FIFO holds a byte, so take every byte the line
     * discipline has room for now. A byte it cannot take stays in the FIFO, and the
     * receive interrupt goes off until tty_read makes room (console_resume_input);
     * otherwise the line would raise the interrupt again at once. */
    while (uart[UART_LSR] & UART_LSR_DATA_READY) {
        if (!tty_has_room()) {
            uart[UART_IER] = UART_IER_MODEM_STATUS;
            return;
        }
        tty_receive((char)uart[UART_RBR]);
    }
    if (hung_up)
        tty_hang_up();
}
