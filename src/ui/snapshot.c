/* Copying the machine's state for the window through the observation boundary's read-only
 * views. Runs on the machine's thread, between batches, so everything it reads holds
 * still. */
#include "ui/snapshot.h"

#include <string.h>

#include "cpu/csr.h"
#include "mmu/mmu.h"

static void count_trap(void *opaque, const struct observe_event *e)
{
    struct snapshot_source *src = opaque;
    switch (e->trap.cause) {
    case CAUSE_MACHINE_TIMER:
    case CAUSE_SUPERVISOR_TIMER: src->timer_interrupts++; break;
    case CAUSE_MACHINE_SOFTWARE:
    case CAUSE_SUPERVISOR_SOFTWARE: src->software_interrupts++; break;
    case CAUSE_MACHINE_EXTERNAL:
    case CAUSE_SUPERVISOR_EXTERNAL: break; /* counted by source, as the PLIC's claims */
    default: src->exceptions++; break;
    }
}

bool snapshot_source_init(struct snapshot_source *src, struct observe *o)
{
    memset(src, 0, sizeof *src);
    src->observe = o;
    struct observer observer = {.name = "window snapshots", .kinds = OBSERVE_BIT(OBSERVE_TRAP),
                                .on_event = count_trap, .opaque = src};
    if (!observe_attach(o, &observer))
        return false;
    if (!os_history_init(&src->history, o)) {
        observe_detach(o, src);
        return false;
    }
    return true;
}

void snapshot_source_destroy(struct snapshot_source *src)
{
    os_history_destroy(&src->history);
    observe_detach(src->observe, src);
}

static void take_tlb(struct snapshot_source *src, struct snapshot *s)
{
    const struct tlb *tlb = observe_tlb(src->observe);
    const struct tlb_entry *fetch_entry = observe_tlb_fetch_entry(src->observe);
    s->tlb_config = tlb->config;
    s->tlb_hits = tlb_counts_sum(tlb->stats.total.hits);
    s->tlb_misses = tlb_counts_sum(tlb->stats.total.misses);
    s->tlb_data_hits = tlb->stats.total.hits[TLB_LOAD] + tlb->stats.total.hits[TLB_STORE];
    s->tlb_data_misses = tlb->stats.total.misses[TLB_LOAD] + tlb->stats.total.misses[TLB_STORE];
    /* Repeated hits on the newest entry, and instruction fetches counted in bulk, do not
     * move its use stamp: while lookups go on, those entries are in use too. */
    bool looked_up = s->tlb_hits + s->tlb_misses != src->tlb_lookups;
    s->tlb_entries = 0;
    s->tlb_row_count = 0;
    for (unsigned a = 0; a < 2; a++) {
        const struct tlb_array *array = &tlb->arrays[a];
        s->tlb_sets[a] = array->entries ? array->sets : 0;
        s->tlb_ways[a] = array->entries ? array->ways : 0;
        if (!array->entries)
            continue;
        unsigned count = array->sets * array->ways;
        s->tlb_entries += count;
        for (unsigned i = 0; i < count && s->tlb_row_count < SNAPSHOT_TLB_ROWS; i++) {
            const struct tlb_entry *e = &array->entries[i];
            bool in_use = looked_up && e->valid && (e == tlb->most_recent || e == fetch_entry);
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
                .hit = e->valid && (observe_tlb_last_use(src->observe, e) > src->tlb_clock ||
                                   in_use),
                .filled = e->valid && e->filled_at > src->tlb_clock,
            };
        }
    }
    src->tlb_clock = tlb->clock;
    src->tlb_lookups = s->tlb_hits + s->tlb_misses;
}

void snapshot_take(struct snapshot_source *src, struct snapshot *s, double host_seconds)
{
    snapshot_take_selecting(src, s, host_seconds, 0);
}

void snapshot_take_selecting(struct snapshot_source *src, struct snapshot *s, double host_seconds,
                             uint32_t selected_pid)
{
    const struct observe *o = src->observe;
    const struct hart *h = observe_hart(o);
    s->host_seconds = host_seconds;
    s->steps = h->steps;
    s->instret = hart_instret(h);
    s->mtime = hart_mtime(h);
    s->pc = h->pc;
    s->satp = h->satp;
    s->priv = h->priv;
    const struct annotation_process *p = observe_current_process(o);
    s->process_known = p->known;
    s->pid = p->pid;
    s->tid = p->tid;
    memcpy(s->process_name, p->name, sizeof s->process_name);

    struct observe_devices d;
    observe_device_counters(o, &d);
    s->fb_address = d.fb_address;
    s->fb_frames = d.fb_frames;
    const uint8_t *pixels = observe_screen_pixels(o);
    s->screen_on = pixels != NULL;
    if (pixels)
        memcpy(s->pixels, pixels, sizeof s->pixels);

    s->disk_attached = d.disk_attached;
    s->disk_reads = d.disk_reads;
    s->disk_writes = d.disk_writes;
    s->disk_sectors_read = d.disk_sectors_read;
    s->disk_sectors_written = d.disk_sectors_written;
    s->uart_bytes_out = d.uart_bytes_out;
    s->uart_bytes_in = d.uart_bytes_in;
    s->keyboard_events = d.keyboard_events;
    s->keyboard_lost = d.keyboard_lost;

    s->timer_interrupts = src->timer_interrupts;
    s->software_interrupts = src->software_interrupts;
    s->exceptions = src->exceptions;
    memcpy(s->plic_claims, d.plic_claims, sizeof s->plic_claims);

    take_tlb(src, s);
    os_snapshot_take(&s->os, &src->history, o, selected_pid);
}
