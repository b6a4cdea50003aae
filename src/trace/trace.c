/* Writing trace events as JSON Lines. */
#include "trace/trace.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cpu/csr.h"
#include "cpu/hart.h"
#include "cpu/trap.h"
#include "devices/annotation.h"
#include "mmu/mmu.h"

static const char *const privilege_names[] = {"U", "S", "?", "M"};

const char *trace_access_name(enum tlb_access access)
{
    static const char *const names[] = {"fetch", "load", "store"};
    return access < TLB_ACCESS_KINDS ? names[access] : "?";
}

static uint64_t icount(const struct trace *t)
{
    return hart_instret(t->hart);
}

/* Writes s as a JSON string. Process names come from the guest, so control characters
 * and bytes outside ASCII are written as \u escapes, keeping every line valid JSON. */
static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c >= 0x7f) {
            fprintf(out, "\\u%04x", c);
            continue;
        }
        if (c == '"' || c == '\\')
            fputc('\\', out);
        fputc(c, out);
    }
    fputc('"', out);
}

static bool is_page_fault(uint32_t cause)
{
    return cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT ||
           cause == CAUSE_STORE_PAGE_FAULT;
}

static void on_trap(void *opaque, const struct hart *h, uint32_t cause, uint32_t tval,
                    uint32_t from_pc, unsigned from_priv)
{
    struct trace *t = opaque;
    bool interrupt = (cause & CAUSE_INTERRUPT) != 0;
    fprintf(t->out,
            "{\"ev\":\"trap\",\"icount\":%" PRIu64 ",\"cause\":%u,\"interrupt\":%s,\"name\":",
            icount(t), cause & ~CAUSE_INTERRUPT, interrupt ? "true" : "false");
    put_string(t->out, riscv_cause_name(cause));
    fprintf(t->out, ",\"pc\":\"0x%08x\",\"tval\":\"0x%08x\",\"from\":\"%s\",\"to\":\"%s\",\"handler\":\"0x%08x\"}\n",
            from_pc, tval, privilege_names[from_priv & 3], privilege_names[h->priv & 3], h->pc);
    t->events++;
    const struct mmu_fault_report *f = &h->mmu->last_fault;
    if (is_page_fault(cause) && f->vaddr == tval) {
        fprintf(t->out,
                "{\"ev\":\"page_fault\",\"icount\":%" PRIu64 ",\"access\":\"%s\",\"vaddr\":\"0x%08x\","
                "\"pc\":\"0x%08x\",\"level\":%d,\"pte_address\":\"0x%08x\",\"pte\":\"0x%08x\",\"reason\":",
                icount(t), trace_access_name(f->access), f->vaddr, from_pc, f->level, f->pte_address,
                f->pte);
        put_string(t->out, f->reason ? f->reason : "unknown");
        fputs("}\n", t->out);
        t->events++;
    }
}

