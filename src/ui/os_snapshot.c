/* Taking the OS view's snapshot. The page-table walk reads RAM only, as a debugger does:
 * it never touches the TLB, its statistics or the A/D bits. */
#include "ui/os_snapshot.h"

#include <stdio.h>
#include <string.h>

#include "cpu/csr.h"
#include "mmu/mmu.h"
#include "os/abi/pte_software.h"
#include "riscv_spec.h"

const char *os_snapshot_state_name(uint32_t state)
{
    return observe_process_state_name(state);
}

enum os_page_state os_snapshot_page_state(uint32_t pte)
{
    if (pte & PTE_V)
        return pte & PTE_COW ? OS_PAGE_COPY_ON_WRITE : OS_PAGE_RESIDENT;
    return pte & PTE_SWAPPED ? OS_PAGE_SWAPPED : OS_PAGE_NOT_RESIDENT;
}

static void take_processes(struct os_snapshot *s, struct os_history *h, const struct observe *o)
{
    size_t count;
    const struct observe_process *rows = observe_processes(o, &count);
    s->process_count = 0;
    for (size_t i = 0; i < count && s->process_count < OS_SNAPSHOT_PROCESSES; i++) {
        const struct observe_process *r = &rows[i];
        if (r->tid != r->pid)
            continue; /* one row per process: its main thread's */
        struct os_snapshot_process *p = &s->processes[s->process_count++];
        *p = (struct os_snapshot_process){.pid = r->pid, .tid = r->tid, .ppid = r->ppid, .uid = r->uid,
                                          .state = r->state, .satp = r->satp, .exit_status = r->exit_status,
                                          .syscalls = r->syscalls};
        memcpy(p->name, r->name, sizeof p->name);
        /* Every row of the accounts with this pid (a process that execs gets a new one). */
        const struct process_accounts *pa = &h->accounts;
        for (size_t k = 0; k < pa->count; k++) {
            if (pa->rows[k].pid != r->pid)
                continue;
            p->instructions += pa->rows[k].instructions;
            p->tlb_hits += tlb_counts_sum(pa->rows[k].tlb.hits);
            p->tlb_misses += tlb_counts_sum(pa->rows[k].tlb.misses);
        }
        uint64_t traps = os_history_page_faults(h, r->pid);
        p->page_faults = traps > r->page_faults ? traps : r->page_faults;
    }
}

static uint32_t choose(const struct os_snapshot *s, const struct observe *o, uint32_t wanted)
{
    for (unsigned i = 0; i < s->process_count; i++)
        if (wanted && s->processes[i].pid == wanted)
            return wanted;
    uint32_t running = observe_current_process(o)->pid;
    for (unsigned i = 0; i < s->process_count; i++)
        if (running && s->processes[i].pid == running)
            return running;
    for (unsigned i = s->process_count; i-- > 0;)
        if (s->processes[i].state != ANNOTATION_PROC_ZOMBIE)
            return s->processes[i].pid;
    return 0;
}

static bool in_tlb(const struct tlb *tlb, uint32_t vaddr, uint32_t asid)
{
    return tlb_probe(tlb, TLB_LOAD, vaddr, (uint16_t)asid) || tlb_probe(tlb, TLB_FETCH, vaddr, (uint16_t)asid);
}

/* A new line for the pane, or NULL when it is full. */
static struct os_snapshot_pte *new_line(struct os_snapshot *s)
{
    if (s->pte_count == OS_SNAPSHOT_PTES) {
        s->ptes_truncated = true;
        return NULL;
    }
    struct os_snapshot_pte *e = &s->ptes[s->pte_count++];
    memset(e, 0, sizeof *e);
    return e;
}

/* The kernel's global 4 MiB pages are the same in every process and would bury its own
 * entries: the first one makes a line, the others are counted on it. */
static void add_kernel_global(struct os_snapshot *s, uint16_t index, uint32_t vaddr, bool cached)
{
    s->kernel_global[index / 32] |= 1u << (index % 32);
    struct os_snapshot_pte *line = NULL;
    for (unsigned i = 0; i < s->pte_count && !line; i++)
        if (s->ptes[i].state == OS_PAGE_KERNEL_GLOBAL)
            line = &s->ptes[i];
    if (!line) {
        line = new_line(s);
        if (!line)
            return;
        *line = (struct os_snapshot_pte){.level = 1, .state = OS_PAGE_KERNEL_GLOBAL, .index = index, .vaddr = vaddr};
    }
    line->count++;
    line->in_tlb |= cached;
}

