/* The observation boundary: turns the model's low-level hooks and the guest kernel's
 * reports into typed events for the attachments, and keeps the process table. */
#include "machine/observe.h"

#include <string.h>

#include "cpu/csr.h"
#include "cpu/trap.h"
#include "machine/machine.h"
#include "mmu/mmu.h"

static const char *const syscall_names[] = {
#define SYSCALL(name, number, arguments) [number] = #name,
#include "os/abi/syscalls.h"
#undef SYSCALL
};

const char *observe_syscall_name(uint32_t number)
{
    if (number < sizeof syscall_names / sizeof syscall_names[0] && syscall_names[number])
        return syscall_names[number];
    return "?";
}

/* Each listed call's count plus one, so that 0 marks a number the list leaves out. */
static const unsigned char syscall_argument_counts_plus_one[] = {
#define SYSCALL(name, number, arguments) [number] = (arguments) + 1,
#include "os/abi/syscalls.h"
#undef SYSCALL
};

unsigned observe_syscall_argument_count(uint32_t number)
{
    if (number < sizeof syscall_argument_counts_plus_one && syscall_argument_counts_plus_one[number])
        return syscall_argument_counts_plus_one[number] - 1u;
    return OBSERVE_SYSCALL_REPORTED_ARGS;
}

const char *observe_process_state_name(uint32_t state)
{
    switch (state) {
    case ANNOTATION_PROC_GONE: return "GONE";
    case ANNOTATION_PROC_RUNNABLE: return "RUNNABLE";
    case ANNOTATION_PROC_RUNNING: return "RUNNING";
    case ANNOTATION_PROC_BLOCKED: return "BLOCKED";
    case ANNOTATION_PROC_ZOMBIE: return "ZOMBIE";
    case ANNOTATION_PROC_STOPPED: return "STOPPED";
    }
    return "?";
}

const char *observe_fault_kind_name(uint32_t kind)
{
    switch (kind) {
    case ANNOTATION_FAULT_DEMAND_ZERO: return "demand-zero";
    case ANNOTATION_FAULT_PROGRAM_FILE: return "program-file";
    case ANNOTATION_FAULT_COPY_ON_WRITE: return "copy-on-write";
    case ANNOTATION_FAULT_SWAP_IN: return "swap-in";
    case ANNOTATION_FAULT_PROTECTION: return "protection";
    }
    return "?";
}

struct observe_time observe_now(const struct hart *h)
{
    return (struct observe_time){.instret = hart_instret(h), .cycles = hart_cycle(h)};
}

double observe_hit_rate(uint64_t hits, uint64_t misses)
{
    return hits + misses ? (double)hits / (double)(hits + misses) : -1.0;
}

double observe_counts_hit_rate(const struct tlb_counts *counts)
{
    return observe_hit_rate(tlb_counts_sum(counts->hits), tlb_counts_sum(counts->misses));
}

/* --- delivery ---------------------------------------------------------------------------- */

static void deliver(struct observe *o, struct observe_event *e)
{
    if (!(o->wanted & OBSERVE_BIT(e->kind)))
        return;
    e->time = observe_now(&o->machine->hart);
    for (unsigned i = 0; i < o->count; i++)
        if (o->observers[i].kinds & OBSERVE_BIT(e->kind))
            o->observers[i].on_event(o->observers[i].opaque, e);
}

static bool is_page_fault(uint32_t cause)
{
    return cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT ||
           cause == CAUSE_STORE_PAGE_FAULT;
}

static void on_trap(void *opaque, const struct hart *h, uint32_t cause, uint32_t tval, uint32_t from_pc,
                    unsigned from_priv)
{
    const struct mmu_fault_report *f = &h->mmu->last_fault;
    struct observe_event e = {
        .kind = OBSERVE_TRAP,
        .trap = {.cause = cause, .tval = tval, .from_pc = from_pc, .handler_pc = h->pc,
                 .from = (enum privilege)from_priv, .to = h->priv,
                 .fault = is_page_fault(cause) && f->vaddr == tval ? f : NULL},
    };
    deliver(opaque, &e);
}

static void on_satp_change(void *opaque, uint32_t old_satp, uint32_t new_satp)
{
    struct observe_event e = {.kind = OBSERVE_SATP_WRITE, .satp = {old_satp, new_satp}};
    deliver(opaque, &e);
}

