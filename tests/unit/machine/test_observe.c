/* The observation boundary: with nothing attached no low-level hook is installed (the CPU
 * loop pays nothing); an attachment gets exactly the kinds it asked for, in attach order,
 * stamped with guest time; detaching removes the hooks again; the guest kernel's reports
 * become typed events (system-call names from abi/syscalls.h) and build the process table;
 * before_batch can shorten a batch or end the run. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "machine_fixture.h"
#include "cpu/csr.h"
#include "cpu/trap.h"
#include "fake_kernel.h"
#include "machine/machine.h"
#include "machine/observe.h"
#include "mmu/mmu.h"

struct fixture {
    struct machine machine;
};

#define MAX_SEEN 64

struct recorder {
    unsigned count;
    struct observe_event seen[MAX_SEEN];
    char names[MAX_SEEN][24];
    const char *label;
    unsigned *order; /* shared counter: who saw an event first */
    unsigned first_at[MAX_SEEN];
};

static void record(void *opaque, const struct observe_event *e)
{
    struct recorder *r = opaque;
    if (r->count == MAX_SEEN)
        return;
    r->seen[r->count] = *e;
    if (e->kind == OBSERVE_SYSCALL_ENTER || e->kind == OBSERVE_SYSCALL_EXIT)
        snprintf(r->names[r->count], sizeof r->names[0], "%s", e->syscall.name);
    if (e->kind == OBSERVE_PROCESS)
        snprintf(r->names[r->count], sizeof r->names[0], "%s", e->process->name);
    if (r->order)
        r->first_at[r->count] = (*r->order)++;
    r->count++;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (!f || !fixture_machine_init(&f->machine))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    machine_destroy(&f->machine);
    free(f);
    return 0;
}

static void assert_no_hooks(const struct machine *m)
{
    assert_null(m->hart.trap_observer);
    assert_null(m->hart.mmu->on_satp_change);
    assert_null(m->hart.mmu->on_sfence);
    assert_null(m->hart.mmu->tlb.observer);
    assert_false(m->observe.batch_hooks);
    assert_int_equal(m->observe.wanted, 0);
}

static void nothing_attached_installs_no_hook_and_detaching_removes_them(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    assert_no_hooks(m);
    struct recorder r = {0};
    struct observer o = {.name = "all", .kinds = OBSERVE_BIT(OBSERVE_TRAP) | OBSERVE_BIT(OBSERVE_SATP_WRITE) |
                                                 OBSERVE_BIT(OBSERVE_SFENCE) | OBSERVE_BIT(OBSERVE_TLB_FILL),
                         .on_event = record, .opaque = &r};
    assert_true(observe_attach(&m->observe, &o));
    assert_non_null(m->hart.trap_observer);
    assert_non_null(m->hart.mmu->on_satp_change);
    assert_non_null(m->hart.mmu->on_sfence);
    assert_non_null(m->hart.mmu->tlb.observer);
    observe_detach(&m->observe, &r);
    assert_no_hooks(m);
    /* Only what is wanted is hooked. */
    struct observer traps_only = {.name = "traps", .kinds = OBSERVE_BIT(OBSERVE_TRAP), .on_event = record,
                                  .opaque = &r};
    assert_true(observe_attach(&m->observe, &traps_only));
    assert_non_null(m->hart.trap_observer);
    assert_null(m->hart.mmu->tlb.observer);
    assert_null(m->hart.mmu->on_satp_change);
    observe_detach(&m->observe, &r);
    assert_no_hooks(m);
}

