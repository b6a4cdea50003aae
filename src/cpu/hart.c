/* Hart reset, the time base, and which interrupt to take. */
#include "cpu/hart.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/decode_cache.h"
#include "cpu/interp.h"
#include "cpu/jit/jit.h"
#include "machine_map.h"
#include "mmu/bus.h"
#include "mmu/mmu.h"

bool hart_init(struct hart *h, struct bus *bus, uint32_t reset_pc)
{
    memset(h, 0, sizeof *h);
    h->bus = bus;
    h->pc = reset_pc;
    h->priv = PRIV_M;
    h->stimecmp = UINT64_MAX;
    h->decode_cache = malloc(sizeof *h->decode_cache);
    h->mmu = malloc(sizeof *h->mmu);
    char err[128];
    struct tlb_config tlb = tlb_default_config();
    if (!h->decode_cache || !h->mmu || !decode_cache_init(h->decode_cache, bus) ||
        !mmu_init(h->mmu, bus, &tlb, err, sizeof err)) {
        free(h->decode_cache);
        free(h->mmu);
        h->decode_cache = NULL;
        h->mmu = NULL;
        return false;
    }
    /* For the tests, which must reach the MMU's host views with short programs:
     * VMSIM_VIEW_WARM_UP=N opens each mode's view after N TLB hits instead of the default,
     * VMSIM_VIEW_LIMIT=N lets a view map N pages before it starts again (mmu.h). */
    const char *warm_up = getenv("VMSIM_VIEW_WARM_UP");
    if (warm_up && *warm_up)
        h->mmu->view_warm_up = strtoull(warm_up, NULL, 10);
    const char *limit = getenv("VMSIM_VIEW_LIMIT");
    if (limit && *limit)
        h->mmu->view_limit = (uint32_t)strtoul(limit, NULL, 10);
    /* The translator is on by default where the host has one; without memory for it the
     * interpreter runs alone, which is slower but the same. VMSIM_NO_JIT in the environment
     * turns it off everywhere, so that a whole test suite can run on the interpreter. */
    const char *no_jit = getenv("VMSIM_NO_JIT");
    hart_set_jit(h, !(no_jit && *no_jit && strcmp(no_jit, "0") != 0));
    return true;
}

void hart_set_jit(struct hart *h, bool on)
{
    if (on && !h->jit && jit_available())
        h->jit = jit_create(h);
    else if (!on && h->jit) {
        jit_destroy(h->jit);
        h->jit = NULL;
    }
}

enum cpu_stop cpu_run(struct hart *h, uint64_t budget)
{
    return h->jit ? jit_run(h, budget) : cpu_interpret(h, budget);
}

bool hart_configure_tlb(struct hart *h, const struct tlb_config *config, char *err, size_t err_size)
{
    return mmu_configure_tlb(h->mmu, config, err, err_size);
}