static void on_sfence(void *opaque, bool has_address, uint32_t vaddr, bool has_asid, uint32_t asid)
{
    struct observe_event e = {.kind = OBSERVE_SFENCE,
                              .sfence = {.has_address = has_address, .has_asid = has_asid,
                                         .vaddr = vaddr, .asid = asid}};
    deliver(opaque, &e);
}

static void on_tlb_miss(void *opaque, enum tlb_access access, uint32_t vaddr, uint16_t asid)
{
    struct observe *o = opaque;
    const struct hart *h = &o->machine->hart;
    struct observe_event e = {.kind = OBSERVE_TLB_MISS,
                              .tlb_miss = {.access = access, .vaddr = vaddr, .asid = asid,
                                           .pc = access == TLB_FETCH ? vaddr : h->pc}};
    deliver(o, &e);
}

static void on_tlb_change(void *opaque, const struct tlb_entry *entry, enum tlb_change change)
{
    struct observe_event e = {.kind = change == TLB_CHANGE_FILLED ? OBSERVE_TLB_FILL : OBSERVE_TLB_EVICT,
                              .tlb = {.entry = entry, .flushed = change == TLB_CHANGE_FLUSHED}};
    deliver(opaque, &e);
}

static void on_commit(void *opaque, const struct annotation_process *now)
{
    struct observe_event e = {.kind = OBSERVE_CONTEXT_SWITCH, .context_switch = now};
    deliver(opaque, &e);
}

/* --- the process table ------------------------------------------------------------------- */

static struct observe_process *find_row(struct observe *o, uint32_t pid, uint32_t tid)
{
    for (size_t i = 0; i < o->process_count; i++)
        if (o->processes[i].pid == pid && o->processes[i].tid == tid)
            return &o->processes[i];
    return NULL;
}

const struct observe_process *observe_find_process(const struct observe *o, uint32_t pid, uint32_t tid)
{
    return find_row((struct observe *)o, pid, tid);
}

/* A reported state goes into the table: a new row for a new thread, GONE removes it. */
static void update_table(struct observe *o, const struct observe_process *report)
{
    struct observe_process *row = find_row(o, report->pid, report->tid);
    if (report->state == ANNOTATION_PROC_GONE) {
        if (row) {
            size_t i = (size_t)(row - o->processes);
            memmove(row, row + 1, (o->process_count - i - 1) * sizeof *row);
            o->process_count--;
        }
        return;
    }
    if (!row) {
        if (o->process_count == OBSERVE_MAX_THREADS) {
            o->processes_dropped++;
            return;
        }
        row = &o->processes[o->process_count++];
        memset(row, 0, sizeof *row);
    }
    uint64_t page_faults = row->page_faults, syscalls = row->syscalls;
    *row = *report;
    row->page_faults = page_faults;
    row->syscalls = syscalls;
}

/* A layout the guest made up is ignored rather than read wherever it points. */
static bool frame_table_makes_sense(const struct observe_frame_table *t)
{
    bool size_ok = t->count_size == 1 || t->count_size == 2 || t->count_size == 4;
    return size_ok && t->stride >= t->count_size && t->count_offset <= t->stride - t->count_size &&
           t->first_frame % 4096 == 0;
}

