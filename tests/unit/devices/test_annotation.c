/* The annotation device: registers, COMMIT, names per ASID, its listener, and the
 * context_switch trace event and named by_asid statistics built on it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_kernel.h"
#include "hart_fixture.h"

#include "devices/annotation.h"
#include "mmu/bus.h"
#include "mmu/mmu.h"
#include "trace/process_accounts.h"
#include "trace/stats.h"
#include "trace/trace.h"

static void registers_read_back_what_was_written_and_commit_reads_zero(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    fake_kernel_write_register(&a, ANNOTATION_PID, 42);
    fake_kernel_write_register(&a, ANNOTATION_TID, 43);
    fake_kernel_write_register(&a, ANNOTATION_ASID, 7);
    fake_kernel_write_name(&a, "spin");
    assert_int_equal(fake_kernel_read_register(&a, ANNOTATION_PID), 42);
    assert_int_equal(fake_kernel_read_register(&a, ANNOTATION_TID), 43);
    assert_int_equal(fake_kernel_read_register(&a, ANNOTATION_ASID), 7);
    assert_int_equal(fake_kernel_read_register(&a, ANNOTATION_NAME), 0x6e697073); /* "spin" */
    assert_int_equal(fake_kernel_read_register(&a, ANNOTATION_COMMIT), 0);
}

static void nothing_is_current_before_the_first_commit(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    fake_kernel_write_register(&a, ANNOTATION_PID, 5);
    fake_kernel_write_register(&a, ANNOTATION_ASID, 3);
    assert_false(a.current.known);
    assert_null(annotation_for_asid(&a, 3));
    assert_int_equal(a.commits, 0);
}

static void commit_makes_the_process_current_and_names_its_asid(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    fake_kernel_switch_to(&a, 5, 6, 3, "worker");
    assert_true(a.current.known);
    assert_int_equal(a.current.pid, 5);
    assert_int_equal(a.current.tid, 6);
    assert_int_equal(a.current.asid, 3);
    assert_string_equal(a.current.name, "worker");
    const struct annotation_process *p = annotation_for_asid(&a, 3);
    assert_non_null(p);
    assert_int_equal(p->pid, 5);
    assert_string_equal(p->name, "worker");
    assert_null(annotation_for_asid(&a, 4));
    assert_null(annotation_for_asid(&a, ANNOTATION_ASID_COUNT));
    assert_int_equal(a.commits, 1);
}

static void a_later_commit_with_the_same_asid_replaces_its_name(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    fake_kernel_switch_to(&a, 5, 5, 3, "init");
    fake_kernel_switch_to(&a, 9, 9, 4, "other");
    fake_kernel_switch_to(&a, 5, 5, 3, "hello");
    assert_string_equal(annotation_for_asid(&a, 3)->name, "hello");
    assert_string_equal(annotation_for_asid(&a, 4)->name, "other");
    assert_string_equal(a.current.name, "hello");
}

static void a_sixteen_byte_name_is_kept_whole_and_terminated(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    fake_kernel_switch_to(&a, 1, 1, 1, "abcdefghijklmnop");
    assert_string_equal(a.current.name, "abcdefghijklmnop");
}

static void byte_and_misaligned_accesses_are_refused(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    uint32_t value;
    assert_false(annotation_ops.write(&a, ANNOTATION_PID, 1, 1));
    assert_false(annotation_ops.write(&a, ANNOTATION_PID, 2, 1));
    assert_false(annotation_ops.write(&a, ANNOTATION_PID + 2, 4, 1));
    assert_false(annotation_ops.read(&a, ANNOTATION_NAME + 1, 4, &value));
    assert_false(annotation_ops.read(&a, ANNOTATION_NAME, 1, &value));
}

/* What the listener heard. */
struct heard {
    int commits;
    struct annotation_process last;
    struct annotation_event event;
};

static void hear_commit(void *opaque, const struct annotation_process *now)
{
    struct heard *h = opaque;
    h->commits++;
    h->last = *now;
}

static void hear_report(void *opaque, const struct annotation_event *event)
{
    struct heard *h = opaque;
    h->event = *event;
}

static void the_listener_hears_every_commit_until_it_is_replaced(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    fake_kernel_switch_to(&a, 1, 1, 1, "init"); /* nobody listens yet: nothing to call */
    struct heard heard = {0};
    annotation_listen(&a, &(struct annotation_listener){.on_commit = hear_commit, .opaque = &heard});
    fake_kernel_switch_to(&a, 2, 2, 1, "sh");
    fake_kernel_switch_to(&a, 3, 4, 2, "cat");
    assert_int_equal(heard.commits, 2);
    assert_int_equal(heard.last.pid, 3);
    assert_int_equal(heard.last.tid, 4);
    assert_string_equal(heard.last.name, "cat");
    annotation_listen(&a, &(struct annotation_listener){0});
    fake_kernel_switch_to(&a, 5, 5, 3, "ls");
    assert_int_equal(heard.commits, 2);
    assert_int_equal(a.commits, 4);
}

