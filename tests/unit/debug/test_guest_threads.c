/* The debugger's list of guest threads, from the kernel's reports through the annotation
 * device and a machine's observation boundary: a thread appears with its saved-register
 * addresses, exec renames it and changes its satp, it goes away when reported gone (or its
 * process a zombie), and the COMMIT of a context switch says which one runs, also one made
 * before the list attached. Detached, it follows nothing more. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "machine_fixture.h"
#include "debug/guest_threads.h"
#include "fake_kernel.h"
#include "machine/machine.h"

static struct machine *machine;
static struct annotation *device;
static struct guest_threads threads;

/* What the kernel's annotate_thread_context() writes. */
static void report_context(uint32_t pid, uint32_t tid, uint32_t user, uint32_t kernel, uint32_t satp,
                           const char *name)
{
    const uint32_t args[ANNOTATION_EVENT_ARGS] = {pid, tid, user, kernel, satp, user ? user + 0x100 : 0};
    fake_kernel_report(device, ANNOTATION_EVENT_THREAD_CONTEXT, args, name);
}

static void report_switch(uint32_t pid, uint32_t tid, const char *name)
{
    fake_kernel_switch_to(device, pid, tid, pid, name);
}

static int attached(void **state)
{
    (void)state;
    machine = calloc(1, sizeof *machine);
    if (!machine || !fixture_machine_init(machine))
        return -1;
    device = &machine->annotation;
    guest_threads_init(&threads);
    return guest_threads_attach(&threads, &machine->observe) ? 0 : -1;
}

static int detached(void **state)
{
    (void)state;
    guest_threads_detach(&threads);
    machine_destroy(machine);
    free(machine);
    return 0;
}

static void a_reported_thread_is_listed_with_its_context(void **state)
{
    (void)state;
    report_context(2, 2, 0x80100000, 0x80101000, 0x80800123, "sh");
    const struct guest_thread *t = guest_threads_find(&threads, 2);
    assert_non_null(t);
    assert_int_equal(t->pid, 2);
    assert_int_equal(t->user_registers, 0x80100000);
    assert_int_equal(t->kernel_context, 0x80101000);
    assert_int_equal(t->satp, 0x80800123);
    assert_int_equal(t->state_word, 0x80100100);
    assert_string_equal(t->name, "sh");
    assert_null(guest_threads_find(&threads, 3));
}

static void exec_renames_and_changes_the_address_space(void **state)
{
    (void)state;
    report_context(2, 2, 0x80100000, 0x80101000, 0x80800123, "sh");
    report_context(2, 2, 0x80100000, 0x80101000, 0x80c00456, "hello");
    assert_int_equal(threads.count, 1);
    assert_string_equal(guest_threads_find(&threads, 2)->name, "hello");
    assert_int_equal(guest_threads_find(&threads, 2)->satp, 0x80c00456);
}

static void a_thread_reported_gone_is_forgotten(void **state)
{
    (void)state;
    report_context(2, 2, 0x80100000, 0x80101000, 0x80800123, "sh");
    report_context(2, 5, 0x80200000, 0x80201000, 0x80800123, "sh");
    report_context(2, 2, 0, 0, 0, "sh");
    assert_null(guest_threads_find(&threads, 2));
    assert_non_null(guest_threads_find(&threads, 5));
}

static void a_zombie_process_report_removes_its_thread(void **state)
{
    (void)state;
    report_context(3, 3, 0x80100000, 0x80101000, 0x80800123, "cat");
    const uint32_t running[ANNOTATION_EVENT_ARGS] = {3, 3, 1, 0, ANNOTATION_PROC_RUNNING, 0x80900001, 0};
    fake_kernel_report(device, ANNOTATION_EVENT_PROCESS, running, "cat");
    assert_int_equal(guest_threads_find(&threads, 3)->satp, 0x80900001);
    const uint32_t zombie[ANNOTATION_EVENT_ARGS] = {3, 3, 1, 0, ANNOTATION_PROC_ZOMBIE, 0x80900001, 0};
    fake_kernel_report(device, ANNOTATION_EVENT_PROCESS, zombie, "cat");
    assert_null(guest_threads_find(&threads, 3));
}

static void the_commit_of_a_switch_names_the_current_thread(void **state)
{
    (void)state;
    report_context(0, 0, 0, 0x80005000, 0x80000080, "kernel");
    report_context(1, 1, 0x80100000, 0x80101000, 0x80400001, "init");
    assert_null(guest_threads_current(&threads)); /* nobody has said who runs */
    report_switch(1, 1, "init");
    assert_int_equal(guest_threads_current(&threads)->tid, 1);
    report_switch(0, 0, "idle"); /* the scheduler idles: its own context */
    assert_int_equal(guest_threads_current(&threads)->tid, 0);
    assert_string_equal(guest_threads_current(&threads)->name, "kernel");
}

static void a_list_attached_late_knows_who_runs_and_a_detached_one_follows_nothing(void **state)
{
    (void)state;
    guest_threads_detach(&threads);
    report_switch(4, 6, "worker");
    report_context(4, 7, 0x80100000, 0x80101000, 0x80800123, "worker");
    assert_null(guest_threads_find(&threads, 7));
    guest_threads_init(&threads);
    assert_true(guest_threads_attach(&threads, &machine->observe));
    assert_true(threads.current_known);
    assert_int_equal(threads.current_pid, 4);
    assert_int_equal(threads.current_tid, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_reported_thread_is_listed_with_its_context, attached, detached),
        cmocka_unit_test_setup_teardown(exec_renames_and_changes_the_address_space, attached, detached),
        cmocka_unit_test_setup_teardown(a_thread_reported_gone_is_forgotten, attached, detached),
        cmocka_unit_test_setup_teardown(a_zombie_process_report_removes_its_thread, attached, detached),
        cmocka_unit_test_setup_teardown(the_commit_of_a_switch_names_the_current_thread, attached, detached),
        cmocka_unit_test_setup_teardown(a_list_attached_late_knows_who_runs_and_a_detached_one_follows_nothing,
                                        attached, detached),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