static void on_kernel_report(void *opaque, const struct annotation_event *a)
{
    struct observe *o = opaque;
    const uint32_t *arg = a->args;
    struct observe_event e = {0};
    switch (a->kind) {
    case ANNOTATION_EVENT_PROCESS: {
        struct observe_process report = {.pid = arg[0], .tid = arg[1], .ppid = arg[2], .uid = arg[3],
                                         .state = arg[4], .satp = arg[5], .exit_status = (int32_t)arg[6],
                                         .since = observe_now(&o->machine->hart)};
        memcpy(report.name, a->name, sizeof report.name);
        e.kind = OBSERVE_PROCESS;
        e.process = &report;
        deliver(o, &e);
        update_table(o, &report);
        return;
    }
    case ANNOTATION_EVENT_SYSCALL_ENTER:
    case ANNOTATION_EVENT_SYSCALL_EXIT: {
        bool enter = a->kind == ANNOTATION_EVENT_SYSCALL_ENTER;
        e.kind = enter ? OBSERVE_SYSCALL_ENTER : OBSERVE_SYSCALL_EXIT;
        e.syscall = (struct observe_syscall){.pid = arg[0], .tid = arg[1], .number = arg[2],
                                             .name = observe_syscall_name(arg[2])};
        if (enter) {
            memcpy(e.syscall.args, &arg[3], sizeof e.syscall.args);
            e.syscall.pc = arg[6];
            struct observe_process *row = find_row(o, arg[0], arg[1]);
            if (row)
                row->syscalls++;
        } else {
            e.syscall.result = (int32_t)arg[3];
        }
        deliver(o, &e);
        return;
    }
    case ANNOTATION_EVENT_PAGE_FAULT: {
        e.kind = OBSERVE_PAGE_FAULT;
        e.page_fault = (struct observe_kernel_page_fault){.pid = arg[0], .tid = arg[1], .vaddr = arg[2],
                                                          .kind = arg[3], .frame = arg[4],
                                                          .scause = arg[5], .pc = arg[6]};
        /* Faults count against the process (its main thread's row holds the count). */
        struct observe_process *row = find_row(o, arg[0], arg[0]);
        if (row)
            row->page_faults++;
        deliver(o, &e);
        return;
    }
    case ANNOTATION_EVENT_MEMORY:
        o->memory = (struct observe_memory){arg[0], arg[1], arg[2], arg[3], arg[4], arg[5]};
        o->memory_known = true;
        e.kind = OBSERVE_MEMORY;
        e.memory = o->memory;
        deliver(o, &e);
        return;
    case ANNOTATION_EVENT_FRAME_TABLE:
        o->frame_table = (struct observe_frame_table){arg[0], arg[1], arg[2], arg[3], arg[4], arg[5]};
        o->frame_table_known = frame_table_makes_sense(&o->frame_table);
        return; /* state for views to read, no event */
    case ANNOTATION_EVENT_THREAD_CONTEXT:
        e.kind = OBSERVE_THREAD_CONTEXT;
        e.thread_context = a;
        deliver(o, &e);
        return;
    default:
        return; /* a kind this vmsim does not know */
    }
}

/* --- attaching ---------------------------------------------------------------------------- */

/* Installs each low-level hook while some attachment wants what it reports, and only
 * then, so that the CPU loop carries no observation cost otherwise. */
static void install_hooks(struct observe *o)
{
    struct hart *h = &o->machine->hart;
    struct mmu *mmu = h->mmu;
    o->wanted = 0;
    o->batch_hooks = false;
    for (unsigned i = 0; i < o->count; i++) {
        o->wanted |= o->observers[i].kinds;
        o->batch_hooks |= o->observers[i].before_batch != NULL;
    }
    bool traps = o->wanted & OBSERVE_BIT(OBSERVE_TRAP);
    trap_set_observer(h, traps ? on_trap : NULL, traps ? o : NULL);
    bool satp = o->wanted & OBSERVE_BIT(OBSERVE_SATP_WRITE);
    bool sfence = o->wanted & OBSERVE_BIT(OBSERVE_SFENCE);
    mmu->on_satp_change = satp ? on_satp_change : NULL;
    mmu->on_sfence = sfence ? on_sfence : NULL;
    mmu->observer_opaque = satp || sfence ? o : NULL;
    bool tlb = o->wanted & (OBSERVE_BIT(OBSERVE_TLB_FILL) | OBSERVE_BIT(OBSERVE_TLB_EVICT));
    bool misses = o->wanted & OBSERVE_BIT(OBSERVE_TLB_MISS);
    mmu->tlb.observer = tlb ? on_tlb_change : NULL;
    mmu->tlb.on_miss = misses ? on_tlb_miss : NULL;
    mmu->tlb.observer_opaque = tlb || misses ? o : NULL;
}

void observe_init(struct observe *o, struct machine *m)
{
    memset(o, 0, sizeof *o);
    o->machine = m;
    /* The device's reports are rare MMIO writes by the guest kernel: watched always, so
     * that the process table is there for whoever attaches later. */
    annotation_listen(&m->annotation,
                      &(struct annotation_listener){.on_commit = on_commit, .on_report = on_kernel_report, .opaque = o});
}

void observe_destroy(struct observe *o)
{
    if (!o->machine)
        return;
    o->count = 0;
    install_hooks(o);
    annotation_listen(&o->machine->annotation, &(struct annotation_listener){0});
    o->machine = NULL;
}

bool observe_attach(struct observe *o, const struct observer *observer)
{
    if (o->count == OBSERVE_MAX_OBSERVERS)
        return false;
    o->observers[o->count++] = *observer;
    install_hooks(o);
    return true;
}

void observe_detach(struct observe *o, void *opaque)
{
    for (unsigned i = 0; i < o->count; i++) {
        if (o->observers[i].opaque == opaque) {
            memmove(&o->observers[i], &o->observers[i + 1], (o->count - i - 1) * sizeof o->observers[0]);
            o->count--;
            install_hooks(o);
            return;
        }
    }
}

