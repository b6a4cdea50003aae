/* Writing trace events as JSON Lines, from the observation boundary's events. */
#include "trace/trace.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cpu/csr.h"
#include "cpu/hart.h"
#include "devices/annotation.h"
#include "mmu/mmu.h"
#include "trace/json.h"

static const char *const privilege_names[] = {"U", "S", "?", "M"};

const char *trace_access_name(enum tlb_access access)
{
    static const char *const names[] = {"fetch", "load", "store"};
    return access < TLB_ACCESS_KINDS ? names[access] : "?";
}

static void begin(struct trace *t, const char *kind, const struct observe_time *time)
{
    fprintf(t->out, "{\"ev\":\"%s\",\"icount\":%" PRIu64, kind, time->instret);
    t->events++;
}

/* Ends an event: while the guest OS says a process runs, the event names it last. */
static void finish(struct trace *t)
{
    const struct annotation_process *running = t->attached_to ? observe_current_process(t->attached_to) : NULL;
    if (running && running->known && running->pid) {
        fprintf(t->out, ",\"proc\":{\"pid\":%u,\"tid\":%u,\"name\":", running->pid, running->tid);
        json_string(t->out, running->name);
        fputc('}', t->out);
    }
    fputs("}\n", t->out);
}

static void write_trap(struct trace *t, const struct observe_event *e)
{
    const struct observe_trap *trap = &e->trap;
    bool interrupt = (trap->cause & CAUSE_INTERRUPT) != 0;
    begin(t, "trap", &e->time);
    fprintf(t->out, ",\"cause\":%u,\"interrupt\":%s,\"name\":", trap->cause & ~CAUSE_INTERRUPT,
            interrupt ? "true" : "false");
    json_string(t->out, riscv_cause_name(trap->cause));
    fprintf(t->out, ",\"pc\":\"0x%08x\",\"tval\":\"0x%08x\",\"from\":\"%s\",\"to\":\"%s\",\"handler\":\"0x%08x\"",
            trap->from_pc, trap->tval, privilege_names[trap->from & 3], privilege_names[trap->to & 3],
            trap->handler_pc);
    finish(t);
    const struct mmu_fault_report *f = trap->fault;
    if (f) {
        begin(t, "page_fault", &e->time);
        fprintf(t->out,
                ",\"access\":\"%s\",\"vaddr\":\"0x%08x\",\"pc\":\"0x%08x\",\"level\":%d,"
                "\"pte_address\":\"0x%08x\",\"pte\":\"0x%08x\",\"reason\":",
                trace_access_name(f->access), f->vaddr, trap->from_pc, f->level, f->pte_address, f->pte);
        json_string(t->out, f->reason ? f->reason : "unknown");
        finish(t);
    }
}