static void add_pte(struct os_snapshot *s, const struct observe *o, uint32_t asid, uint8_t level, uint16_t index,
                    uint32_t vaddr, uint32_t pte, uint32_t pte_address)
{
    bool leaf = (pte & PTE_V) && (pte & (PTE_R | PTE_W | PTE_X));
    enum os_page_state state = level == 0 ? os_snapshot_page_state(pte)
                               : leaf     ? OS_PAGE_MEGAPAGE
                               : (pte & PTE_V) ? OS_PAGE_TABLE_POINTER
                                               : os_snapshot_page_state(pte);
    bool cached = leaf && in_tlb(observe_tlb(o), vaddr, asid);
    bool kernel_global = level == 1 && leaf && (pte & PTE_G);
    if (state != OS_PAGE_TABLE_POINTER) {
        s->resident_pages += (pte & PTE_V) != 0;
        s->shared_pages += state == OS_PAGE_COPY_ON_WRITE;
        s->swapped_pages += state == OS_PAGE_SWAPPED;
        s->other_pages += state == OS_PAGE_NOT_RESIDENT;
        s->in_tlb_pages += cached;
    }
    if (kernel_global) {
        add_kernel_global(s, index, vaddr, cached);
        return;
    }
    struct os_snapshot_pte *e = new_line(s);
    if (!e)
        return;
    *e = (struct os_snapshot_pte){.level = level, .state = (uint8_t)state, .index = index, .vaddr = vaddr,
                                  .pte = pte, .pte_address = pte_address, .in_tlb = cached};
    if (state == OS_PAGE_COPY_ON_WRITE) {
        uint32_t sharers = observe_frame_references(o, (pte >> 10) << 12);
        e->sharers = sharers > UINT16_MAX ? UINT16_MAX : (uint16_t)sharers;
    }
}

/* Zero entries [first, end) of a second-level table: one line for the run. */
static void add_untouched(struct os_snapshot *s, uint32_t table_vaddr, uint32_t first, uint32_t end)
{
    if (first == end)
        return;
    s->untouched_pages += end - first;
    struct os_snapshot_pte *e = new_line(s);
    if (e)
        *e = (struct os_snapshot_pte){.level = 0, .state = OS_PAGE_UNTOUCHED, .index = (uint16_t)first,
                                      .count = (uint16_t)(end - first), .vaddr = table_vaddr | first << 12};
}

/* The selected process's Sv32 tree, from its satp as the kernel reported it. */
static void take_page_table(struct os_snapshot *s, const struct observe *o)
{
    const struct os_snapshot_process *p = NULL;
    for (unsigned i = 0; i < s->process_count; i++)
        if (s->processes[i].pid == s->selected_pid)
            p = &s->processes[i];
    s->pte_count = s->resident_pages = s->shared_pages = s->swapped_pages = s->other_pages = 0;
    s->untouched_pages = s->in_tlb_pages = 0;
    s->ptes_truncated = false;
    s->table_readable = false;
    memset(s->kernel_global, 0, sizeof s->kernel_global);
    s->selected_satp = p ? p->satp : 0;
    snprintf(s->selected_name, sizeof s->selected_name, "%s", p ? p->name : "");
    if (!p || !(p->satp & SATP_MODE_SV32))
        return;
    uint32_t asid = (p->satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
    uint32_t root = (p->satp & SATP_PPN_MASK) << 12;
    uint32_t word;
    if (!observe_read_ram_word(o, root, &word))
        return;
    s->table_readable = true;
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t pte_address = root + 4 * i, pte;
        if (!observe_read_ram_word(o, pte_address, &pte) || pte == 0)
            continue;
        uint32_t vaddr = i << 22;
        add_pte(s, o, asid, 1, (uint16_t)i, vaddr, pte, pte_address);
        if (!(pte & PTE_V) || (pte & (PTE_R | PTE_W | PTE_X)))
            continue; /* not a pointer to a second-level table */
        uint32_t table = (pte >> 10) << 12, zeros_from = 0;
        for (uint32_t j = 0; j < 1024; j++) {
            uint32_t leaf_address = table + 4 * j, leaf;
            if (!observe_read_ram_word(o, leaf_address, &leaf) || leaf == 0)
                continue;
            add_untouched(s, vaddr, zeros_from, j);
            zeros_from = j + 1;
            add_pte(s, o, asid, 0, (uint16_t)j, vaddr | j << 12, leaf, leaf_address);
        }
        add_untouched(s, vaddr, zeros_from, 1024);
    }
}

/* Copies a ring oldest first. */
#define COPY_RING(dst, src, next, count, size)                                                                    \
    do {                                                                                                          \
        for (unsigned i_ = 0; i_ < (count); i_++)                                                                 \
            (dst)[i_] = (src)[os_history_oldest(i_, (next), (count), (size))];                                    \
    } while (0)

void os_snapshot_take(struct os_snapshot *s, struct os_history *h, const struct observe *o, uint32_t selected_pid)
{
    os_history_settle(h);
    take_processes(s, h, o);
    s->instructions = hart_instret(observe_hart(o));
    s->selected_pid = choose(s, o, selected_pid);
    take_page_table(s, o);

    s->slice_count = h->slice_count;
    COPY_RING(s->slices, h->slices, h->slice_next, h->slice_count, OS_HISTORY_SLICES);
    s->tick_count = h->tick_count;
    COPY_RING(s->ticks, h->ticks, h->tick_next, h->tick_count, OS_HISTORY_TICKS);
    s->call_count = h->call_count;
    COPY_RING(s->calls, h->calls, h->call_next, h->call_count, OS_HISTORY_CALLS);
    s->rate_count = h->rate_count;
    memcpy(s->rate, h->rate, h->rate_count * sizeof h->rate[0]);
    s->rate_width = h->rate_width;
    s->rate_start = h->rate_start;
    struct observe_time now = observe_now(observe_hart(o));
    s->now_cycles = now.cycles;
    s->now_instret = now.instret;
    const struct observe_memory *memory = observe_memory_report(o);
    s->memory_known = memory != NULL;
    if (memory)
        s->memory = *memory;
}