static void report_delivers_kind_arguments_and_name_without_making_a_process_current(void **state)
{
    (void)state;
    struct annotation a;
    annotation_init(&a);
    struct heard heard = {0};
    annotation_listen(&a, &(struct annotation_listener){.on_commit = hear_commit, .on_report = hear_report,
                                                        .opaque = &heard});
    fake_kernel_write_name(&a, "forktree");
    fake_kernel_write_register(&a, ANNOTATION_EVENT_KIND, ANNOTATION_EVENT_PROCESS);
    for (uint32_t i = 0; i < ANNOTATION_EVENT_ARGS; i++)
        fake_kernel_write_register(&a, ANNOTATION_EVENT_ARG0 + 4 * i, 100 + i);
    assert_int_equal(fake_kernel_read_register(&a, ANNOTATION_EVENT_ARG0 + 4), 101);
    assert_int_equal(heard.event.kind, 0);
    fake_kernel_write_register(&a, ANNOTATION_EVENT_REPORT, 1);
    assert_int_equal(heard.event.kind, ANNOTATION_EVENT_PROCESS);
    for (uint32_t i = 0; i < ANNOTATION_EVENT_ARGS; i++)
        assert_int_equal(heard.event.args[i], 100 + i);
    assert_string_equal(heard.event.name, "forktree");
    assert_int_equal(a.events, 1);
    assert_int_equal(a.commits, 0);
    assert_int_equal(heard.commits, 0);
    assert_false(a.current.known);
    assert_int_equal(fake_kernel_read_register(&a, ANNOTATION_EVENT_REPORT), 0);

    annotation_listen(&a, &(struct annotation_listener){0});
    fake_kernel_write_register(&a, ANNOTATION_EVENT_KIND, ANNOTATION_EVENT_SYSCALL_EXIT);
    fake_kernel_write_register(&a, ANNOTATION_EVENT_REPORT, 1);
    assert_int_equal(heard.event.kind, ANNOTATION_EVENT_PROCESS);
    assert_int_equal(a.events, 2);
}

static char *read_whole_file(const char *path);

/* Makes the hart look as if it had run `instructions` more instructions with `hits` and
 * `misses` more TLB loads. */
static void run_some(struct hart *h, uint64_t instructions, uint64_t hits, uint64_t misses)
{
    h->steps += instructions;
    h->mmu->tlb.stats.total.hits[TLB_LOAD] += hits;
    h->mmu->tlb.stats.total.misses[TLB_LOAD] += misses;
}

/* The annotation device's commits drive the accounts directly here (in vmsim the
 * observation boundary listens and passes them on). */
static void charge_switch(void *opaque, const struct annotation_process *now)
{
    process_accounts_switch(opaque, now);
}

