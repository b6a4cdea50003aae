/* Formatting the statistics the hart and the TLB keep. */
#include "trace/stats.h"

#include <inttypes.h>

#include "cpu/hart.h"
#include "devices/annotation.h"
#include "mmu/mmu.h"
#include "machine/observe.h"
#include "tlb/tlb.h"
#include "trace/json.h"
#include "trace/process_accounts.h"
#include "trace/process_times.h"
#include "trace/trace.h"

static bool asid_used(const struct tlb_counts *c)
{
    return tlb_counts_sum(c->hits) + tlb_counts_sum(c->misses) > 0;
}

/* In percent; callers print it only when there were lookups. */
static double rate(uint64_t hits, uint64_t misses)
{
    return 100.0 * observe_hit_rate(hits, misses);
}

static double cpi(uint64_t cycles, uint64_t instructions)
{
    return instructions ? (double)cycles / (double)instructions : 0.0;
}

static double share(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_counts_line(FILE *out, const char *label, uint64_t hits, uint64_t misses)
{
    fprintf(out, "    %-8s %14" PRIu64 " hits %12" PRIu64 " misses", label, hits, misses);
    if (hits + misses)
        fprintf(out, "   hit rate %7.3f%%\n", rate(hits, misses));
    else
        fprintf(out, "   (no lookups)\n");
}

/* True once the guest OS has reported a process (there is more than the kernel's row). */
static bool processes_reported(const struct process_accounts *pa)
{
    return pa && pa->count > 1;
}

enum { MAX_PROCESS_LINES = 40 };

/* Whether row i is among the MAX_PROCESS_LINES rows that ran the most instructions. */
static bool among_busiest(const struct process_accounts *pa, size_t i)
{
    size_t busier = 0;
    for (size_t j = 0; j < pa->count && busier < MAX_PROCESS_LINES; j++)
        if (pa->rows[j].instructions > pa->rows[i].instructions ||
            (pa->rows[j].instructions == pa->rows[i].instructions && j < i))
            busier++;
    return busier < MAX_PROCESS_LINES;
}

static void print_processes(FILE *out, const struct process_accounts *pa, uint64_t instructions)
{
    fprintf(out, "  by process (from the guest OS's context-switch reports; a process is charged\n"
                 "  for the kernel's work while it runs):\n");
    fprintf(out, "      pid  %-16s %14s %7s %8s %14s %6s %7s %14s %9s\n", "name", "instructions", "share", "slices",
            "cycles", "CPI", "walking", "TLB lookups", "hit rate");
    size_t shown = 0;
    for (size_t i = 0; i < pa->count; i++) {
        const struct process_account *r = &pa->rows[i];
        if (!among_busiest(pa, i))
            continue;
        shown++;
        uint64_t hits = tlb_counts_sum(r->tlb.hits), misses = tlb_counts_sum(r->tlb.misses);
        fprintf(out, "    %5u  %-16s %14" PRIu64 " %6.1f%% %8" PRIu64 " %14" PRIu64 " %6.2f %6.1f%% %14" PRIu64,
                r->pid, r->name, r->instructions,
                instructions ? 100.0 * (double)r->instructions / (double)instructions : 0.0, r->slices, r->cycles,
                cpi(r->cycles, r->instructions), share(r->walk_cycles, r->cycles), hits + misses);
        if (hits + misses)
            fprintf(out, " %8.3f%%\n", rate(hits, misses));
        else
            fprintf(out, " %9s\n", "-");
    }
    if (shown < pa->count)
        fprintf(out, "    ... and %zu more that ran fewer instructions (all are in --stats-json)\n",
                pa->count - shown);
}

/* The counts, the TLB and the lines per process or per ASID. */
static void print_machine(FILE *out, const struct hart *h, const struct annotation *names,
                          struct process_accounts *processes, double host_seconds)
{
    if (processes)
        process_accounts_settle(processes);
    const struct tlb *tlb = &h->mmu->tlb;
    const struct tlb_stats *s = &tlb->stats;
    const struct tlb_config *c = &tlb->config;
    fprintf(out, "vmsim statistics\n");
    fprintf(out, "  instructions %" PRIu64 ", traps %" PRIu64 ", cycles %" PRIu64 ", mtime %" PRIu64 "\n",
            hart_instret(h), h->traps, hart_cycle(h), hart_mtime(h));
    struct hart_cycle_breakdown b;
    hart_cycle_breakdown(h, &b);
    fprintf(out,
            "  timing model: CPI %.3f; cycles walking page tables %.1f%%, on TLB misses %.1f%%, on traps "
            "%.1f%%, idle %.1f%% (--walk-latency %u, --tlb-miss-latency %u, --trap-latency %u)\n",
            cpi(b.cycles - b.idle, hart_instret(h)), share(b.walk, b.cycles), share(b.tlb_miss, b.cycles),
            share(b.trap, b.cycles), share(b.idle, b.cycles), h->timing.walk_access, h->timing.tlb_miss,
            h->timing.trap);
    fprintf(out, "  host time %.3f s, %.1f MIPS\n", host_seconds,
            host_seconds > 0 ? (double)h->steps / host_seconds / 1e6 : 0.0);
    fprintf(out, "  TLB: %u entries%s, %u-way, %s, %s\n", c->entries, c->split ? " each (split I/D)" : "",
            c->ways, tlb_policy_name(c->policy), c->asid_tagging ? "ASID-tagged" : "no ASIDs");
    if (tlb_counts_sum(s->total.hits) + tlb_counts_sum(s->total.misses) == 0) {
        fprintf(out, "    no lookups: paging (satp) was never on\n");
        if (processes_reported(processes))
            print_processes(out, processes, hart_instret(h));
        return;
    }
    for (enum tlb_access a = TLB_FETCH; a < TLB_ACCESS_KINDS; a++)
        print_counts_line(out, trace_access_name(a), s->total.hits[a], s->total.misses[a]);
    print_counts_line(out, "all", tlb_counts_sum(s->total.hits), tlb_counts_sum(s->total.misses));
    fprintf(out, "    walks %" PRIu64 " (%" PRIu64 " memory accesses), flushes %" PRIu64
                 ", evictions %" PRIu64 ", page faults %" PRIu64 "\n",
            s->walks, s->walk_memory_accesses, s->flushes, s->evictions, h->mmu->page_faults);
    if (processes_reported(processes)) {
        /* The lines per process say it better; the ASID lines stay in --stats-json. */
        print_processes(out, processes, hart_instret(h));
        fprintf(out, "  (TLB counts by ASID: --stats-json)\n");
        return;
    }
    bool header = false;
    for (unsigned asid = 0; asid < TLB_ASID_COUNT; asid++) {
        const struct tlb_counts *a = &s->by_asid[asid];
        if (!asid_used(a))
            continue;
        if (!header) {
            fprintf(out, "  TLB by ASID:\n");
            header = true;
        }
        char label[16];
        snprintf(label, sizeof label, "asid %u", asid);
        print_counts_line(out, label, tlb_counts_sum(a->hits), tlb_counts_sum(a->misses));
        const struct annotation_process *who = names ? annotation_for_asid(names, asid) : NULL;
        if (who)
            fprintf(out, "             last used by pid %u (%s)\n", who->pid, who->name);
    }
}

/* Response and turnaround of each process that ran, in the guest's milliseconds. */
static void print_process_times(FILE *out, const struct process_times *pt)
{
    size_t shown = 0;
    for (size_t i = 0; i < pt->count && shown < MAX_PROCESS_LINES; i++) {
        const struct process_times_row *r = &pt->rows[i];
        if (!r->has_run)
            continue;
        if (!shown++)
            fprintf(out, "  process times (guest ms since its creation, from the guest kernel's reports):\n"
                         "      pid  %-16s %12s %12s\n", "name", "response", "turnaround");
        fprintf(out, "    %5u  %-16s %12.3f", r->pid, r->name, process_times_ms(r->created, r->first_run));
        if (r->has_ended)
            fprintf(out, " %12.3f\n", process_times_ms(r->created, r->ended));
        else
            fprintf(out, " %12s\n", "(running)");
    }
    if (shown == MAX_PROCESS_LINES && pt->count > shown)
        fprintf(out, "    ... and more (all are in --stats-json)\n");
}

void stats_print_summary(FILE *out, const struct hart *h, const struct annotation *names,
                         struct process_accounts *processes, const struct process_times *times,
                         double host_seconds)
{
    print_machine(out, h, names, processes, host_seconds);
    if (times)
        print_process_times(out, times);
}

static void json_counts(FILE *out, const struct tlb_counts *c)
{
    fprintf(out, "\"hits\":%" PRIu64 ",\"misses\":%" PRIu64, tlb_counts_sum(c->hits), tlb_counts_sum(c->misses));
    for (enum tlb_access a = TLB_FETCH; a < TLB_ACCESS_KINDS; a++)
        fprintf(out, ",\"%s\":{\"hits\":%" PRIu64 ",\"misses\":%" PRIu64 "}", trace_access_name(a),
                c->hits[a], c->misses[a]);
}

/* "process_times": one object per process; a time is left out until it happened. */
static void json_process_times(FILE *out, const struct process_times *pt)
{
    fputs(",\n \"process_times\":[", out);
    for (size_t i = 0; i < pt->count; i++) {
        const struct process_times_row *r = &pt->rows[i];
        fprintf(out, "%s\n  {\"pid\":%u,\"name\":", i ? "," : "", r->pid);
        json_string(out, r->name);
        fprintf(out, ",\"created_cycles\":%" PRIu64, r->created.cycles);
        if (r->has_run)
            fprintf(out, ",\"first_run_cycles\":%" PRIu64 ",\"response_cycles\":%" PRIu64 ",\"response_ms\":%.6f",
                    r->first_run.cycles, r->first_run.cycles - r->created.cycles,
                    process_times_ms(r->created, r->first_run));
        if (r->has_ended)
            fprintf(out, ",\"ended_cycles\":%" PRIu64 ",\"turnaround_cycles\":%" PRIu64 ",\"turnaround_ms\":%.6f",
                    r->ended.cycles, r->ended.cycles - r->created.cycles, process_times_ms(r->created, r->ended));
        fputc('}', out);
    }
    fprintf(out, "],\n \"process_times_dropped\":%" PRIu64, pt->dropped);
}

bool stats_write_json(const char *path, const struct hart *h, const struct annotation *names,
                      struct process_accounts *processes, const struct process_times *times,
                      double host_seconds)
{
    if (processes)
        process_accounts_settle(processes);
    FILE *out = fopen(path, "w");
    if (!out)
        return false;
    const struct tlb *tlb = &h->mmu->tlb;
    const struct tlb_stats *s = &tlb->stats;
    const struct tlb_config *c = &tlb->config;
    fprintf(out, "{\"instructions\":%" PRIu64 ",\"traps\":%" PRIu64 ",\"cycles\":%" PRIu64
                 ",\"mtime\":%" PRIu64 ",\"host_seconds\":%.6f,\n",
            hart_instret(h), h->traps, hart_cycle(h), hart_mtime(h), host_seconds);
    struct hart_cycle_breakdown b;
    hart_cycle_breakdown(h, &b);
    fprintf(out,
            " \"timing\":{\"walk_latency\":%u,\"tlb_miss_latency\":%u,\"trap_latency\":%u,\"cycles\":{"
            "\"steps\":%" PRIu64 ",\"idle\":%" PRIu64 ",\"walk\":%" PRIu64 ",\"tlb_miss\":%" PRIu64
            ",\"trap\":%" PRIu64 "}},\n",
            h->timing.walk_access, h->timing.tlb_miss, h->timing.trap, b.steps, b.idle, b.walk, b.tlb_miss, b.trap);
    fprintf(out, " \"tlb\":{\"config\":{\"entries\":%u,\"ways\":%u,\"policy\":\"%s\",\"split\":%s,"
                 "\"asid_tagging\":%s},\n  ",
            c->entries, c->ways, tlb_policy_name(c->policy), c->split ? "true" : "false",
            c->asid_tagging ? "true" : "false");
    json_counts(out, &s->total);
    fprintf(out, ",\n  \"walks\":%" PRIu64 ",\"walk_memory_accesses\":%" PRIu64 ",\"flushes\":%" PRIu64
                 ",\"evictions\":%" PRIu64 ",\"page_faults\":%" PRIu64 ",\n  \"by_asid\":{",
            s->walks, s->walk_memory_accesses, s->flushes, s->evictions, h->mmu->page_faults);
    bool first = true;
    for (unsigned asid = 0; asid < TLB_ASID_COUNT; asid++) {
        if (!asid_used(&s->by_asid[asid]))
            continue;
        fprintf(out, "%s\n   \"%u\":{", first ? "" : ",", asid);
        json_counts(out, &s->by_asid[asid]);
        const struct annotation_process *who = names ? annotation_for_asid(names, asid) : NULL;
        if (who) {
            fprintf(out, ",\"pid\":%u,\"name\":", who->pid);
            json_string(out, who->name);
        }
        fputc('}', out);
        first = false;
    }
    fputs("}}", out);
    if (processes) {
        fputs(",\n \"by_process\":[", out);
        for (size_t i = 0; i < processes->count; i++) {
            const struct process_account *r = &processes->rows[i];
            fprintf(out, "%s\n  {\"pid\":%u,\"name\":", i ? "," : "", r->pid);
            json_string(out, r->name);
            fprintf(out, ",\"instructions\":%" PRIu64 ",\"slices\":%" PRIu64 ",\"tlb\":{", r->instructions,
                    r->slices);
            json_counts(out, &r->tlb);
            fprintf(out, "},\"cycles\":%" PRIu64 ",\"walk_cycles\":%" PRIu64 "}", r->cycles, r->walk_cycles);
        }
        fputs("]", out);
    }
    if (times)
        json_process_times(out, times);
    fputs("}\n", out);
    return fclose(out) == 0;
}
