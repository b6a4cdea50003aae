/* Writing the Trace Event Format from the observation boundary's events. Slices are
 * complete events ("ph":"X", with "dur"), written when they end. */
#include "trace/timeline.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cpu/csr.h"
#include "cpu/hart.h"
#include "machine_map.h"
#include "mmu/mmu.h"
#include "trace/json.h"

#define CYCLES_PER_MICROSECOND ((double)VMSIM_TIMEBASE_HZ * VMSIM_CYCLES_PER_TICK / 1e6)
/* The process whose tracks hold the machine's counters and the kernel's idle time. */
#define MACHINE_PID 0
#define SAMPLE_CYCLES 100000 /* one TLB hit-rate sample per millisecond of guest time */

double timeline_microseconds(uint64_t cycles)
{
    return (double)cycles / CYCLES_PER_MICROSECOND;
}

/* Starts an event: the separator, then {"ph":..,"pid":..,"tid":..,"ts":.. */
static void begin(struct timeline *t, char phase, uint32_t pid, uint32_t tid, uint64_t cycles)
{
    fprintf(t->out, "%s{\"ph\":\"%c\",\"pid\":%u,\"tid\":%u,\"ts\":%.2f", t->events ? ",\n" : "", phase, pid, tid,
            timeline_microseconds(cycles));
    t->events++;
}

static uint64_t name_checksum(const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 1099511628211ull;
    return h;
}

static bool already_named(struct timeline *t, uint64_t key)
{
    for (size_t i = 0; i < t->named_count; i++)
        if (t->named[i] == key)
            return true;
    if (t->named_count < TIMELINE_MAX_NAMED)
        t->named[t->named_count++] = key;
    return false;
}

/* Names the tracks of (pid, tid) the first time they appear, and a process again when it
 * has a new name (exec). */
static void name_tracks(struct timeline *t, uint32_t pid, uint32_t tid, const char *name)
{
    uint64_t process_key = ((uint64_t)pid << 32 | 0x80000000u) ^ (name_checksum(name) & 0x7fffffffu);
    if (!already_named(t, process_key)) {
        char label[64];
        if (pid == MACHINE_PID)
            snprintf(label, sizeof label, "kernel idle and machine counters");
        else
            snprintf(label, sizeof label, "%s (pid %u)", name, pid);
        begin(t, 'M', pid, tid, 0);
        fputs(",\"name\":\"process_name\",\"args\":{\"name\":", t->out);
        json_string(t->out, label);
        fputs("}}", t->out);
        begin(t, 'M', pid, tid, 0);
        fprintf(t->out, ",\"name\":\"process_sort_index\",\"args\":{\"sort_index\":%u}}", pid);
    }
    if (!already_named(t, (uint64_t)pid << 32 | (tid & 0x7fffffffu))) {
        char label[64];
        snprintf(label, sizeof label, pid == MACHINE_PID ? "idle" : "thread %u", tid);
        begin(t, 'M', pid, tid, 0);
        fputs(",\"name\":\"thread_name\",\"args\":{\"name\":", t->out);
        json_string(t->out, label);
        fputs("}}", t->out);
    }
}

static void complete(struct timeline *t, uint32_t pid, uint32_t tid, uint64_t start, uint64_t end, const char *cat,
                     const char *name)
{
    begin(t, 'X', pid, tid, start);
    fprintf(t->out, ",\"dur\":%.2f,\"cat\":\"%s\",\"name\":", timeline_microseconds(end) - timeline_microseconds(start),
            cat);
    json_string(t->out, name);
}

static struct timeline_call *call_of(struct timeline *t, uint32_t pid, uint32_t tid, bool make)
{
    struct timeline_call *free_slot = NULL;
    for (size_t i = 0; i < TIMELINE_MAX_CALLS; i++) {
        struct timeline_call *c = &t->calls[i];
        if (c->open && c->pid == pid && c->tid == tid)
            return c;
        if (!c->open && !free_slot)
            free_slot = c;
    }
    return make ? free_slot : NULL;
}

/* Writes the piece of a system call that ran on the CPU up to `now`. */
static void end_piece(struct timeline *t, struct timeline_call *c, uint64_t now, bool returned, int32_t result)
{
    if (!c->on_cpu)
        return;
    complete(t, c->pid, c->tid, c->piece_start, now, "syscall", observe_syscall_name(c->number));
    fprintf(t->out, ",\"args\":{\"number\":%u,\"a0\":%u,\"a1\":%u,\"a2\":%u,\"piece\":%u", c->number, c->args[0],
            c->args[1], c->args[2], ++c->pieces);
    if (returned)
        fprintf(t->out, ",\"result\":%" PRId32, result);
    fputs("}}", t->out);
    c->on_cpu = false;
}

