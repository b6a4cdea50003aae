/* A 16550-compatible UART. Transmitted bytes go to an output callback at once (the line
 * is infinitely fast); received bytes wait in a 16-byte FIFO. Registers, one byte apart:
 *   +0 RBR (read) / THR (write) / DLL (DLAB=1)   +4 MCR
 *   +1 IER / DLM (DLAB=1)                        +5 LSR: DR(0) THRE(5) TEMT(6)
 *   +2 IIR (read) / FCR (write)                  +6 MSR
 *   +3 LCR: DLAB(7)                              +7 SCR
 */
#ifndef VMSIM_DEVICES_UART16550_H
#define VMSIM_DEVICES_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/bus.h"

#define UART_FIFO_SIZE 16

struct uart16550 {
    uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
    bool thr_empty_interrupt; /* THRE interrupt pending (cleared by reading IIR or writing THR) */
    uint8_t rx_fifo[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;

    void (*output)(void *opaque, uint8_t byte);
    void *output_opaque;
    /* Interrupt line to the interrupt controller; may be NULL. */
    void (*set_irq)(void *opaque, bool level);
    void *irq_opaque;

    uint64_t bytes_out, bytes_in;
};

extern const struct bus_device_ops uart16550_ops;

void uart16550_init(struct uart16550 *u, void (*output)(void *, uint8_t), void *output_opaque);

/* Offers a received byte; false if the FIFO is full (the caller keeps it for later). */
bool uart16550_receive(struct uart16550 *u, uint8_t byte);

#endif