static void each_process_is_charged_for_what_ran_while_it_was_current(void **state)
{
    struct hart_fixture *f = *state;
    struct annotation a;
    annotation_init(&a);
    struct process_accounts pa;
    hart_set_timing(&f->hart, &(struct hart_timing){.tlb_miss = 10});
    process_accounts_init(&pa, &f->hart);
    annotation_listen(&a, &(struct annotation_listener){.on_commit = charge_switch, .opaque = &pa});
    run_some(&f->hart, 100, 0, 0);       /* boot: the kernel */
    fake_kernel_switch_to(&a, 2, 2, 1, "sh");
    run_some(&f->hart, 1000, 90, 10);
    fake_kernel_switch_to(&a, 3, 3, 2, "cat");
    run_some(&f->hart, 500, 40, 0);
    fake_kernel_switch_to(&a, 2, 2, 1, "sh");         /* sh again: the same row */
    run_some(&f->hart, 10, 10, 0);
    fake_kernel_switch_to(&a, 3, 3, 4, "wc");         /* pid 3 exec'd wc: a new row */
    run_some(&f->hart, 7, 0, 1);
    fake_kernel_switch_to(&a, 0, 0, 0, "idle");       /* pid 0 is the kernel, whatever the name */
    run_some(&f->hart, 3, 0, 0);
    process_accounts_settle(&pa);
    assert_int_equal(pa.count, 4);
    assert_int_equal(pa.rows[0].pid, 0);
    assert_string_equal(pa.rows[0].name, "kernel");
    assert_int_equal(pa.rows[0].instructions, 103);
    assert_int_equal(pa.rows[0].slices, 2);
    assert_string_equal(pa.rows[1].name, "sh");
    assert_int_equal(pa.rows[1].instructions, 1010);
    assert_int_equal(pa.rows[1].slices, 2);
    assert_int_equal(pa.rows[1].tlb.hits[TLB_LOAD], 100);
    assert_int_equal(pa.rows[1].tlb.misses[TLB_LOAD], 10);
    assert_string_equal(pa.rows[2].name, "cat");
    assert_int_equal(pa.rows[2].instructions, 500);
    assert_int_equal(pa.rows[3].pid, 3);
    assert_string_equal(pa.rows[3].name, "wc");
    assert_int_equal(pa.rows[3].tlb.misses[TLB_LOAD], 1);
    /* Nothing is lost or counted twice. */
    uint64_t total = 0;
    for (size_t i = 0; i < pa.count; i++)
        total += pa.rows[i].instructions;
    assert_int_equal(total, hart_instret(&f->hart));
    assert_int_equal(pa.rows[1].cycles, 1010 + 10 * 10);

    FILE *summary = tmpfile();
    assert_non_null(summary);
    stats_print_summary(summary, &f->hart, &a, &pa, NULL, 1.0);
    rewind(summary);
    static char text[8192];
    text[fread(text, 1, sizeof text - 1, summary)] = '\0';
    fclose(summary);
    /* sh: 1010 of 1620 instructions, 100 hits of 110 lookups; cycles and CPI from the
     * timing model set above. */
    /* With a TLB miss costing 10 cycles: sh ran 1010 instructions and missed 10 times. */
    assert_non_null(strstr(text, "        2  sh                         1010   62.3%        2           1110   1.10    0.0%            110   90.909%"));
    assert_non_null(strstr(text, "        3  wc                            7    0.4%        1             17   2.43    0.0%              1    0.000%"));
    process_accounts_destroy(&pa);
}

static void the_json_statistics_list_every_process(void **state)
{
    struct hart_fixture *f = *state;
    struct annotation a;
    annotation_init(&a);
    struct process_accounts pa;
    process_accounts_init(&pa, &f->hart);
    annotation_listen(&a, &(struct annotation_listener){.on_commit = charge_switch, .opaque = &pa});
    fake_kernel_switch_to(&a, 4, 4, 1, "tlbsweep");
    run_some(&f->hart, 42, 30, 12);
    char path[] = "/tmp/vmsim-annotation-processes-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_true(stats_write_json(path, &f->hart, &a, &pa, NULL, 1.0));
    char *text = read_whole_file(path);
    assert_non_null(strstr(text, "{\"pid\":4,\"name\":\"tlbsweep\",\"instructions\":42,\"slices\":1,"
                                 "\"tlb\":{\"hits\":30,\"misses\":12,"));
    unlink(path);
    process_accounts_destroy(&pa);
}

/* A guest that reports a new process at every switch (as a hostile one may, 160 000 of them)
 * fills the table, and then everything goes to "(others)": the table stays bounded, no
 * instruction is lost, and the work per report (index probes) stays the same whether there
 * are N or 2N reports, so host time grows linearly with the guest's. */
static uint64_t probes_for_reports(struct hart_fixture *f, uint32_t reports, struct process_accounts *pa)
{
    struct annotation a;
    annotation_init(&a);
    process_accounts_init(pa, &f->hart);
    annotation_listen(&a, &(struct annotation_listener){.on_commit = charge_switch, .opaque = pa});
    char name[16];
    for (uint32_t i = 0; i < reports; i++) {
        snprintf(name, sizeof name, "p%u", i % 7);
        fake_kernel_switch_to(&a, 2 + i, 2 + i, 1 + i % 500, name);
        run_some(&f->hart, 3, 1, 0);
    }
    process_accounts_settle(pa);
    return pa->index.probes;
}

static void endless_new_processes_cost_bounded_work_per_report(void **state)
{
    struct hart_fixture *f = *state;
    struct process_accounts pa;
    uint64_t before = hart_instret(&f->hart);
    uint64_t probes_n = probes_for_reports(f, 80000, &pa);
    assert_int_equal(pa.count, PROCESS_ACCOUNTS_MAX_ROWS + 1);
    assert_string_equal(pa.rows[pa.count - 1].name, "(others)");
    assert_int_equal(pa.rows[pa.count - 1].slices, 80000 - (PROCESS_ACCOUNTS_MAX_ROWS - 1));
    uint64_t total = 0;
    for (size_t i = 0; i < pa.count; i++)
        total += pa.rows[i].instructions;
    assert_int_equal(total, hart_instret(&f->hart) - before);
    process_accounts_destroy(&pa);
    uint64_t probes_2n = probes_for_reports(f, 160000, &pa);
    process_accounts_destroy(&pa);
    print_message("index probes: %" PRIu64 " for 80000 reports, %" PRIu64 " for 160000\n", probes_n, probes_2n);
    /* Deterministic counts: a few probes a report, and twice the reports twice the work. */
    assert_true(probes_n <= 8u * 80000u);
    assert_true(probes_2n <= 8u * 160000u);
    assert_true(probes_2n * 100 <= probes_n * 205);
}

