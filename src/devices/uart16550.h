/* A 16550-compatible UART. Transmitted bytes go to an output callback at once (the line
 * is infinitely fast); received bytes wait in a 16-byte FIFO. Registers, one byte apart:
 *   +0 RBR (read) / THR (write) / DLL (DLAB=1)   +4 MCR: LOOP(4)
 *   +1 IER: RX(0) THRE(1) / DLM (DLAB=1)         +5 LSR: DR(0) OE(1) THRE(5) TEMT(6)
 *   +2 IIR (read) / FCR (write)                  +6 MSR
 *   +3 LCR: DLAB(7)                              +7 SCR
 * In loopback mode (MCR.LOOP) transmitted bytes come back into the receive FIFO instead of
 * going out, and MSR reflects the MCR's modem outputs, as drivers probing a port expect.
 */
#ifndef VMSIM_DEVICES_UART16550_H
#define VMSIM_DEVICES_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/bus.h"

#define UART_FIFO_SIZE 16

struct uart16550 {
    uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
    bool overrun; /* a looped-back byte found the FIFO full (LSR.OE until LSR is read) */
    bool thr_empty_interrupt; /* THRE interrupt pending (cleared by reading IIR or writing THR) */
    uint8_t rx_fifo[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;

    void (*output)(void *opaque, uint8_t byte);
    void *output_opaque;
    /* Interrupt line to the interrupt controller; may be NULL. */
    void (*set_irq)(void *opaque, bool level);
    void *irq_opaque;
    /* Called when the guest shows it wants input: it enables the receive interrupt, or a
     * read of RBR leaves the receive FIFO empty (or finds it so). The input source may
     * refill the FIFO at once. May be NULL. */
    void (*rx_wanted)(void *opaque);
    void *rx_wanted_opaque;

    uint64_t bytes_out, bytes_in;
};

extern const struct bus_device_ops uart16550_ops;

void uart16550_init(struct uart16550 *u, void (*output)(void *, uint8_t), void *output_opaque);

/* Offers a received byte; false if the FIFO is full (the caller keeps it for later). */
bool uart16550_receive(struct uart16550 *u, uint8_t byte);

/* True if a received byte would raise the UART's interrupt line (IER.RX is set). */
bool uart16550_rx_interrupt_enabled(const struct uart16550 *u);

#endif