static void write_satp(struct trace *t, const struct observe_event *e)
{
    uint32_t new_satp = e->satp.new_satp;
    begin(t, "satp", &e->time);
    fprintf(t->out, ",\"old\":\"0x%08x\",\"new\":\"0x%08x\",\"mode\":\"%s\",\"asid\":%u,\"root\":\"0x%08" PRIx64 "\"",
            e->satp.old_satp, new_satp, (new_satp & SATP_MODE_SV32) ? "sv32" : "bare",
            (new_satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, (uint64_t)(new_satp & SATP_PPN_MASK) << 12);
    finish(t);
}

static void write_sfence(struct trace *t, const struct observe_event *e)
{
    begin(t, "sfence", &e->time);
    fputs(",\"vaddr\":", t->out);
    if (e->sfence.has_address)
        fprintf(t->out, "\"0x%08x\"", e->sfence.vaddr);
    else
        fputs("null", t->out);
    fputs(",\"asid\":", t->out);
    if (e->sfence.has_asid)
        fprintf(t->out, "%u", e->sfence.asid & SATP_ASID_MASK);
    else
        fputs("null", t->out);
    finish(t);
}

static void write_context_switch(struct trace *t, const struct observe_event *e)
{
    const struct annotation_process *now = e->context_switch;
    begin(t, "context_switch", &e->time);
    fprintf(t->out, ",\"pid\":%u,\"tid\":%u,\"asid\":%u,\"name\":", now->pid, now->tid, now->asid);
    json_string(t->out, now->name);
    finish(t);
}

static void write_syscall(struct trace *t, const struct observe_event *e)
{
    const struct observe_syscall *c = &e->syscall;
    bool enter = e->kind == OBSERVE_SYSCALL_ENTER;
    begin(t, enter ? "syscall" : "syscall_return", &e->time);
    fprintf(t->out, ",\"pid\":%u,\"tid\":%u,\"number\":%u,\"name\":", c->pid, c->tid, c->number);
    json_string(t->out, c->name);
    if (enter)
        fprintf(t->out, ",\"args\":[%u,%u,%u],\"pc\":\"0x%08x\"", c->args[0], c->args[1], c->args[2], c->pc);
    else
        fprintf(t->out, ",\"result\":%" PRId32, c->result);
    finish(t);
}

static void write_process(struct trace *t, const struct observe_event *e)
{
    const struct observe_process *p = e->process;
    begin(t, "process", &e->time);
    fprintf(t->out, ",\"pid\":%u,\"tid\":%u,\"ppid\":%u,\"uid\":%u,\"state\":\"%s\",\"satp\":\"0x%08x\",", p->pid,
            p->tid, p->ppid, p->uid, observe_process_state_name(p->state), p->satp);
    if (p->state == ANNOTATION_PROC_ZOMBIE)
        fprintf(t->out, "\"exit_status\":%" PRId32 ",", p->exit_status);
    fputs("\"name\":", t->out);
    json_string(t->out, p->name);
    finish(t);
}

static void write_kernel_page_fault(struct trace *t, const struct observe_event *e)
{
    const struct observe_kernel_page_fault *f = &e->page_fault;
    begin(t, "page_fault_handled", &e->time);
    fprintf(t->out, ",\"pid\":%u,\"tid\":%u,\"vaddr\":\"0x%08x\",\"kind\":\"%s\",\"frame\":\"0x%08x\",\"pc\":\"0x%08x\"",
            f->pid, f->tid, f->vaddr, observe_fault_kind_name(f->kind), f->frame, f->pc);
    finish(t);
}

static void write_memory(struct trace *t, const struct observe_event *e)
{
    const struct observe_memory *m = &e->memory;
    begin(t, "memory", &e->time);
    fprintf(t->out, ",\"free_frames\":%u,\"frames\":%u,\"swap_used\":%u,\"swap_slots\":%u,\"swap_outs\":%u,"
            "\"swap_ins\":%u", m->free_frames, m->frames, m->swap_used, m->swap_slots, m->swap_outs, m->swap_ins);
    finish(t);
}

static void write_miss(struct trace *t)
{
    const struct observe_tlb_miss *m = &t->pending;
    t->miss_pending = false;
    begin(t, "tlb_miss", &t->pending_time);
    fprintf(t->out, ",\"pc\":\"0x%08x\",\"vaddr\":\"0x%08x\",\"access\":\"%s\",\"asid\":%u,\"evicted\":", m->pc,
            m->vaddr, trace_access_name(m->access), m->asid);
    if (t->evicted_known)
        fprintf(t->out, "{\"vaddr\":\"0x%08x\",\"asid\":%u,\"ppn\":\"0x%x\",\"megapage\":%s}", t->evicted.vpn << 12,
                t->evicted.asid, t->evicted.ppn, t->evicted.megapage ? "true" : "false");
    else
        fputs("null", t->out);
    finish(t);
    t->evicted_known = false;
}

/* The miss events: each miss waits for the fill that follows its walk (and the eviction
 * that made room for it); anything else writes it as it is. */
static bool follow_miss(struct trace *t, const struct observe_event *e)
{
    switch (e->kind) {
    case OBSERVE_TLB_MISS:
        if (t->miss_pending)
            write_miss(t);
        t->pending = e->tlb_miss;
        t->pending_time = e->time;
        t->miss_pending = true;
        t->evicted_known = false;
        return true;
    case OBSERVE_TLB_EVICT:
        if (t->miss_pending && !e->tlb.flushed) {
            t->evicted = *e->tlb.entry;
            t->evicted_known = true;
        }
        return true;
    case OBSERVE_TLB_FILL:
        if (t->miss_pending)
            write_miss(t);
        return true;
    default:
        if (t->miss_pending)
            write_miss(t);
        return false;
    }
}

static void write_sample(struct trace *t, const struct observe_time *time, bool at_exit)
{
    const struct tlb *tlb = &t->hart->mmu->tlb;
    const struct tlb_counts *now = &tlb->stats.total;
    uint64_t hits = tlb_counts_sum(now->hits) - tlb_counts_sum(t->last.hits);
    uint64_t misses = tlb_counts_sum(now->misses) - tlb_counts_sum(t->last.misses);
    begin(t, "tlb_sample", time);
    fprintf(t->out, ",\"asid\":%u,\"hits\":%" PRIu64 ",\"misses\":%" PRIu64 ",\"hit_rate\":",
            (t->hart->satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, hits, misses);
    json_rate(t->out, observe_hit_rate(hits, misses));
    fputs(",\"by_access\":{", t->out);
    for (enum tlb_access a = TLB_FETCH; a < TLB_ACCESS_KINDS; a++)
        fprintf(t->out, "%s\"%s\":{\"hits\":%" PRIu64 ",\"misses\":%" PRIu64 "}", a ? "," : "",
                trace_access_name(a), now->hits[a] - t->last.hits[a], now->misses[a] - t->last.misses[a]);
    fputc('}', t->out);
    if (at_exit)
        fputs(",\"at_exit\":true", t->out);
    finish(t);
    t->last = *now;
}

static void sample(struct trace *t, const struct observe_event *e)
{
    if (!t->interval || t->hart->steps < t->next_sample)
        return;
    write_sample(t, &e->time, false);
    t->next_sample = t->hart->steps + t->interval;
}

static void on_event(void *opaque, const struct observe_event *e)
{
    struct trace *t = opaque;
    if (t->misses && follow_miss(t, e))
        return;
    switch (e->kind) {
    case OBSERVE_TRAP: write_trap(t, e); break;
    case OBSERVE_SATP_WRITE: write_satp(t, e); break;
    case OBSERVE_SFENCE: write_sfence(t, e); break;
    case OBSERVE_CONTEXT_SWITCH: write_context_switch(t, e); break;
    case OBSERVE_SYSCALL_ENTER:
    case OBSERVE_SYSCALL_EXIT: write_syscall(t, e); break;
    case OBSERVE_PROCESS: write_process(t, e); break;
    case OBSERVE_PAGE_FAULT: write_kernel_page_fault(t, e); break;
    case OBSERVE_MEMORY: write_memory(t, e); break;
    case OBSERVE_BATCH_END: sample(t, e); break;
    default: break;
    }
}

/* Ends batches where samples fall due, so that each sample covers its interval exactly. */
static uint64_t before_batch(void *opaque, uint64_t budget, enum machine_stop *stop)
{
    (void)stop;
    const struct trace *t = opaque;
    if (!t->interval)
        return budget;
    uint64_t to_sample = t->next_sample > t->hart->steps ? t->next_sample - t->hart->steps : 1;
    return budget < to_sample ? budget : to_sample;
}

struct observer trace_observer(struct trace *t)
{
    return (struct observer){
        .name = "trace",
        .kinds = OBSERVE_BIT(OBSERVE_TRAP) | OBSERVE_BIT(OBSERVE_SATP_WRITE) | OBSERVE_BIT(OBSERVE_SFENCE) |
                 OBSERVE_BIT(OBSERVE_CONTEXT_SWITCH) | OBSERVE_BIT(OBSERVE_SYSCALL_ENTER) |
                 OBSERVE_BIT(OBSERVE_SYSCALL_EXIT) | OBSERVE_BIT(OBSERVE_PROCESS) |
                 OBSERVE_BIT(OBSERVE_PAGE_FAULT) | OBSERVE_BIT(OBSERVE_MEMORY) |
                 (t->interval ? OBSERVE_BIT(OBSERVE_BATCH_END) : 0) |
                 (t->misses ? OBSERVE_BIT(OBSERVE_TLB_MISS) | OBSERVE_BIT(OBSERVE_TLB_FILL) |
                                  OBSERVE_BIT(OBSERVE_TLB_EVICT)
                            : 0),
        .on_event = on_event,
        .before_batch = t->interval ? before_batch : NULL,
        .opaque = t,
    };
}

bool trace_attach(struct trace *t, struct observe *o)
{
    struct observer observer = trace_observer(t);
    if (!observe_attach(o, &observer))
        return false;
    t->attached_to = o;
    return true;
}

bool trace_open(struct trace *t, const char *path, const struct hart *hart, uint64_t interval, bool misses,
                char *err, size_t err_size)
{
    memset(t, 0, sizeof *t);
    t->out = fopen(path, "w");
    if (!t->out) {
        snprintf(err, err_size, "cannot write trace file %s: %s", path, strerror(errno));
        return false;
    }
    t->hart = hart;
    t->interval = interval;
    t->misses = misses;
    t->next_sample = interval ? hart->steps + interval : UINT64_MAX;
    const struct tlb_config *c = &hart->mmu->tlb.config;
    fprintf(t->out,
            "{\"ev\":\"start\",\"icount\":0,\"pc\":\"0x%08x\",\"tlb\":{\"entries\":%u,\"ways\":%u,"
            "\"policy\":\"%s\",\"split\":%s,\"asid_tagging\":%s},\"trace_interval\":%" PRIu64
            ",\"trace_misses\":%s}\n",
            hart->pc, c->entries, c->ways, tlb_policy_name(c->policy), c->split ? "true" : "false",
            c->asid_tagging ? "true" : "false", interval, misses ? "true" : "false");
    return true;
}

void trace_close(struct trace *t, const char *how, int status)
{
    if (!t->out)
        return;
    if (t->miss_pending)
        write_miss(t);
    struct observe_time now = observe_now(t->hart);
    const struct tlb_counts *total = &t->hart->mmu->tlb.stats.total;
    if (t->interval && tlb_counts_sum(total->hits) + tlb_counts_sum(total->misses) >
                           tlb_counts_sum(t->last.hits) + tlb_counts_sum(t->last.misses))
        write_sample(t, &now, true); /* the rest since the last sample: the samples add up */
    if (t->attached_to)
        observe_detach(t->attached_to, t);
    t->attached_to = NULL;
    fprintf(t->out, "{\"ev\":\"exit\",\"icount\":%" PRIu64 ",\"cycles\":%" PRIu64 ",\"how\":", now.instret,
            now.cycles);
    json_string(t->out, how);
    fprintf(t->out, ",\"status\":%d,\"tlb\":{\"hits\":%" PRIu64 ",\"misses\":%" PRIu64 "}}\n", status,
            tlb_counts_sum(total->hits), tlb_counts_sum(total->misses));
    fclose(t->out);
    t->out = NULL;
}
