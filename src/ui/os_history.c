/* Gathering the OS view's history from the observation boundary's events. */
#include "ui/os_history.h"

#include <string.h>

#include "cpu/csr.h"
#include "mmu/mmu.h"

#define FIRST_RATE_WIDTH 10000 /* instructions per hit-rate point until the points fill */

/* Counts an event of kind `target`; when the window runs to the next one, this is it. */
static void saw(struct os_history *h, enum os_step_target target, uint32_t pid, uint32_t detail)
{
    h->seen[target]++;
    h->last[target] = (struct os_step_event){.pid = pid, .detail = detail};
    if (h->stop_after_set && h->stop_after == target)
        observe_request_batch_end(h->observe);
}

static void add_tick(struct os_history *h, uint64_t at, uint8_t kind)
{
    h->ticks[h->tick_next] = (struct os_tick){.at = at, .pid = h->current_pid, .kind = kind};
    h->tick_next = (h->tick_next + 1) % OS_HISTORY_TICKS;
    if (h->tick_count < OS_HISTORY_TICKS)
        h->tick_count++;
}

static struct os_slice *newest_slice(struct os_history *h)
{
    if (!h->slice_count)
        return NULL;
    return &h->slices[(h->slice_next + OS_HISTORY_SLICES - 1) % OS_HISTORY_SLICES];
}

static void context_switch(struct os_history *h, const struct observe_event *e)
{
    const struct annotation_process *now = e->context_switch;
    process_accounts_switch(&h->accounts, now);
    struct os_slice *last = newest_slice(h);
    if (last && !last->end)
        last->end = e->time.cycles;
    h->current_pid = now->pid;
    h->slices[h->slice_next] = (struct os_slice){.pid = now->pid, .tid = now->tid, .start = e->time.cycles};
    memcpy(h->slices[h->slice_next].name, now->name, sizeof now->name);
    h->slice_next = (h->slice_next + 1) % OS_HISTORY_SLICES;
    if (h->slice_count < OS_HISTORY_SLICES)
        h->slice_count++;
    saw(h, OS_STEP_SWITCH, now->pid, now->tid);
}

static void count_fault(struct os_history *h)
{
    for (unsigned i = 0; i < h->fault_pid_count; i++) {
        if (h->faults[i].pid == h->current_pid) {
            h->faults[i].faults++;
            return;
        }
    }
    if (h->fault_pid_count < OS_HISTORY_FAULT_PIDS) {
        h->faults[h->fault_pid_count].pid = h->current_pid;
        h->faults[h->fault_pid_count++].faults = 1;
    }
}

uint64_t os_history_page_faults(const struct os_history *h, uint32_t pid)
{
    for (unsigned i = 0; i < h->fault_pid_count; i++)
        if (h->faults[i].pid == pid)
            return h->faults[i].faults;
    return 0;
}

static bool is_page_fault(uint32_t cause)
{
    return cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT;
}

static void trap(struct os_history *h, const struct observe_event *e)
{
    uint32_t cause = e->trap.cause;
    saw(h, OS_STEP_TRAP, h->current_pid, cause);
    if (cause & CAUSE_INTERRUPT) {
        add_tick(h, e->time.cycles, OS_TICK_INTERRUPT);
    } else if (is_page_fault(cause)) {
        add_tick(h, e->time.cycles, OS_TICK_PAGE_FAULT);
        count_fault(h);
        saw(h, OS_STEP_PAGE_FAULT, h->current_pid, e->trap.tval);
    }
}

static void syscall(struct os_history *h, const struct observe_event *e)
{
    const struct observe_syscall *s = &e->syscall;
    if (e->kind == OBSERVE_SYSCALL_ENTER) {
        add_tick(h, e->time.cycles, OS_TICK_SYSCALL);
        h->calls[h->call_next] = (struct os_call){.at = e->time.cycles, .pid = s->pid, .tid = s->tid,
                                                  .number = s->number};
        memcpy(h->calls[h->call_next].args, s->args, sizeof s->args);
        h->call_next = (h->call_next + 1) % OS_HISTORY_CALLS;
        if (h->call_count < OS_HISTORY_CALLS)
            h->call_count++;
        saw(h, OS_STEP_SYSCALL, s->pid, s->number);
        return;
    }
    /* The newest open call of that thread gets the result. */
    for (unsigned i = 0; i < h->call_count; i++) {
        struct os_call *c = &h->calls[(h->call_next + OS_HISTORY_CALLS - 1 - i) % OS_HISTORY_CALLS];
        if (c->pid == s->pid && c->tid == s->tid && !c->returned) {
            if (c->number == s->number) {
                c->result = s->result;
                c->returned = true;
            }
            return;
        }
    }
}

