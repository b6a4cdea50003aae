/* The framebuffer: a linear 32-bit screen whose pixels live in guest RAM, wherever the guest
 * points the address register, so drawing is plain stores that cost the guest nothing extra.
 * The device is only a register block saying how to draw; the window reads the pixels.
 *
 *   offset  register  access  value
 *   0x00    ID        R       0x42464d56 ("VMFB" in memory order)
 *   0x04    WIDTH     R       640 pixels
 *   0x08    HEIGHT    R       480 lines
 *   0x0c    STRIDE    R       2560 bytes from one line to the next
 *   0x10    FORMAT    R       1 = XRGB8888: one little-endian word per pixel,
 *                                 | 31..24 unused | 23..16 R | 15..8 G | 7..0 B |
 *   0x14    SIZE      R       STRIDE * HEIGHT bytes the guest must provide
 *   0x18    ADDRESS   RW      physical address of pixel (0,0); 0 = display off.
 *                             Bits 1..0 read as zero (pixels are word-aligned).
 *   0x1c    FRAME     RW      frames presented: a write of any value adds one
 *                             (tells the window a picture is complete; optional)
 *
 * Registers take aligned 32-bit accesses only; other accesses fault. Writes to read-only
 * registers are ignored. The screen shows the RAM range [ADDRESS, ADDRESS + SIZE) if it
 * lies entirely in RAM, and nothing otherwise. */
#ifndef VMSIM_DEVICES_FRAMEBUFFER_H
#define VMSIM_DEVICES_FRAMEBUFFER_H

#include <stdbool.h>
#include <stdint.h>

/* Only the emulator needs these; the header stays free of its other headers so that guest
 * programs can include it for the register offsets. */
struct bus;
struct bus_device_ops;

#define FRAMEBUFFER_ID 0x42464d56u
#define FRAMEBUFFER_WIDTH 640u
#define FRAMEBUFFER_HEIGHT 480u
#define FRAMEBUFFER_STRIDE (FRAMEBUFFER_WIDTH * 4u)
#define FRAMEBUFFER_SIZE_BYTES (FRAMEBUFFER_STRIDE * FRAMEBUFFER_HEIGHT)
#define FRAMEBUFFER_FORMAT_XRGB8888 1u

enum framebuffer_register {
    FRAMEBUFFER_REG_ID = 0x00,
    FRAMEBUFFER_REG_WIDTH = 0x04,
    FRAMEBUFFER_REG_HEIGHT = 0x08,
    FRAMEBUFFER_REG_STRIDE = 0x0c,
    FRAMEBUFFER_REG_FORMAT = 0x10,
    FRAMEBUFFER_REG_SIZE = 0x14,
    FRAMEBUFFER_REG_ADDRESS = 0x18,
    FRAMEBUFFER_REG_FRAME = 0x1c,
};

struct framebuffer {
    const struct bus *bus; /* to check that the pixels lie in RAM */
    uint32_t address;
    uint32_t frames;
};

extern const struct bus_device_ops framebuffer_ops;

void framebuffer_init(struct framebuffer *fb, const struct bus *bus);

/* The pixels to show (STRIDE * HEIGHT bytes in host memory), or NULL while the display is
 * off or the address does not lie in RAM. */
const uint8_t *framebuffer_pixels(const struct framebuffer *fb);

#endif