static void attachments_get_their_kinds_in_attach_order_with_guest_time(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    unsigned order = 0;
    struct recorder first = {.order = &order}, second = {.order = &order};
    struct observer a = {.name = "first", .kinds = OBSERVE_BIT(OBSERVE_TRAP), .on_event = record, .opaque = &first};
    struct observer b = {.name = "second", .kinds = OBSERVE_BIT(OBSERVE_TRAP) | OBSERVE_BIT(OBSERVE_TLB_FILL),
                         .on_event = record, .opaque = &second};
    assert_true(observe_attach(&m->observe, &a));
    assert_true(observe_attach(&m->observe, &b));
    m->hart.steps = 1000;
    m->hart.traps = 10;
    trap_take(&m->hart, CAUSE_ILLEGAL_INSTRUCTION, 0x1234);
    struct tlb_entry entry = {.vpn = 0x400, .ppn = 0x80400, .flags = 0xcf};
    assert_non_null(tlb_fill(&m->hart.mmu->tlb, TLB_LOAD, &entry, NULL));
    assert_int_equal(first.count, 1);
    assert_int_equal(second.count, 2);
    assert_int_equal(first.first_at[0], 0);
    assert_int_equal(second.first_at[0], 1);
    assert_int_equal(first.seen[0].kind, OBSERVE_TRAP);
    assert_int_equal(first.seen[0].trap.cause, CAUSE_ILLEGAL_INSTRUCTION);
    assert_int_equal(first.seen[0].trap.tval, 0x1234);
    assert_null(first.seen[0].trap.fault);
    assert_int_equal(first.seen[0].time.instret, hart_instret(&m->hart));
    assert_int_equal(first.seen[0].time.cycles, hart_cycle(&m->hart));
    assert_int_equal(second.seen[1].kind, OBSERVE_TLB_FILL);
    assert_int_equal(second.seen[1].tlb.entry->vpn, 0x400);
    tlb_flush_all(&m->hart.mmu->tlb);
    assert_int_equal(second.count, 2); /* evictions were not asked for */
    observe_detach(&m->observe, &second);
    observe_detach(&m->observe, &first);
    assert_no_hooks(m);
}

static void report(struct machine *m, uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS], const char *name)
{
    fake_kernel_report(&m->annotation, kind, args, name);
}

static void kernel_reports_become_typed_events_and_the_process_table(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    /* The table is kept with nobody attached. */
    report(m, ANNOTATION_EVENT_PROCESS, (uint32_t[ANNOTATION_EVENT_ARGS]){1, 1, 0, 0, ANNOTATION_PROC_RUNNING, 0x80012345, 0}, "init");
    struct recorder r = {0};
    struct observer o = {.name = "kernel", .kinds = OBSERVE_KERNEL_REPORTS, .on_event = record, .opaque = &r};
    assert_true(observe_attach(&m->observe, &o));
    report(m, ANNOTATION_EVENT_PROCESS, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 1, 1000, ANNOTATION_PROC_RUNNABLE, 0x80012346, 0}, "sh");
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 15, 1, 0x1000, 6, 0x400100}, NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_EXIT, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 15, 6}, NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_EXIT, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 999, (uint32_t)-38}, NULL);
    report(m, ANNOTATION_EVENT_PAGE_FAULT, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 0x5000, ANNOTATION_FAULT_DEMAND_ZERO, 0x80100000, 13, 0x400104}, NULL);
    report(m, ANNOTATION_EVENT_MEMORY, (uint32_t[ANNOTATION_EVENT_ARGS]){100, 1000, 0, 0}, NULL);
    report(m, 77, (uint32_t[ANNOTATION_EVENT_ARGS]){0}, NULL); /* a kind this vmsim does not know: ignored */
    report(m, ANNOTATION_EVENT_PROCESS, (uint32_t[ANNOTATION_EVENT_ARGS]){1, 1, 0, 0, ANNOTATION_PROC_BLOCKED, 0x80012345, 0}, "init");
    report(m, ANNOTATION_EVENT_PROCESS, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 1, 1000, ANNOTATION_PROC_ZOMBIE, 0, 3}, "sh");

    assert_int_equal(r.count, 8);
    assert_int_equal(r.seen[0].kind, OBSERVE_PROCESS);
    assert_string_equal(r.names[0], "sh");
    assert_int_equal(r.seen[1].kind, OBSERVE_SYSCALL_ENTER);
    assert_string_equal(r.names[1], "write");
    assert_int_equal(r.seen[1].syscall.args[1], 0x1000);
    assert_int_equal(r.seen[1].syscall.pc, 0x400100);
    assert_int_equal(r.seen[2].kind, OBSERVE_SYSCALL_EXIT);
    assert_int_equal(r.seen[2].syscall.result, 6);
    assert_string_equal(r.names[3], "?");
    assert_int_equal(r.seen[3].syscall.result, -38);
    assert_int_equal(r.seen[4].kind, OBSERVE_PAGE_FAULT);
    assert_int_equal(r.seen[4].page_fault.kind, ANNOTATION_FAULT_DEMAND_ZERO);
    assert_int_equal(r.seen[5].memory.free_frames, 100);

    size_t count;
    const struct observe_process *rows = observe_processes(&m->observe, &count);
    assert_int_equal(count, 2);
    assert_string_equal(rows[0].name, "init");
    assert_int_equal(rows[0].state, ANNOTATION_PROC_BLOCKED);
    const struct observe_process *sh = observe_find_process(&m->observe, 2, 2);
    assert_non_null(sh);
    assert_int_equal(sh->state, ANNOTATION_PROC_ZOMBIE);
    assert_int_equal(sh->exit_status, 3);
    assert_int_equal(sh->uid, 1000);
    assert_int_equal(sh->ppid, 1);
    assert_int_equal(sh->syscalls, 1);
    assert_int_equal(sh->page_faults, 1);
    assert_int_equal(observe_memory_report(&m->observe)->frames, 1000);
    /* Reaped: the row goes. */
    report(m, ANNOTATION_EVENT_PROCESS, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 1, 1000, ANNOTATION_PROC_GONE, 0, 3}, "sh");
    observe_processes(&m->observe, &count);
    assert_int_equal(count, 1);
    assert_null(observe_find_process(&m->observe, 2, 2));
    observe_detach(&m->observe, &r);
}

