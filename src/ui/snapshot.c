/* Copying the machine's state for the window. Runs on the machine's thread, between
 * batches, so everything it reads holds still. */
#include "ui/snapshot.h"

#include <string.h>

#include "cpu/csr.h"
#include "cpu/trap.h"
#include "machine/machine.h"
#include "mmu/mmu.h"

static void count_trap(void *opaque, const struct hart *h, uint32_t cause, uint32_t tval,
                       uint32_t from_pc, unsigned from_priv)
{
    struct snapshot_source *src = opaque;
    switch (cause) {
    case CAUSE_MACHINE_TIMER:
    case CAUSE_SUPERVISOR_TIMER: src->timer_interrupts++; break;
    case CAUSE_MACHINE_SOFTWARE:
    case CAUSE_SUPERVISOR_SOFTWARE: src->software_interrupts++; break;
    case CAUSE_MACHINE_EXTERNAL:
    case CAUSE_SUPERVISOR_EXTERNAL: break; /* counted by source, as the PLIC's claims */
    default: src->exceptions++; break;
    }
    if (src->next_observer)
        src->next_observer(src->next_opaque, h, cause, tval, from_pc, from_priv);
}

void snapshot_source_init(struct snapshot_source *src, struct machine *m)
{
    *src = (struct snapshot_source){.machine = m};
    src->next_observer = m->hart.trap_observer;
    src->next_opaque = m->hart.trap_observer_opaque;
    trap_set_observer(&m->hart, count_trap, src);
}

void snapshot_source_destroy(struct snapshot_source *src)
{
    trap_set_observer(&src->machine->hart, src->next_observer, src->next_opaque);
}

static uint64_t sum(const uint64_t counts[TLB_ACCESS_KINDS])
{
    return counts[TLB_FETCH] + counts[TLB_LOAD] + counts[TLB_STORE];
}

static void take_tlb(struct snapshot_source *src, struct snapshot *s)
{
    struct mmu *mmu = src->machine->hart.mmu;
    struct tlb *tlb = &mmu->tlb;
    s->tlb_config = tlb->config;
    s->tlb_hits = sum(tlb->stats.total.hits);
    s->tlb_misses = sum(tlb->stats.total.misses);
    s->tlb_data_hits = tlb->stats.total.hits[TLB_LOAD] + tlb->stats.total.hits[TLB_STORE];
    s->tlb_data_misses = tlb->stats.total.misses[TLB_LOAD] + tlb->stats.total.misses[TLB_STORE];
    /* Repeated hits on the newest entry, and instruction fetches counted in bulk, do not
     * move its use stamp: while lookups go on, those entries are in use too. */
    bool looked_up = s->tlb_hits + s->tlb_misses != src->tlb_lookups;
    s->tlb_entries = 0;
    s->tlb_row_count = 0;
    for (unsigned a = 0; a < 2; a++) {
        struct tlb_array *array = &tlb->arrays[a];
        s->tlb_sets[a] = array->entries ? array->sets : 0;
        s->tlb_ways[a] = array->entries ? array->ways : 0;
        if (!array->entries)
            continue;
        unsigned count = array->sets * array->ways;
        s->tlb_entries += count;
        for (unsigned i = 0; i < count; i++) {
            struct tlb_entry *e = &array->entries[i];
            if (s->tlb_row_count < SNAPSHOT_TLB_ROWS) {
                bool in_use = looked_up && e->valid && (e == tlb->most_recent || e == mmu->fetch_entry);
                s->tlb_rows[s->tlb_row_count++] = (struct snapshot_tlb_row){
                    .array = (uint8_t)a,
                    .set = (uint16_t)(i / array->ways),
                    .way = (uint16_t)(i % array->ways),
                    .valid = e->valid,
                    .megapage = e->megapage,
                    .asid = e->asid,
                    .vpn = e->vpn,
                    .ppn = e->ppn,
                    .flags = e->flags,
                    .hit = e->valid && (e->just_hit || e->last_use > src->tlb_clock || in_use),
                    .filled = e->valid && (e->just_filled || e->filled_at > src->tlb_clock),
                };
            }
            e->just_hit = e->just_filled = false;
        }
    }
    src->tlb_clock = tlb->clock;
    src->tlb_lookups = s->tlb_hits + s->tlb_misses;
}

void snapshot_take(struct snapshot_source *src, struct snapshot *s, double host_seconds)
{
    const struct machine *m = src->machine;
    const struct hart *h = &m->hart;
    s->host_seconds = host_seconds;
    s->steps = h->steps;
    s->instret = hart_instret(h);
    s->mtime = hart_mtime(h);
    s->pc = h->pc;
    s->satp = h->satp;
    s->priv = h->priv;
    const struct annotation_process *p = &m->annotation.current;
    s->process_known = p->known;
    s->pid = p->pid;
    s->tid = p->tid;
    memcpy(s->process_name, p->name, sizeof s->process_name);

    s->fb_address = m->framebuffer.address;
    s->fb_frames = m->framebuffer.frames;
    const uint8_t *pixels = framebuffer_pixels(&m->framebuffer);
    s->screen_on = pixels != NULL;
    if (pixels)
        memcpy(s->pixels, pixels, sizeof s->pixels);

    s->disk_attached = m->disk.image != NULL;
    s->disk_reads = m->disk.stats.reads;
    s->disk_writes = m->disk.stats.writes;
    s->disk_sectors_read = m->disk.stats.sectors_read;
    s->disk_sectors_written = m->disk.stats.sectors_written;
    s->uart_bytes_out = m->uart.bytes_out;
    s->uart_bytes_in = m->uart.bytes_in;
    s->keyboard_events = m->keyboard.events_in;
    s->keyboard_lost = m->keyboard.events_lost;

    s->timer_interrupts = src->timer_interrupts;
    s->software_interrupts = src->software_interrupts;
    s->exceptions = src->exceptions;
    memcpy(s->plic_claims, m->plic.claims, sizeof s->plic_claims);

    take_tlb(src, s);
}
