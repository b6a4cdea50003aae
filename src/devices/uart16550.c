/* The 16550's register file and interrupt identification. */
#include "devices/uart16550.h"

#include <string.h>

enum {
    UART_RBR_THR = 0, UART_IER = 1, UART_IIR_FCR = 2, UART_LCR = 3,
    UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
};

#define IER_RX_AVAILABLE 0x01
#define IER_THR_EMPTY 0x02
#define IER_MODEM_STATUS 0x08
#define LCR_DLAB 0x80
#define MCR_LOOP 0x10
#define LSR_DATA_READY 0x01
#define LSR_OVERRUN 0x02
#define LSR_THR_EMPTY 0x20
#define LSR_TRANSMITTER_EMPTY 0x40
#define MSR_DELTA_CARRIER 0x08
#define MSR_CTS_DSR 0x30
#define MSR_CARRIER 0x80
#define IIR_MODEM_STATUS 0x00
#define IIR_NONE 0x01
#define IIR_THR_EMPTY 0x02
#define IIR_RX_AVAILABLE 0x04
#define IIR_FIFO_ENABLED 0xc0

static uint8_t interrupt_identification(const struct uart16550 *u)
{
    if ((u->ier & IER_RX_AVAILABLE) && u->rx_count > 0)
        return IIR_RX_AVAILABLE;
    if ((u->ier & IER_THR_EMPTY) && u->thr_empty_interrupt)
        return IIR_THR_EMPTY;
    if ((u->ier & IER_MODEM_STATUS) && u->carrier_changed)
        return IIR_MODEM_STATUS;
    return IIR_NONE;
}

static void update_irq(struct uart16550 *u)
{
    if (u->set_irq)
        u->set_irq(u->irq_opaque, interrupt_identification(u) != IIR_NONE);
}

void uart16550_init(struct uart16550 *u, void (*output)(void *, uint8_t), void *output_opaque)
{
    memset(u, 0, sizeof *u);
    u->output = output;
    u->output_opaque = output_opaque;
    u->thr_empty_interrupt = true;
}

bool uart16550_rx_interrupt_enabled(const struct uart16550 *u)
{
    return (u->ier & IER_RX_AVAILABLE) != 0;
}

/* MSR's upper nibble in loopback mode: CTS = RTS, DSR = DTR, RI = OUT1, DCD = OUT2. */
static uint8_t looped_modem_status(const struct uart16550 *u)
{
    return (uint8_t)(((u->mcr & 0x02) << 3) | ((u->mcr & 0x01) << 5) | ((u->mcr & 0x04) << 4) |
                     ((u->mcr & 0x08) << 4));
}

void uart16550_hang_up(struct uart16550 *u)
{
    if (u->carrier_lost)
        return;
    u->carrier_lost = true;
    u->carrier_changed = true;
    update_irq(u);
}

bool uart16550_receive(struct uart16550 *u, uint8_t byte)
{
    if (u->rx_count == UART_FIFO_SIZE)
        return false;
    u->rx_fifo[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
    u->rx_count++;
    u->bytes_in++;
    update_irq(u);
    return true;
}

static bool uart_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    struct uart16550 *u = opaque;
    (void)size;
    uint8_t v = 0;
    switch (offset) {
    case UART_RBR_THR:
        if (u->lcr & LCR_DLAB) {
            v = u->dll;
        } else {
            if (u->rx_count > 0) {
                v = u->rx_fifo[u->rx_head];
                u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
                u->rx_count--;
                update_irq(u);
            }
            if (u->rx_count == 0 && u->rx_wanted)
                u->rx_wanted(u->rx_wanted_opaque);
        }
        break;
    case UART_IER: v = (u->lcr & LCR_DLAB) ? u->dlm : u->ier; break;
    case UART_IIR_FCR:
        v = interrupt_identification(u);
        if (v == IIR_THR_EMPTY) {
            u->thr_empty_interrupt = false;
            update_irq(u);
        }
        if (u->fcr & 1)
            v |= IIR_FIFO_ENABLED;
        break;
    case UART_LCR: v = u->lcr; break;
    case UART_MCR: v = u->mcr; break;
    case UART_LSR:
        v = LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY | (u->rx_count > 0 ? LSR_DATA_READY : 0) |
            (u->overrun ? LSR_OVERRUN : 0);
        u->overrun = false;
        break;
    case UART_MSR:
        /* Outside loopback CTS and DSR are asserted (a cable is always there), and DCD until
         * the line hangs up. Reading MSR clears its delta bit and the interrupt. */
        if (u->mcr & MCR_LOOP) {
            v = looped_modem_status(u);
        } else {
            v = MSR_CTS_DSR | (u->carrier_lost ? 0 : MSR_CARRIER) | (u->carrier_changed ? MSR_DELTA_CARRIER : 0);
            u->carrier_changed = false;
            update_irq(u);
        }
        break;
    case UART_SCR: v = u->scr; break;
    default: v = 0; break;
    }
    *value = v;
    return true;
}

static bool uart_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct uart16550 *u = opaque;
    (void)size;
    uint8_t v = (uint8_t)value;
    switch (offset) {
    case UART_RBR_THR:
        if (u->lcr & LCR_DLAB) {
            u->dll = v;
        } else if (u->mcr & MCR_LOOP) {
            if (!uart16550_receive(u, v))
                u->overrun = true;
            u->thr_empty_interrupt = true;
        } else {
            u->bytes_out++;
            if (u->output)
                u->output(u->output_opaque, v);
            u->thr_empty_interrupt = true; /* sent at once: the holding register is empty */
        }
        break;
    case UART_IER:
        if (u->lcr & LCR_DLAB) {
            u->dlm = v;
        } else {
            /* Enabling THRE interrupts with an empty THR raises one, as on real parts. */
            if ((v & IER_THR_EMPTY) && !(u->ier & IER_THR_EMPTY))
                u->thr_empty_interrupt = true;
            bool rx_enabled = (v & IER_RX_AVAILABLE) && !(u->ier & IER_RX_AVAILABLE);
            u->ier = v & 0x0f;
            if (rx_enabled && u->rx_wanted)
                u->rx_wanted(u->rx_wanted_opaque);
        }
        break;
    case UART_IIR_FCR:
        u->fcr = v & 0xc9;
        if (v & 0x02) { /* clear the receive FIFO */
            u->rx_head = 0;
            u->rx_count = 0;
        }
        break;
    case UART_LCR: u->lcr = v; break;
    case UART_MCR: u->mcr = v & 0x1f; break;
    case UART_SCR: u->scr = v; break;
    default: break;
    }
    update_irq(u);
    return true;
}

const struct bus_device_ops uart16550_ops = {.read = uart_read, .write = uart_write};
