/* A 16550-compatible UART. Transmitted bytes go to an output callback at once (the line
 * is infinitely fast); received bytes wait in a 16-byte FIFO. Registers, one byte apart:
 *   +0 RBR (read) / THR (write) / DLL (DLAB=1)   +4 MCR: LOOP(4)
 *   +1 IER: RX(0) THRE(1) MS(3) / DLM (DLAB=1)   +5 LSR: DR(0) OE(1) THRE(5) TEMT(6)
 *   +2 IIR (read) / FCR (write)                  +6 MSR: DDCD(3) CTS(4) DSR(5) DCD(7)
 *   +3 LCR: DLAB(7)                              +7 SCR
 * In loopback mode (MCR.LOOP) transmitted bytes come back into the receive FIFO instead of
 * going out, and MSR reflects the MCR's modem outputs, as drivers probing a port expect.
 * The end of the input source is a hang-up: the carrier (MSR.DCD) drops once, after the
 * last byte went into the FIFO, with a modem-status interrupt (IIR 0x00) if IER.MS is set;
 * a driver that reads MSR before LSR knows, seeing DCD low, that the FIFO holds the last
 * bytes there will be. */
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
    bool carrier_lost;        /* the line has hung up (MSR.DCD clear) */
    bool carrier_changed;     /* MSR.DDCD: set by the hang-up, cleared by reading MSR */
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

/* The input source has ended: drops the carrier (once). Call it after the last byte went
 * into the FIFO. */
void uart16550_hang_up(struct uart16550 *u);

/* True if a received byte would raise the UART's interrupt line (IER.RX is set). */
bool uart16550_rx_interrupt_enabled(const struct uart16550 *u);

#endif
