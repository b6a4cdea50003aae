/* The keyboard: a FIFO of key events (a key went down or up) that the guest reads one word
 * at a time, with an interrupt while events wait. Typed characters reach the guest through
 * the UART as well; this device is for programs that want every key, including releases.
 *
 *   offset  register  access  value
 *   0x00    ID        R       0x424b4d56 ("VMKB" in memory order)
 *   0x04    STATUS    R       bit 0 READY: an event waits; bit 1 OVERRUN: events were lost
 *                             because the FIFO was full (cleared by this read)
 *   0x08    DATA      R       takes the oldest event; 0 when there is none:
 *             | 31 VALID | 30..13 0 | 12 META | 11 ALT | 10 CTRL | 9 SHIFT | 8 DOWN | 7..0 KEY |
 *             KEY is the USB HID keyboard usage ID (0x04 = A, 0x28 = Enter, 0x29 = Escape,
 *             0x4f..0x52 = arrows right, left, down, up); DOWN is 1 for a press, 0 for a
 *             release; the modifier bits give the state of the modifier keys then.
 *   0x0c    CONTROL   RW      bit 0 INTERRUPT_ENABLE
 *   0x10    COUNT     R       events waiting (0..KEYBOARD_FIFO_SIZE)
 *
 * The interrupt line (PLIC source VMSIM_IRQ_KEYBOARD) is high while INTERRUPT_ENABLE is set
 * and an event waits. Registers take aligned 32-bit accesses only; other accesses fault. */
#ifndef VMSIM_DEVICES_KEYBOARD_H
#define VMSIM_DEVICES_KEYBOARD_H

#include <stdbool.h>
#include <stdint.h>

/* Only the emulator needs these; the header stays free of its other headers so that guest
 * programs can include it for the register offsets. */
struct bus_device_ops;

#define KEYBOARD_ID 0x424b4d56u
#define KEYBOARD_FIFO_SIZE 64

enum keyboard_register {
    KEYBOARD_REG_ID = 0x00,
    KEYBOARD_REG_STATUS = 0x04,
    KEYBOARD_REG_DATA = 0x08,
    KEYBOARD_REG_CONTROL = 0x0c,
    KEYBOARD_REG_COUNT = 0x10,
};

#define KEYBOARD_STATUS_READY 0x1u
#define KEYBOARD_STATUS_OVERRUN 0x2u
#define KEYBOARD_CONTROL_INTERRUPT_ENABLE 0x1u

#define KEYBOARD_EVENT_VALID 0x80000000u
#define KEYBOARD_EVENT_META 0x1000u
#define KEYBOARD_EVENT_ALT 0x0800u
#define KEYBOARD_EVENT_CTRL 0x0400u
#define KEYBOARD_EVENT_SHIFT 0x0200u
#define KEYBOARD_EVENT_DOWN 0x0100u
#define KEYBOARD_EVENT_KEY_MASK 0x00ffu

struct keyboard {
    uint32_t fifo[KEYBOARD_FIFO_SIZE];
    unsigned head, count;
    uint32_t control;
    bool overrun;
    /* Interrupt line to the interrupt controller; may be NULL. */
    void (*set_irq)(void *opaque, bool level);
    void *irq_opaque;

    uint64_t events_in, events_lost;
};

extern const struct bus_device_ops keyboard_ops;

void keyboard_init(struct keyboard *kb);

/* Queues an event: `key` a USB HID usage ID, `modifiers` KEYBOARD_EVENT_SHIFT/CTRL/ALT/META
 * bits. False (and OVERRUN) if the FIFO is full. */
bool keyboard_push(struct keyboard *kb, uint8_t key, bool down, uint32_t modifiers);

#endif