/* Halves the number of points: each new one covers two old ones, twice as long. */
static void rate_merge(struct os_history *h)
{
    unsigned count = (h->rate_count + 1) / 2;
    for (unsigned i = 0; i < count; i++) {
        struct os_rate_point sum = h->rate[2 * i];
        if (2 * i + 1 < h->rate_count) {
            const struct os_rate_point *b = &h->rate[2 * i + 1];
            sum.hits += b->hits;
            sum.misses += b->misses;
            sum.data_hits += b->data_hits;
            sum.data_misses += b->data_misses;
        }
        h->rate[i] = sum;
    }
    h->rate_count = count;
    h->rate_width *= 2;
}

/* Completes the points that end by `instret`; the lookups since the last point go to the
 * newest one (a batch's lookups are not told apart). */
static void rate_advance(struct os_history *h, uint64_t instret)
{
    if (instret < h->rate_next_end)
        return;
    while ((instret - h->rate_start) / h->rate_width > OS_HISTORY_RATE_POINTS)
        rate_merge(h);
    uint64_t complete = (instret - h->rate_start) / h->rate_width;
    if (complete <= h->rate_count) {
        h->rate_next_end = h->rate_start + (h->rate_count + 1) * h->rate_width;
        return;
    }
    const struct tlb_counts *total = &h->hart->mmu->tlb.stats.total;
    while (h->rate_count < complete)
        h->rate[h->rate_count++] = (struct os_rate_point){0};
    struct os_rate_point *p = &h->rate[h->rate_count - 1];
    p->hits += tlb_counts_sum(total->hits) - tlb_counts_sum(h->rate_mark.hits);
    p->misses += tlb_counts_sum(total->misses) - tlb_counts_sum(h->rate_mark.misses);
    p->data_hits += total->hits[TLB_LOAD] + total->hits[TLB_STORE] - h->rate_mark.hits[TLB_LOAD] -
                    h->rate_mark.hits[TLB_STORE];
    p->data_misses += total->misses[TLB_LOAD] + total->misses[TLB_STORE] - h->rate_mark.misses[TLB_LOAD] -
                      h->rate_mark.misses[TLB_STORE];
    h->rate_mark = *total;
    h->rate_next_end = h->rate_start + (h->rate_count + 1) * h->rate_width;
    if (h->rate_count == OS_HISTORY_RATE_POINTS) {
        rate_merge(h);
        h->rate_next_end = h->rate_start + (h->rate_count + 1) * h->rate_width;
    }
}

void os_history_settle(struct os_history *h)
{
    uint64_t instret = hart_instret(h->hart);
    if (instret >= h->rate_start) /* a test may move the counters back */
        rate_advance(h, instret);
    process_accounts_settle(&h->accounts);
}

static void on_event(void *opaque, const struct observe_event *e)
{
    struct os_history *h = opaque;
    switch (e->kind) {
    case OBSERVE_CONTEXT_SWITCH: context_switch(h, e); break;
    case OBSERVE_TRAP: trap(h, e); break;
    case OBSERVE_SYSCALL_ENTER:
    case OBSERVE_SYSCALL_EXIT: syscall(h, e); break;
    case OBSERVE_BATCH_END:
        if (e->time.instret >= h->rate_start)
            rate_advance(h, e->time.instret);
        break;
    default: break;
    }
}

/* Ends batches at the hit-rate points, so that each point covers its own stretch. */
static uint64_t before_batch(void *opaque, uint64_t budget, enum machine_stop *stop)
{
    (void)stop;
    const struct os_history *h = opaque;
    uint64_t instret = hart_instret(h->hart);
    uint64_t to_point = h->rate_next_end > instret ? h->rate_next_end - instret : 1;
    return budget < to_point ? budget : to_point;
}

bool os_history_init(struct os_history *h, struct observe *o)
{
    memset(h, 0, sizeof *h);
    h->hart = observe_hart(o);
    h->observe = o;
    process_accounts_init(&h->accounts, h->hart);
    h->current_pid = observe_current_process(o)->pid;
    h->rate_width = FIRST_RATE_WIDTH;
    h->rate_start = hart_instret(h->hart);
    h->rate_next_end = h->rate_start + h->rate_width;
    h->rate_mark = observe_tlb(o)->stats.total;
    struct observer observer = {
        .name = "window history",
        .kinds = OBSERVE_BIT(OBSERVE_CONTEXT_SWITCH) | OBSERVE_BIT(OBSERVE_TRAP) |
                 OBSERVE_BIT(OBSERVE_SYSCALL_ENTER) | OBSERVE_BIT(OBSERVE_SYSCALL_EXIT) |
                 OBSERVE_BIT(OBSERVE_BATCH_END),
        .on_event = on_event,
        .before_batch = before_batch,
        .opaque = h,
    };
    if (!observe_attach(o, &observer)) {
        process_accounts_destroy(&h->accounts);
        return false;
    }
    return true;
}

void os_history_destroy(struct os_history *h)
{
    observe_detach(h->observe, h);
    process_accounts_destroy(&h->accounts);
}