void observe_request_batch_end(struct observe *o)
{
    o->machine->hart.stop_requested = true;
}

uint64_t observe_before_batch(struct observe *o, uint64_t budget, enum machine_stop *stop)
{
    for (unsigned i = 0; i < o->count && budget; i++)
        if (o->observers[i].before_batch)
            budget = o->observers[i].before_batch(o->observers[i].opaque, budget, stop);
    return budget;
}

void observe_batch_end(struct observe *o)
{
    struct observe_event e = {.kind = OBSERVE_BATCH_END};
    deliver(o, &e);
}

void observe_run_end(struct observe *o, const char *how, int status)
{
    struct observe_event e = {.kind = OBSERVE_RUN_END, .run_end = {.how = how, .status = status}};
    deliver(o, &e);
}

/* --- read-only views ------------------------------------------------------------------- */

const struct hart *observe_hart(const struct observe *o)
{
    return &o->machine->hart;
}

const struct tlb *observe_tlb(const struct observe *o)
{
    return &o->machine->hart.mmu->tlb;
}

const struct tlb_entry *observe_tlb_fetch_entry(const struct observe *o)
{
    return o->machine->hart.mmu->fetch_entry;
}

uint64_t observe_tlb_last_use(const struct observe *o, const struct tlb_entry *entry)
{
    return mmu_entry_last_use(o->machine->hart.mmu, entry);
}

const struct mmu_fault_report *observe_last_fault(const struct observe *o)
{
    return &o->machine->hart.mmu->last_fault;
}

uint64_t observe_page_faults(const struct observe *o)
{
    return o->machine->hart.mmu->page_faults;
}

void observe_device_counters(const struct observe *o, struct observe_devices *out)
{
    const struct machine *m = o->machine;
    *out = (struct observe_devices){
        .disk_attached = m->disk.image != NULL,
        .disk_reads = m->disk.stats.reads,
        .disk_writes = m->disk.stats.writes,
        .disk_sectors_read = m->disk.stats.sectors_read,
        .disk_sectors_written = m->disk.stats.sectors_written,
        .uart_bytes_out = m->uart.bytes_out,
        .uart_bytes_in = m->uart.bytes_in,
        .keyboard_events = m->keyboard.events_in,
        .keyboard_lost = m->keyboard.events_lost,
        .fb_address = m->framebuffer.address,
        .fb_frames = m->framebuffer.frames,
    };
    memcpy(out->plic_claims, m->plic.claims, sizeof out->plic_claims);
}

bool observe_read_ram_word(const struct observe *o, uint32_t paddr, uint32_t *value)
{
    const struct bus *bus = &o->machine->bus;
    if (paddr % 4 || !bus_in_ram(bus, paddr, 4))
        return false;
    memcpy(value, bus_ram_pointer(bus, paddr), 4);
    return true;
}

const uint8_t *observe_screen_pixels(const struct observe *o)
{
    return framebuffer_pixels(&o->machine->framebuffer);
}

const struct annotation_process *observe_current_process(const struct observe *o)
{
    return &o->machine->annotation.current;
}

const struct annotation_process *observe_process_for_asid(const struct observe *o, uint32_t asid)
{
    return annotation_for_asid(&o->machine->annotation, asid);
}

const struct observe_process *observe_processes(const struct observe *o, size_t *count)
{
    *count = o->process_count;
    return o->processes;
}

const struct observe_memory *observe_memory_report(const struct observe *o)
{
    return o->memory_known ? &o->memory : NULL;
}

uint32_t observe_frame_references(const struct observe *o, uint32_t frame)
{
    const struct observe_frame_table *t = &o->frame_table;
    if (!o->frame_table_known || frame < t->first_frame || frame % 4096)
        return 0;
    uint32_t i = (frame - t->first_frame) / 4096;
    if (i >= t->frames)
        return 0;
    uint64_t at = t->records + (uint64_t)i * t->stride + t->count_offset;
    uint32_t count = 0;
    for (uint32_t b = 0; b < t->count_size; b++) { /* little-endian, any alignment */
        uint64_t byte = at + b;
        uint32_t word;
        if (byte > UINT32_MAX || !observe_read_ram_word(o, (uint32_t)byte & ~3u, &word))
            return 0;
        count |= ((word >> (byte % 4 * 8)) & 0xff) << (8 * b);
    }
    return count;
}