/* Ends the running slice (and the piece of its open system call) at `now`. */
static void end_running(struct timeline *t, const struct observe_time *now)
{
    if (!t->running)
        return;
    struct timeline_call *c = call_of(t, t->pid, t->tid, false);
    if (c)
        end_piece(t, c, now->cycles, false, 0);
    complete(t, t->pid, t->tid, t->since_cycles, now->cycles, "sched", t->pid == MACHINE_PID ? "idle" : "running");
    fprintf(t->out, ",\"args\":{\"instructions\":%" PRIu64 ",\"cycles\":%" PRIu64 "}}",
            now->instret - t->since_instret, now->cycles - t->since_cycles);
    t->running = false;
}

static void context_switch(struct timeline *t, const struct observe_event *e)
{
    const struct annotation_process *now = e->context_switch;
    end_running(t, &e->time);
    uint32_t pid = now->pid, tid = pid == MACHINE_PID ? 0 : now->tid;
    name_tracks(t, pid, tid, pid == MACHINE_PID ? "idle" : now->name);
    t->running = true;
    t->pid = pid;
    t->tid = tid;
    t->since_cycles = e->time.cycles;
    t->since_instret = e->time.instret;
    struct timeline_call *c = call_of(t, pid, tid, false);
    if (c) {
        c->on_cpu = true;
        c->piece_start = e->time.cycles;
    }
}

static void syscall_event(struct timeline *t, const struct observe_event *e)
{
    const struct observe_syscall *s = &e->syscall;
    struct timeline_call *c = call_of(t, s->pid, s->tid, e->kind == OBSERVE_SYSCALL_ENTER);
    if (e->kind == OBSERVE_SYSCALL_EXIT) {
        if (c) {
            end_piece(t, c, e->time.cycles, true, s->result);
            c->open = false;
        }
        return;
    }
    if (!c)
        return; /* more threads inside system calls than the table holds: not drawn */
    if (c->open) {
        /* The previous call never returned (a successful exec). */
        end_piece(t, c, e->time.cycles, false, 0);
    }
    *c = (struct timeline_call){.open = true, .on_cpu = true, .pid = s->pid, .tid = s->tid, .number = s->number,
                                .piece_start = e->time.cycles};
    memcpy(c->args, s->args, sizeof c->args);
}

static void process_event(struct timeline *t, const struct observe_event *e)
{
    const struct observe_process *p = e->process;
    if (p->state != ANNOTATION_PROC_ZOMBIE && p->state != ANNOTATION_PROC_GONE)
        return;
    struct timeline_call *c = call_of(t, p->pid, p->tid, false);
    if (c) {
        end_piece(t, c, e->time.cycles, false, 0);
        c->open = false; /* exit: the call never returns */
    }
}

static void instant(struct timeline *t, const struct observe_event *e, const char *cat, const char *name)
{
    uint32_t pid = t->running ? t->pid : MACHINE_PID, tid = t->running ? t->tid : 0;
    begin(t, 'i', pid, tid, e->time.cycles);
    fprintf(t->out, ",\"s\":\"t\",\"cat\":\"%s\",\"name\":", cat);
    json_string(t->out, name);
}

static bool is_page_fault(uint32_t cause)
{
    return cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT;
}

static void trap_event(struct timeline *t, const struct observe_event *e)
{
    const struct observe_trap *trap = &e->trap;
    if (trap->cause & CAUSE_INTERRUPT) {
        instant(t, e, "interrupt", riscv_cause_name(trap->cause));
        fputs("}", t->out);
    } else if (is_page_fault(trap->cause)) {
        instant(t, e, "page_fault", riscv_cause_name(trap->cause));
        fprintf(t->out, ",\"args\":{\"vaddr\":\"0x%08x\",\"pc\":\"0x%08x\"}}", trap->tval, trap->from_pc);
    }
}

static void kernel_page_fault(struct timeline *t, const struct observe_event *e)
{
    const struct observe_kernel_page_fault *f = &e->page_fault;
    char name[48];
    snprintf(name, sizeof name, "%s fault", observe_fault_kind_name(f->kind));
    begin(t, 'i', f->pid, f->tid, e->time.cycles);
    fputs(",\"s\":\"t\",\"cat\":\"page_fault\",\"name\":", t->out);
    json_string(t->out, name);
    fprintf(t->out, ",\"args\":{\"vaddr\":\"0x%08x\",\"frame\":\"0x%08x\"}}", f->vaddr, f->frame);
}