static uint64_t shorten(void *opaque, uint64_t budget, enum machine_stop *stop)
{
    (void)stop;
    uint64_t *limit = opaque;
    return budget < *limit ? budget : *limit;
}

static uint64_t end_run(void *opaque, uint64_t budget, enum machine_stop *stop)
{
    (void)opaque, (void)budget;
    *stop = MACHINE_KILLED;
    return 0;
}

static void before_batch_shortens_batches_or_ends_the_run(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    uint64_t limit = 7;
    struct observer a = {.name = "short", .before_batch = shorten, .opaque = &limit};
    assert_true(observe_attach(&m->observe, &a));
    assert_true(m->observe.batch_hooks);
    enum machine_stop stop = MACHINE_QUIT;
    assert_int_equal(observe_before_batch(&m->observe, 1000, &stop), 7);
    struct observer b = {.name = "end", .before_batch = end_run, .opaque = &stop};
    assert_true(observe_attach(&m->observe, &b));
    assert_int_equal(observe_before_batch(&m->observe, 1000, &stop), 0);
    assert_int_equal(stop, MACHINE_KILLED);
    observe_detach(&m->observe, &stop);
    observe_detach(&m->observe, &limit);
    assert_no_hooks(m);
}

static void one_hit_rate_function(void **state)
{
    (void)state;
    assert_true(observe_hit_rate(0, 0) < 0);
    assert_true(observe_hit_rate(3, 1) == 0.75);
    struct tlb_counts c = {.hits = {1, 1, 1}, .misses = {0, 1, 0}};
    assert_true(observe_counts_hit_rate(&c) == 0.75);
    assert_string_equal(observe_syscall_name(1), "exit");
    assert_string_equal(observe_syscall_name(4), "exec");
    assert_string_equal(observe_syscall_name(0), "?");
    assert_string_equal(observe_process_state_name(ANNOTATION_PROC_ZOMBIE), "ZOMBIE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(nothing_attached_installs_no_hook_and_detaching_removes_them, setup, teardown),
        cmocka_unit_test_setup_teardown(attachments_get_their_kinds_in_attach_order_with_guest_time, setup, teardown),
        cmocka_unit_test_setup_teardown(kernel_reports_become_typed_events_and_the_process_table, setup, teardown),
        cmocka_unit_test_setup_teardown(before_batch_shortens_batches_or_ends_the_run, setup, teardown),
        cmocka_unit_test(one_hit_rate_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
