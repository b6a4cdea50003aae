/* Turnaround and response times from PROCESS reports (src/trace/process_times.c): the
 * stamps of creation, first run and end, a thread's end that is not its process's, exec's
 * new name, a pid reported again after its reap, the bound on rows, and reports written to
 * the annotation device's registers, stamped with the hart's clock. */
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/hart.h"
#include "devices/annotation.h"
#include "hart_fixture.h"
#include "machine_map.h"
#include "mmu/bus.h"
#include "machine/observe.h"
#include "trace/process_times.h"

static struct process_time_stamp at(uint64_t mtime)
{
    return (struct process_time_stamp){.cycles = mtime * 10, .mtime = mtime};
}

static void times_come_from_creation_first_run_and_zombie(void **state)
{
    (void)state;
    struct process_times pt;
    process_times_init(&pt);
    process_times_report(&pt, 3, 3, ANNOTATION_PROC_RUNNABLE, "timeshare", at(1000));
    process_times_report(&pt, 3, 3, ANNOTATION_PROC_RUNNING, "timeshare", at(1500));
    process_times_report(&pt, 3, 3, ANNOTATION_PROC_RUNNABLE, "spin", at(1600));
    process_times_report(&pt, 3, 3, ANNOTATION_PROC_RUNNING, "spin", at(9000));
    process_times_report(&pt, 3, 7, ANNOTATION_PROC_ZOMBIE, "spin", at(9500)); /* a thread */
    assert_int_equal(pt.count, 1);
    assert_false(pt.rows[0].has_ended);
    process_times_report(&pt, 3, 3, ANNOTATION_PROC_ZOMBIE, "spin", at(20000));
    process_times_report(&pt, 3, 3, ANNOTATION_PROC_GONE, "spin", at(21000));
    const struct process_times_row *r = &pt.rows[0];
    assert_int_equal(pt.count, 1);
    assert_string_equal(r->name, "spin");
    assert_true(r->has_run && r->has_ended && r->gone);
    assert_int_equal(r->created.mtime, 1000);
    assert_int_equal(r->first_run.mtime, 1500);
    assert_int_equal(r->first_run.cycles, 15000);
    assert_int_equal(r->ended.mtime, 20000);
    /* 19000 ticks of the guest clock after its creation. */
    assert_true(process_times_ms(r->created, r->ended) == 19000.0 * 1000.0 / VMSIM_TIMEBASE_HZ);
    process_times_destroy(&pt);
}

static void a_pid_after_its_reap_is_a_new_process(void **state)
{
    (void)state;
    struct process_times pt;
    process_times_init(&pt);
    process_times_report(&pt, 4, 4, ANNOTATION_PROC_GONE, "late", at(5)); /* never seen begin */
    assert_int_equal(pt.count, 0);
    process_times_report(&pt, 4, 4, ANNOTATION_PROC_RUNNABLE, "a", at(10));
    process_times_report(&pt, 4, 4, ANNOTATION_PROC_ZOMBIE, "a", at(20));
    process_times_report(&pt, 4, 4, ANNOTATION_PROC_GONE, "a", at(30));
    process_times_report(&pt, 4, 4, ANNOTATION_PROC_RUNNABLE, "b", at(40));
    assert_int_equal(pt.count, 2);
    assert_false(pt.rows[1].has_run);
    assert_int_equal(pt.rows[1].created.mtime, 40);
    assert_string_equal(pt.rows[0].name, "a");
    process_times_destroy(&pt);
}

static void rows_are_bounded(void **state)
{
    (void)state;
    struct process_times pt;
    process_times_init(&pt);
    for (uint32_t pid = 1; pid <= PROCESS_TIMES_MAX_ROWS + 5; pid++)
        process_times_report(&pt, pid, pid, ANNOTATION_PROC_RUNNABLE, "forkbomb", at(pid));
    assert_int_equal(pt.count, PROCESS_TIMES_MAX_ROWS);
    assert_int_equal(pt.dropped, 5);
    process_times_destroy(&pt);
}

/* What the observation boundary delivers for one of the kernel's PROCESS reports. */
static void report_process(const struct observer *o, const struct hart *h, uint32_t pid, uint32_t state,
                           const char *name)
{
    struct observe_process p = {.pid = pid, .tid = pid, .ppid = 1, .state = state};
    snprintf(p.name, sizeof p.name, "%s", name);
    struct observe_event event = {.kind = OBSERVE_PROCESS,
                                  .time = {.instret = hart_instret(h), .cycles = hart_cycle(h)},
                                  .process = &p};
    o->on_event(o->opaque, &event);
}

static void reports_are_stamped_with_guest_time(void **state)
{
    struct hart_fixture *f = *state;
    struct process_times pt;
    process_times_init(&pt);
    struct observer o = process_times_observer(&pt, &f->hart);
    assert_int_equal(o.kinds, OBSERVE_BIT(OBSERVE_PROCESS));
    f->hart.steps += 1000 * VMSIM_CYCLES_PER_TICK;
    uint64_t created_cycles = hart_cycle(&f->hart), created_mtime = hart_mtime(&f->hart);
    report_process(&o, &f->hart, 7, ANNOTATION_PROC_RUNNABLE, "spin");
    f->hart.steps += 20000 * VMSIM_CYCLES_PER_TICK;
    report_process(&o, &f->hart, 7, ANNOTATION_PROC_RUNNING, "spin");
    f->hart.steps += 30000 * VMSIM_CYCLES_PER_TICK;
    report_process(&o, &f->hart, 7, ANNOTATION_PROC_ZOMBIE, "spin");
    assert_int_equal(pt.count, 1);
    const struct process_times_row *r = &pt.rows[0];
    assert_int_equal(r->created.cycles, created_cycles);
    assert_int_equal(r->created.mtime, created_mtime);
    assert_int_equal(r->first_run.mtime - r->created.mtime, 20000);
    assert_int_equal(r->first_run.cycles - r->created.cycles, 20000 * VMSIM_CYCLES_PER_TICK);
    assert_true(r->has_ended);
    assert_true(process_times_ms(r->created, r->ended) == 50000.0 * 1000.0 / VMSIM_TIMEBASE_HZ);
    process_times_destroy(&pt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(times_come_from_creation_first_run_and_zombie),
        cmocka_unit_test(a_pid_after_its_reap_is_a_new_process),
        cmocka_unit_test(rows_are_bounded),
        cmocka_unit_test_setup_teardown(reports_are_stamped_with_guest_time, hart_fixture_setup,
                                        hart_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
