/* Turnaround and response times from PROCESS reports (src/trace/process_times.c): the
 * stamps of creation, first run and end, a thread's end that is not its process's, exec's
 * new name, a pid reported again after its reap, and the bound on rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "machine_map.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(times_come_from_creation_first_run_and_zombie),
        cmocka_unit_test(a_pid_after_its_reap_is_a_new_process),
        cmocka_unit_test(rows_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
