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

/* FNV-1a over the pid and the name. */
static uint32_t row_hash(uint32_t pid, const char *name)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 4; i++)
        h = (h ^ ((pid >> (8 * i)) & 0xff)) * 16777619u;
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return h;
}

struct account_key {
    const struct process_accounts *pa;
    uint32_t pid;
    const char *name;
};

static bool names_row(const void *key, size_t row)
{
    const struct account_key *k = key;
    const struct process_account *account = &k->pa->rows[row];
    return account->pid == k->pid && strcmp(account->name, k->name) == 0;
}

static size_t new_row(struct process_accounts *pa, uint32_t pid, const char *name)
{
    struct process_account *row = &pa->rows[pa->count];
    memset(row, 0, sizeof *row);
    row->pid = pid;
    snprintf(row->name, sizeof row->name, "%s", name);
    return pa->count++;
}

/* The row for (pid, name), made if new, or "(others)" once the table is full; SIZE_MAX if
 * memory ran out. */
static size_t row_for(struct process_accounts *pa, uint32_t pid, const char *name)
{
    if (!pa->rows)
        return SIZE_MAX;
    struct account_key k = {.pa = pa, .pid = pid, .name = name};
    struct row_key key = {.hash = row_hash(pid, name), .names_row = names_row, .key = &k};
    size_t row = row_index_find(&pa->index, &key);
    if (row != ROW_INDEX_NONE)
        return row;
    if (pa->count < PROCESS_ACCOUNTS_MAX_ROWS) {
        if (!row_index_put(&pa->index, &key, pa->count))
            return SIZE_MAX;
        return new_row(pa, pid, name);
    }
    if (pa->others == SIZE_MAX)
        pa->others = new_row(pa, 0, "(others)");
    return pa->others;
}

void process_accounts_init(struct process_accounts *pa, const struct hart *h)
{
    memset(pa, 0, sizeof *pa);
    pa->hart = h;
    pa->others = SIZE_MAX;
    pa->rows = malloc((PROCESS_ACCOUNTS_MAX_ROWS + 1) * sizeof *pa->rows);
    row_index_init(&pa->index);
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
    row_index_destroy(&pa->index);
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

static void on_switch(void *opaque, const struct observe_event *e)
{
    process_accounts_switch(opaque, e->context_switch);
}

struct observer process_accounts_observer(struct process_accounts *pa)
{
    return (struct observer){.name = "process accounts", .kinds = OBSERVE_BIT(OBSERVE_CONTEXT_SWITCH),
                             .on_event = on_switch, .opaque = pa};
}