static void on_satp_change(void *opaque, uint32_t old_satp, uint32_t new_satp)
{
    struct trace *t = opaque;
    fprintf(t->out,
            "{\"ev\":\"satp\",\"icount\":%" PRIu64 ",\"old\":\"0x%08x\",\"new\":\"0x%08x\",\"mode\":\"%s\","
            "\"asid\":%u,\"root\":\"0x%08" PRIx64 "\"}\n",
            icount(t), old_satp, new_satp, (new_satp & SATP_MODE_SV32) ? "sv32" : "bare",
            (new_satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, (uint64_t)(new_satp & SATP_PPN_MASK) << 12);
    t->events++;
}

static void on_sfence(void *opaque, bool has_address, uint32_t vaddr, bool has_asid, uint32_t asid)
{
    struct trace *t = opaque;
    fprintf(t->out, "{\"ev\":\"sfence\",\"icount\":%" PRIu64 ",\"vaddr\":", icount(t));
    if (has_address)
        fprintf(t->out, "\"0x%08x\"", vaddr);
    else
        fputs("null", t->out);
    fputs(",\"asid\":", t->out);
    if (has_asid)
        fprintf(t->out, "%u", asid & SATP_ASID_MASK);
    else
        fputs("null", t->out);
    fputs("}\n", t->out);
    t->events++;
}

bool trace_open(struct trace *t, const char *path, struct hart *hart, uint64_t interval,
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
    t->next_sample = interval ? hart->steps + interval : UINT64_MAX;
    trap_set_observer(hart, on_trap, t);
    hart->mmu->on_satp_change = on_satp_change;
    hart->mmu->on_sfence = on_sfence;
    hart->mmu->observer_opaque = t;
    const struct tlb_config *c = &hart->mmu->tlb.config;
    fprintf(t->out,
            "{\"ev\":\"start\",\"icount\":0,\"pc\":\"0x%08x\",\"tlb\":{\"entries\":%u,\"ways\":%u,"
            "\"policy\":\"%s\",\"split\":%s,\"asid_tagging\":%s},\"trace_interval\":%" PRIu64 "}\n",
            hart->pc, c->entries, c->ways, tlb_policy_name(c->policy), c->split ? "true" : "false",
            c->asid_tagging ? "true" : "false", interval);
    return true;
}

uint64_t trace_steps_to_next_sample(const struct trace *t)
{
    if (!t->interval)
        return UINT64_MAX;
    return t->next_sample > t->hart->steps ? t->next_sample - t->hart->steps : 1;
}

void trace_sample(struct trace *t)
{
    if (!t->interval || t->hart->steps < t->next_sample)
        return;
    const struct tlb *tlb = &t->hart->mmu->tlb;
    const struct tlb_counts *now = &tlb->stats.total;
    uint64_t hits = tlb_counts_sum(now->hits) - tlb_counts_sum(t->last.hits);
    uint64_t misses = tlb_counts_sum(now->misses) - tlb_counts_sum(t->last.misses);
    fprintf(t->out,
            "{\"ev\":\"tlb_sample\",\"icount\":%" PRIu64 ",\"asid\":%u,\"hits\":%" PRIu64
            ",\"misses\":%" PRIu64 ",\"hit_rate\":",
            icount(t), (t->hart->satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, hits, misses);
    if (hits + misses)
        fprintf(t->out, "%.6f", (double)hits / (double)(hits + misses));
    else
        fputs("null", t->out);
    fputs(",\"by_access\":{", t->out);
    for (enum tlb_access a = TLB_FETCH; a < TLB_ACCESS_KINDS; a++)
        fprintf(t->out, "%s\"%s\":{\"hits\":%" PRIu64 ",\"misses\":%" PRIu64 "}", a ? "," : "",
                trace_access_name(a), now->hits[a] - t->last.hits[a], now->misses[a] - t->last.misses[a]);
    fputs("}}\n", t->out);
    t->events++;
    t->last = *now;
    t->next_sample = t->hart->steps + t->interval;
}

void trace_context_switch(struct trace *t, const struct annotation_process *now)
{
    fprintf(t->out, "{\"ev\":\"context_switch\",\"icount\":%" PRIu64 ",\"pid\":%u,\"tid\":%u,\"asid\":%u,\"name\":",
            icount(t), now->pid, now->tid, now->asid);
    put_string(t->out, now->name);
    fputs("}\n", t->out);
    t->events++;
}

static void on_context_switch(void *opaque, const struct annotation_process *now)
{
    trace_context_switch(opaque, now);
}

void trace_watch_annotation(struct trace *t, struct annotation *a)
{
    t->annotation = a;
    annotation_watch(a, on_context_switch, t);
}

void trace_close(struct trace *t, const char *how, int status)
{
    if (!t->out)
        return;
    fprintf(t->out, "{\"ev\":\"exit\",\"icount\":%" PRIu64 ",\"how\":", icount(t));
    put_string(t->out, how);
    fprintf(t->out, ",\"status\":%d}\n", status);
    fclose(t->out);
    t->out = NULL;
    trap_set_observer(t->hart, NULL, NULL);
    t->hart->mmu->on_satp_change = NULL;
    t->hart->mmu->on_sfence = NULL;
    if (t->annotation)
        annotation_unwatch(t->annotation, on_context_switch, t);
}