static char *read_whole_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void the_trace_writes_a_context_switch_event_per_commit(void **state)
{
    struct hart_fixture *f = *state;
    char path[] = "/tmp/vmsim-annotation-trace-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct trace t;
    char err[256];
    assert_true(trace_open(&t, path, &f->hart, 0, err, sizeof err));
    struct annotation a;
    annotation_init(&a);
    fake_kernel_switch_to(&a, 7, 8, 5, "a\"b\n");
    struct observer observer = trace_observer(&t);
    assert_true(observer.kinds & OBSERVE_BIT(OBSERVE_CONTEXT_SWITCH));
    struct observe_event e = {.kind = OBSERVE_CONTEXT_SWITCH, .context_switch = &a.current};
    observer.on_event(observer.opaque, &e);
    trace_close(&t, "test", 0);
    char *text = read_whole_file(path);
    assert_non_null(strstr(text, "{\"ev\":\"context_switch\",\"icount\":0,\"pid\":7,\"tid\":8,\"asid\":5,"
                                 "\"name\":\"a\\\"b\\u000a\"}\n"));
    unlink(path);
}

static void stats_name_the_process_of_each_asid(void **state)
{
    struct hart_fixture *f = *state;
    struct annotation a;
    annotation_init(&a);
    fake_kernel_switch_to(&a, 12, 12, 3, "spin");
    f->hart.mmu->tlb.stats.by_asid[3].hits[TLB_LOAD] = 10;
    f->hart.mmu->tlb.stats.by_asid[4].hits[TLB_LOAD] = 10;
    f->hart.mmu->tlb.stats.total.hits[TLB_LOAD] = 20;
    char path[] = "/tmp/vmsim-annotation-stats-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_true(stats_write_json(path, &f->hart, &a, NULL, NULL, 1.0));
    char *text = read_whole_file(path);
    const char *asid3 = strstr(text, "\"3\":{");
    const char *asid4 = strstr(text, "\"4\":{");
    assert_non_null(asid3);
    assert_non_null(asid4);
    const char *named = strstr(asid3, ",\"pid\":12,\"name\":\"spin\"}");
    assert_non_null(named);
    assert_true(named < asid4); /* the name belongs to ASID 3, and ASID 4 has none */
    assert_null(strstr(asid4, "\"name\""));
    unlink(path);

    FILE *summary = tmpfile();
    assert_non_null(summary);
    stats_print_summary(summary, &f->hart, &a, NULL, NULL, 1.0);
    rewind(summary);
    static char text2[8192];
    text2[fread(text2, 1, sizeof text2 - 1, summary)] = '\0';
    fclose(summary);
    assert_non_null(strstr(text2, "last used by pid 12 (spin)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registers_read_back_what_was_written_and_commit_reads_zero),
        cmocka_unit_test(nothing_is_current_before_the_first_commit),
        cmocka_unit_test(commit_makes_the_process_current_and_names_its_asid),
        cmocka_unit_test(a_later_commit_with_the_same_asid_replaces_its_name),
        cmocka_unit_test(a_sixteen_byte_name_is_kept_whole_and_terminated),
        cmocka_unit_test(byte_and_misaligned_accesses_are_refused),
        cmocka_unit_test(the_listener_hears_every_commit_until_it_is_replaced),
        cmocka_unit_test(report_delivers_kind_arguments_and_name_without_making_a_process_current),
        cmocka_unit_test_setup_teardown(each_process_is_charged_for_what_ran_while_it_was_current,
                                        hart_fixture_setup, hart_fixture_teardown),
        cmocka_unit_test_setup_teardown(endless_new_processes_cost_bounded_work_per_report,
                                        hart_fixture_setup, hart_fixture_teardown),
        cmocka_unit_test_setup_teardown(the_json_statistics_list_every_process, hart_fixture_setup,
                                        hart_fixture_teardown),
        cmocka_unit_test_setup_teardown(the_trace_writes_a_context_switch_event_per_commit, hart_fixture_setup,
                                        hart_fixture_teardown),
        cmocka_unit_test_setup_teardown(stats_name_the_process_of_each_asid, hart_fixture_setup,
                                        hart_fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
