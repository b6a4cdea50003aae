/* The keyboard's event FIFO, registers and interrupt line. */
#include "devices/keyboard.h"

#include "mmu/bus.h"

void keyboard_init(struct keyboard *kb)
{
    *kb = (struct keyboard){0};
}

static void update_irq(struct keyboard *kb)
{
    if (kb->set_irq)
        kb->set_irq(kb->irq_opaque, (kb->control & KEYBOARD_CONTROL_INTERRUPT_ENABLE) && kb->count > 0);
}

bool keyboard_push(struct keyboard *kb, uint8_t key, bool down, uint32_t modifiers)
{
    if (kb->count == KEYBOARD_FIFO_SIZE) {
        kb->overrun = true;
        kb->events_lost++;
        return false;
    }
    uint32_t event = KEYBOARD_EVENT_VALID | key | (down ? KEYBOARD_EVENT_DOWN : 0) |
                     (modifiers & (KEYBOARD_EVENT_SHIFT | KEYBOARD_EVENT_CTRL | KEYBOARD_EVENT_ALT |
                                   KEYBOARD_EVENT_META));
    kb->fifo[(kb->head + kb->count) % KEYBOARD_FIFO_SIZE] = event;
    kb->count++;
    kb->events_in++;
    update_irq(kb);
    return true;
}

static uint32_t take_event(struct keyboard *kb)
{
    if (kb->count == 0)
        return 0;
    uint32_t event = kb->fifo[kb->head];
    kb->head = (kb->head + 1) % KEYBOARD_FIFO_SIZE;
    kb->count--;
    update_irq(kb);
    return event;
}

static bool keyboard_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    struct keyboard *kb = opaque;
    if (size != 4 || (offset & 3))
        return false;
    switch (offset) {
    case KEYBOARD_REG_ID: *value = KEYBOARD_ID; break;
    case KEYBOARD_REG_STATUS:
        *value = (kb->count > 0 ? KEYBOARD_STATUS_READY : 0) | (kb->overrun ? KEYBOARD_STATUS_OVERRUN : 0);
        kb->overrun = false;
        break;
    case KEYBOARD_REG_DATA: *value = take_event(kb); break;
    case KEYBOARD_REG_CONTROL: *value = kb->control; break;
    case KEYBOARD_REG_COUNT: *value = kb->count; break;
    default: *value = 0; break;
    }
    return true;
}

static bool keyboard_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct keyboard *kb = opaque;
    if (size != 4 || (offset & 3))
        return false;
    if (offset == KEYBOARD_REG_CONTROL) {
        kb->control = value & KEYBOARD_CONTROL_INTERRUPT_ENABLE;
        update_irq(kb);
    }
    return true;
}

const struct bus_device_ops keyboard_ops = {.read = keyboard_read, .write = keyboard_write};