struct mmu_mode hart_mmu_mode(const struct hart *h)
{
    enum privilege data_privilege = h->priv;
    if (h->priv == PRIV_M && (h->mstatus & MSTATUS_MPRV))
        data_privilege = (enum privilege)((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    return (struct mmu_mode){.fetch_privilege = h->priv,
                             .data_privilege = data_privilege,
                             .sum = (h->mstatus & MSTATUS_SUM) != 0,
                             .mxr = (h->mstatus & MSTATUS_MXR) != 0,
                             .satp = h->satp};
}

void hart_update_mmu_mode(struct hart *h)
{
    mmu_update_mode(h->mmu, hart_mmu_mode(h));
}

void hart_destroy(struct hart *h)
{
    hart_set_jit(h, false);
    if (h->decode_cache) {
        decode_cache_destroy(h->decode_cache);
        free(h->decode_cache);
        h->decode_cache = NULL;
    }
    if (h->mmu) {
        mmu_destroy(h->mmu);
        free(h->mmu);
        h->mmu = NULL;
    }
}

void hart_set_irq_line(struct hart *h, uint32_t bit, bool level)
{
    if (level)
        h->irq_lines |= bit;
    else
        h->irq_lines &= ~bit;
}

void hart_set_timing(struct hart *h, const struct hart_timing *timing)
{
    h->timing = *timing;
}

void hart_cycle_breakdown(const struct hart *h, struct hart_cycle_breakdown *out)
{
    out->steps = h->steps;
    out->idle = h->idle;
    out->trap = h->timing.trap * h->traps;
    out->walk = out->tlb_miss = 0;
    if (h->mmu) {
        const struct tlb_stats *s = &h->mmu->tlb.stats;
        out->walk = h->timing.walk_access * s->walk_memory_accesses;
        out->tlb_miss = h->timing.tlb_miss * tlb_counts_sum(s->total.misses);
    }
    out->cycles = out->steps + out->idle + out->walk + out->tlb_miss + out->trap;
}

/* The timing model's cycles since reset (docs/timing.md). */
static uint64_t raw_cycles(const struct hart *h)
{
    struct hart_cycle_breakdown b;
    hart_cycle_breakdown(h, &b);
    return b.cycles;
}

void hart_set_cycle_deadline(struct hart *h, uint64_t cycles)
{
    uint64_t now = raw_cycles(h);
    /* 0 stands for none, so a hart built without hart_init (unit tests) has none. */
    h->cycle_deadline = cycles == UINT64_MAX || cycles >= UINT64_MAX - now ? 0 : now + cycles + 1;
}

void hart_check_cycle_deadline(struct hart *h)
{
    if (h->cycle_deadline && raw_cycles(h) + 1 >= h->cycle_deadline)
        h->stop_requested = true;
}

uint64_t hart_cycle(const struct hart *h)
{
    return raw_cycles(h) + h->cycle_offset;
}

uint64_t hart_instret(const struct hart *h)
{
    return h->steps - h->traps + h->instret_offset;
}

uint64_t hart_mtime(const struct hart *h)
{
    return raw_cycles(h) / VMSIM_CYCLES_PER_TICK + h->mtime_offset;
}

void hart_set_mtime(struct hart *h, uint64_t mtime)
{
    h->mtime_offset = mtime - raw_cycles(h) / VMSIM_CYCLES_PER_TICK;
    hart_update_stimecmp(h);
}

uint64_t hart_cycles_until(const struct hart *h, uint64_t mtime_deadline)
{
    uint64_t now = hart_mtime(h);
    if (now >= mtime_deadline)
        return 0;
    uint64_t ticks = mtime_deadline - now;
    if (ticks > UINT64_MAX / VMSIM_CYCLES_PER_TICK)
        return UINT64_MAX;
    /* Cycles to the next tick boundary, then whole ticks. */
    uint64_t into_tick = raw_cycles(h) % VMSIM_CYCLES_PER_TICK;
    return ticks * VMSIM_CYCLES_PER_TICK - into_tick;
}

void hart_idle(struct hart *h, uint64_t cycles)
{
    h->idle += cycles;
    hart_update_stimecmp(h);
}

void hart_update_stimecmp(struct hart *h)
{
    if (h->menvcfgh & MENVCFGH_STCE) {
        h->mip &= ~MIP_STIP;
        hart_set_irq_line(h, MIP_STIP, hart_mtime(h) >= h->stimecmp);
    } else {
        hart_set_irq_line(h, MIP_STIP, false);
    }
}

uint64_t hart_stimecmp_deadline(const struct hart *h)
{
    return (h->menvcfgh & MENVCFGH_STCE) ? h->stimecmp : UINT64_MAX;
}

/* Interrupt priority of the privileged spec: MEI, MSI, MTI, SEI, SSI, STI. */
static uint32_t highest_priority(uint32_t bits)
{
    static const uint32_t order[] = {11, 3, 7, 9, 1, 5};
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
        if (bits & (1u << order[i]))
            return CAUSE_INTERRUPT | order[i];
    return 0;
}

uint32_t hart_pending_interrupt(const struct hart *h)
{
    uint32_t pending = (h->mip | h->irq_lines) & h->mie;
    if (!pending)
        return 0;
    bool machine_enabled = h->priv < PRIV_M || (h->mstatus & MSTATUS_MIE);
    uint32_t machine_level = pending & ~h->mideleg;
    if (machine_enabled && machine_level)
        return highest_priority(machine_level);
    bool supervisor_enabled =
        h->priv < PRIV_S || (h->priv == PRIV_S && (h->mstatus & MSTATUS_SIE));
    uint32_t supervisor_level = pending & h->mideleg;
    if (supervisor_enabled && supervisor_level)
        return highest_priority(supervisor_level);
    return 0;
}

bool hart_wfi_should_wake(const struct hart *h)
{
    return ((h->mip | h->irq_lines) & h->mie) != 0;
}
