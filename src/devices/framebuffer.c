/* The framebuffer's register block; the pixels themselves are ordinary guest RAM. */
#include "devices/framebuffer.h"

#include "mmu/bus.h"

void framebuffer_init(struct framebuffer *fb, const struct bus *bus)
{
    *fb = (struct framebuffer){.bus = bus};
}

const uint8_t *framebuffer_pixels(const struct framebuffer *fb)
{
    if (fb->address == 0 || !bus_in_ram(fb->bus, fb->address, FRAMEBUFFER_SIZE_BYTES))
        return NULL;
    return bus_ram_pointer(fb->bus, fb->address);
}

static bool framebuffer_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    const struct framebuffer *fb = opaque;
    if (size != 4 || (offset & 3))
        return false;
    switch (offset) {
    case FRAMEBUFFER_REG_ID: *value = FRAMEBUFFER_ID; break;
    case FRAMEBUFFER_REG_WIDTH: *value = FRAMEBUFFER_WIDTH; break;
    case FRAMEBUFFER_REG_HEIGHT: *value = FRAMEBUFFER_HEIGHT; break;
    case FRAMEBUFFER_REG_STRIDE: *value = FRAMEBUFFER_STRIDE; break;
    case FRAMEBUFFER_REG_FORMAT: *value = FRAMEBUFFER_FORMAT_XRGB8888; break;
    case FRAMEBUFFER_REG_SIZE: *value = FRAMEBUFFER_SIZE_BYTES; break;
    case FRAMEBUFFER_REG_ADDRESS: *value = fb->address; break;
    case FRAMEBUFFER_REG_FRAME: *value = fb->frames; break;
    default: *value = 0; break;
    }
    return true;
}

static bool framebuffer_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct framebuffer *fb = opaque;
    if (size != 4 || (offset & 3))
        return false;
    switch (offset) {
    case FRAMEBUFFER_REG_ADDRESS: fb->address = value & ~3u; break;
    case FRAMEBUFFER_REG_FRAME: fb->frames++; break;
    default: break;
    }
    return true;
}

const struct bus_device_ops framebuffer_ops = {.read = framebuffer_read, .write = framebuffer_write};