static void memory_event(struct timeline *t, const struct observe_event *e)
{
    begin(t, 'C', MACHINE_PID, 0, e->time.cycles);
    fprintf(t->out, ",\"name\":\"free memory (KiB)\",\"args\":{\"free\":%" PRIu64 ",\"swap used\":%" PRIu64 "}}",
            (uint64_t)e->memory.free_frames * 4, (uint64_t)e->memory.swap_used * 4);
}

static void sample_hit_rate(struct timeline *t, const struct observe_time *now)
{
    if (now->cycles < t->next_sample)
        return;
    const struct tlb_counts *total = &t->hart->mmu->tlb.stats.total;
    uint64_t hits = tlb_counts_sum(total->hits) - tlb_counts_sum(t->last.hits);
    uint64_t misses = tlb_counts_sum(total->misses) - tlb_counts_sum(t->last.misses);
    double rate = observe_hit_rate(hits, misses);
    if (rate >= 0) {
        begin(t, 'C', MACHINE_PID, 0, now->cycles);
        fprintf(t->out, ",\"name\":\"TLB hit rate (%%)\",\"args\":{\"hit rate\":%.3f}}", 100.0 * rate);
    }
    t->last = *total;
    t->next_sample = now->cycles + t->sample_interval;
}

static void on_event(void *opaque, const struct observe_event *e)
{
    struct timeline *t = opaque;
    switch (e->kind) {
    case OBSERVE_CONTEXT_SWITCH: context_switch(t, e); break;
    case OBSERVE_SYSCALL_ENTER:
    case OBSERVE_SYSCALL_EXIT: syscall_event(t, e); break;
    case OBSERVE_PROCESS: process_event(t, e); break;
    case OBSERVE_TRAP: trap_event(t, e); break;
    case OBSERVE_PAGE_FAULT: kernel_page_fault(t, e); break;
    case OBSERVE_MEMORY: memory_event(t, e); break;
    case OBSERVE_BATCH_END: sample_hit_rate(t, &e->time); break;
    default: break;
    }
}

struct observer timeline_observer(struct timeline *t)
{
    return (struct observer){
        .name = "timeline",
        .kinds = OBSERVE_BIT(OBSERVE_CONTEXT_SWITCH) | OBSERVE_BIT(OBSERVE_SYSCALL_ENTER) |
                 OBSERVE_BIT(OBSERVE_SYSCALL_EXIT) | OBSERVE_BIT(OBSERVE_PROCESS) | OBSERVE_BIT(OBSERVE_TRAP) |
                 OBSERVE_BIT(OBSERVE_PAGE_FAULT) | OBSERVE_BIT(OBSERVE_MEMORY) | OBSERVE_BIT(OBSERVE_BATCH_END),
        .on_event = on_event,
        .opaque = t,
    };
}

bool timeline_attach(struct timeline *t, struct observe *o)
{
    struct observer observer = timeline_observer(t);
    if (!observe_attach(o, &observer))
        return false;
    t->attached_to = o;
    return true;
}

bool timeline_open(struct timeline *t, const char *path, const struct hart *hart, char *err, size_t err_size)
{
    memset(t, 0, sizeof *t);
    t->out = fopen(path, "w");
    if (!t->out) {
        snprintf(err, err_size, "cannot write timeline file %s: %s", path, strerror(errno));
        return false;
    }
    t->hart = hart;
    t->sample_interval = SAMPLE_CYCLES;
    t->next_sample = hart_cycle(hart) + SAMPLE_CYCLES;
    t->last = hart->mmu->tlb.stats.total;
    fputs("{\"displayTimeUnit\":\"ns\",\n\"otherData\":{\"producer\":\"vmsim\",\"clock\":"
          "\"guest cycles at 100 MHz; ts and dur in microseconds\"},\n\"traceEvents\":[\n", t->out);
    return true;
}

bool timeline_close(struct timeline *t)
{
    if (!t->out)
        return true;
    if (t->attached_to)
        observe_detach(t->attached_to, t);
    t->attached_to = NULL;
    struct observe_time now = observe_now(t->hart);
    end_running(t, &now);
    for (size_t i = 0; i < TIMELINE_MAX_CALLS; i++)
        if (t->calls[i].open)
            end_piece(t, &t->calls[i], now.cycles, false, 0);
    fputs("\n]}\n", t->out);
    bool ok = !ferror(t->out);
    ok = fclose(t->out) == 0 && ok;
    t->out = NULL;
    return ok;
}
