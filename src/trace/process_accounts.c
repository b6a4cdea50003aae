/* Per-process accounting from the annotation device's context-switch reports. */
#include "trace/process_accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/hart.h"
#include "mmu/mmu.h"

static const struct tlb_counts *tlb_totals(const struct hart *h)
{
    return &h->mmu->tlb.stats.total;
}

/* The row for (pid, name), made if new; SIZE_MAX if memory ran out. */
static size_t row_for(struct process_accounts *pa, uint32_t pid, const char *name)
{
    /* Newest rows first: the process switched to is usually a recent one. */
    for (size_t i = pa->count; i-- > 0;)
        if (pa->rows[i].pid == pid && strcmp(pa->rows[i].name, name) == 0)
            return i;
    if (pa->count == pa->capacity) {
        size_t capacity = pa->capacity ? 2 * pa->capacity : 16;
        struct process_account *rows = realloc(pa->rows, capacity * sizeof *rows);
        if (!rows)
            return SIZE_MAX;
        pa->rows = rows;
        pa->capacity = capacity;
    }
    struct process_account *row = &pa->rows[pa->count];
    memset(row, 0, sizeof *row);
    row->pid = pid;
    snprintf(row->name, sizeof row->name, "%s", name);
    return pa->count++;
}

void process_accounts_init(struct process_accounts *pa, const struct hart *h)
{
    memset(pa, 0, sizeof *pa);
    pa->hart = h;
    pa->current = row_for(pa, 0, "kernel");
    if (pa->current != SIZE_MAX)
        pa->rows[pa->current].slices = 1;
    pa->mark_instret = hart_instret(h);
    pa->mark_tlb = *tlb_totals(h);
    struct hart_cycle_breakdown b;
    hart_cycle_breakdown(h, &b);
    pa->mark_cycles = b.cycles;
    pa->mark_walk_cycles = b.walk;
}

void process_accounts_destroy(struct process_accounts *pa)
{
    free(pa->rows);
    memset(pa, 0, sizeof *pa);
}

void process_accounts_settle(struct process_accounts *pa)
{
    uint64_t instret = hart_instret(pa->hart);
    const struct tlb_counts *tlb = tlb_totals(pa->hart);
    struct hart_cycle_breakdown b;
    hart_cycle_breakdown(pa->hart, &b);
    if (pa->current != SIZE_MAX) {
        struct process_account *row = &pa->rows[pa->current];
        row->instructions += instret - pa->mark_instret;
        row->cycles += b.cycles - pa->mark_cycles;
        row->walk_cycles += b.walk - pa->mark_walk_cycles;
        for (int k = 0; k < TLB_ACCESS_KINDS; k++) {
            row->tlb.hits[k] += tlb->hits[k] - pa->mark_tlb.hits[k];
            row->tlb.misses[k] += tlb->misses[k] - pa->mark_tlb.misses[k];
        }
    }
    pa->mark_instret = instret;
    pa->mark_tlb = *tlb;
    pa->mark_cycles = b.cycles;
    pa->mark_walk_cycles = b.walk;
}

void process_accounts_switch(struct process_accounts *pa, const struct annotation_process *now)
{
    process_accounts_settle(pa);
    /* pid 0 means the CPU idles in the kernel, whatever name the guest wrote. */
    pa->current = row_for(pa, now->pid, now->pid ? now->name : "kernel");
    if (pa->current == SIZE_MAX)
        pa->dropped_switches++;
    else
        pa->rows[pa->current].slices++;
}

static void on_switch(void *opaque, const struct annotation_process *now)
{
    process_accounts_switch(opaque, now);
}

void process_accounts_watch(struct process_accounts *pa, struct annotation *a)
{
    annotation_watch(a, on_switch, pa);
}
