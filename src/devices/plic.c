/* The PLIC's gateways, priority arbitration and claim/complete, and the two interrupt
 * outputs it drives into the hart. */
#include "devices/plic.h"

#include <string.h>

#include "cpu/csr.h"
#include "cpu/hart.h"

#define PLIC_PRIORITY_BASE 0x000000
#define PLIC_PENDING_BASE 0x001000
#define PLIC_ENABLE_BASE 0x002000
#define PLIC_ENABLE_STRIDE 0x80
#define PLIC_CONTEXT_BASE 0x200000
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_THRESHOLD 0x0
#define PLIC_CLAIM 0x4

/* Source 0 means "no interrupt" and can never be pending or enabled. */
#define PLIC_SOURCE_MASK 0xfffffffeu

static const uint32_t context_mip_bit[PLIC_CONTEXTS] = {MIP_MEIP, MIP_SEIP};

static uint32_t pending_bits(const struct plic *p)
{
    return p->lines & ~p->in_service & PLIC_SOURCE_MASK;
}

/* The source a claim by `context` would return now, or 0. */
static unsigned best_source(const struct plic *p, unsigned context)
{
    uint32_t candidates = pending_bits(p) & p->enable[context];
    unsigned best = 0;
    uint32_t best_priority = p->threshold[context];
    while (candidates) {
        unsigned source = (unsigned)__builtin_ctz(candidates);
        candidates &= candidates - 1;
        if (p->priority[source] > best_priority) {
            best = source;
            best_priority = p->priority[source];
        }
    }
    return best;
}

static void update_outputs(struct plic *p)
{
    for (unsigned context = 0; context < PLIC_CONTEXTS; context++) {
        bool level = best_source(p, context) != 0;
        if (level == p->output[context])
            continue;
        p->output[context] = level;
        hart_set_irq_line(p->hart, context_mip_bit[context], level);
        /* A line raised from outside an instruction (console input between batches) must
         * still be looked at before the hart runs on. */
        if (level)
            p->hart->stop_requested = true;
    }
}

void plic_init(struct plic *p, struct hart *hart)
{
    memset(p, 0, sizeof *p);
    p->hart = hart;
    for (unsigned context = 0; context < PLIC_CONTEXTS; context++)
        hart_set_irq_line(hart, context_mip_bit[context], false);
}

void plic_set_source(struct plic *p, unsigned source, bool level)
{
    if (source == 0 || source >= PLIC_SOURCES)
        return;
    uint32_t bit = 1u << source;
    uint32_t lines = level ? p->lines | bit : p->lines & ~bit;
    if (lines == p->lines)
        return;
    p->lines = lines;
    update_outputs(p);
}

void plic_line_set(void *opaque, bool level)
{
    const struct plic_line *line = opaque;
    plic_set_source(line->plic, line->source, level);
}

uint32_t plic_source_targets(const struct plic *p, unsigned source)
{
    if (source == 0 || source >= PLIC_SOURCES || (p->in_service & (1u << source)))
        return 0;
    uint32_t targets = 0;
    for (unsigned context = 0; context < PLIC_CONTEXTS; context++) {
        if ((p->enable[context] & (1u << source)) && p->priority[source] > p->threshold[context])
            targets |= context_mip_bit[context];
    }
    return targets;
}

static unsigned claim(struct plic *p, unsigned context)
{
    unsigned source = best_source(p, context);
    if (source) {
        p->in_service |= 1u << source;
        p->claims[source]++;
        update_outputs(p);
    }
    return source;
}

/* A completion for a source not enabled for the context is ignored, as the PLIC
 * specification says (QEMU accepts it; real parts do not). */
static void complete(struct plic *p, unsigned context, uint32_t source)
{
    if (source == 0 || source >= PLIC_SOURCES || !(p->enable[context] & (1u << source)))
        return;
    p->in_service &= ~(1u << source);
    update_outputs(p);
}

/* Finds the context register at `offset`, if any. */
static bool context_register(uint32_t offset, unsigned *context, uint32_t *reg)
{
    if (offset < PLIC_CONTEXT_BASE)
        return false;
    uint32_t index = (offset - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;
    if (index >= PLIC_CONTEXTS)
        return false;
    *context = index;
    *reg = (offset - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE;
    return true;
}

static bool enable_register(uint32_t offset, unsigned *context)
{
    if (offset < PLIC_ENABLE_BASE)
        return false;
    uint32_t relative = offset - PLIC_ENABLE_BASE;
    /* Only the first word of each context's block exists: 32 sources. */
    if (relative % PLIC_ENABLE_STRIDE != 0 || relative / PLIC_ENABLE_STRIDE >= PLIC_CONTEXTS)
        return false;
    *context = relative / PLIC_ENABLE_STRIDE;
    return true;
}

/* Registers are 32 bits wide and read as whole words; other reserved space reads as 0. */
static bool plic_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    struct plic *p = opaque;
    if (size != 4)
        return false;
    unsigned context;
    uint32_t reg;
    *value = 0;
    if (offset < PLIC_PENDING_BASE) {
        if (offset / 4 < PLIC_SOURCES)
            *value = p->priority[offset / 4];
    } else if (offset == PLIC_PENDING_BASE) {
        *value = pending_bits(p);
    } else if (enable_register(offset, &context)) {
        *value = p->enable[context];
    } else if (context_register(offset, &context, &reg)) {
        if (reg == PLIC_THRESHOLD)
            *value = p->threshold[context];
        else if (reg == PLIC_CLAIM)
            *value = claim(p, context);
    }
    return true;
}

static bool plic_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct plic *p = opaque;
    if (size != 4)
        return false;
    unsigned context;
    uint32_t reg;
    if (offset < PLIC_PENDING_BASE) {
        unsigned source = offset / 4;
        if (source > 0 && source < PLIC_SOURCES)
            p->priority[source] = value & PLIC_MAX_PRIORITY;
    } else if (enable_register(offset, &context)) {
        p->enable[context] = value & PLIC_SOURCE_MASK;
    } else if (context_register(offset, &context, &reg)) {
        if (reg == PLIC_THRESHOLD)
            p->threshold[context] = value & PLIC_MAX_PRIORITY;
        else if (reg == PLIC_CLAIM)
            complete(p, context, value);
    }
    update_outputs(p);
    return true;
}

const struct bus_device_ops plic_ops = {.read = plic_read, .write = plic_write};
