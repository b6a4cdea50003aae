/* The CLINT's registers. Writes that move a deadline ask the machine loop to look again,
 * so a batch never runs past a timer interrupt. */
#include "devices/clint.h"

#include "cpu/csr.h"
#include "cpu/hart.h"

#define CLINT_MSIP 0x0000
#define CLINT_MTIMECMP 0x4000
#define CLINT_MTIME 0xbff8

void clint_init(struct clint *c, struct hart *hart)
{
    c->hart = hart;
    c->msip = 0;
    c->mtimecmp = UINT64_MAX;
    clint_update(c);
}

void clint_update(struct clint *c)
{
    hart_set_irq_line(c->hart, MIP_MTIP, hart_mtime(c->hart) >= c->mtimecmp);
}

uint64_t clint_deadline(const struct clint *c)
{
    return c->mtimecmp;
}

/* Reads `size` bytes at byte `offset` (0..7) of a 64-bit register. */
static uint32_t read_part(uint64_t reg, uint32_t offset, unsigned size)
{
    uint64_t v = reg >> (8 * offset);
    return size == 4 ? (uint32_t)v : (uint32_t)(v & ((1u << (8 * size)) - 1));
}

static uint64_t write_part(uint64_t reg, uint32_t offset, unsigned size, uint32_t value)
{
    uint64_t mask = (size == 4 ? 0xffffffffull : ((1ull << (8 * size)) - 1)) << (8 * offset);
    return (reg & ~mask) | (((uint64_t)value << (8 * offset)) & mask);
}

static bool clint_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    struct clint *c = opaque;
    if (offset < 4) {
        *value = read_part(c->msip, offset, size);
    } else if (offset >= CLINT_MTIMECMP && offset + size <= CLINT_MTIMECMP + 8) {
        *value = read_part(c->mtimecmp, offset - CLINT_MTIMECMP, size);
    } else if (offset >= CLINT_MTIME && offset + size <= CLINT_MTIME + 8) {
        *value = read_part(hart_mtime(c->hart), offset - CLINT_MTIME, size);
    } else {
        *value = 0; /* reserved space reads as zero, as on QEMU */
    }
    return true;
}

static bool clint_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct clint *c = opaque;
    if (offset < 4) {
        c->msip = (uint32_t)write_part(c->msip, offset, size, value) & 1;
        hart_set_irq_line(c->hart, MIP_MSIP, c->msip);
    } else if (offset >= CLINT_MTIMECMP && offset + size <= CLINT_MTIMECMP + 8) {
        c->mtimecmp = write_part(c->mtimecmp, offset - CLINT_MTIMECMP, size, value);
        clint_update(c);
        c->hart->stop_requested = true;
    } else if (offset >= CLINT_MTIME && offset + size <= CLINT_MTIME + 8) {
        hart_set_mtime(c->hart, write_part(hart_mtime(c->hart), offset - CLINT_MTIME, size, value));
        clint_update(c);
        c->hart->stop_requested = true;
    }
    return true;
}

const struct bus_device_ops clint_ops = {.read = clint_read, .write = clint_write};
