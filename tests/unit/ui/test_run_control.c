/* The window's slow motion (src/ui/run_control.c) on a real machine and its observation
 * boundary, with no window and no clock: a test attachment consults the control before
 * each batch as the window does, and hands back to the test whenever the control holds
 * the machine still. A guest in S mode with Sv32 loops over an ecall (a trap), a system
 * call and a context switch reported to the annotation device, and a load from an
 * unmapped page (a page fault). Run-to-next stops right after the event asked for, one
 * step runs one instruction, choosing another kind while running keeps the run going to
 * the kind it began with, and each speed paces the guest at its instructions per second of
 * a fake clock, in batches of a fiftieth of a second. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cpu/csr.h"
#include "insn_encode.h"
#include "machine/machine.h"
#include "machine_map.h"
#include "mmu/mmu.h"
#include "riscv_spec.h"
#include "ui/os_history.h"
#include "ui/run_control.h"

#define CODE VMSIM_RAM_BASE
#define LOOP (CODE + 0x10)
#define REPORT_STORE (CODE + 0x18)
#define COMMIT_STORE (CODE + 0x1c)
#define FAULTING_LOAD (CODE + 0x20)
#define HANDLER (CODE + 0x100)
#define ROOT (CODE + 0x10000)
#define UNMAPPED 0x40000000u

/* The test's stand-in for the window: before each batch it asks the control, lets the fake
 * clock run through the control's waits, and ends machine_run when the control holds. */
struct driver {
    struct run_control control;
    struct os_history *history;
    const struct hart *hart;
    double clock;     /* seconds */
    uint64_t stop_at; /* ends the run at this many instructions (0: never) */
    unsigned arrivals;
    uint64_t largest_budget;
};

static uint64_t drive(void *opaque, uint64_t budget, enum machine_stop *stop)
{
    struct driver *d = opaque;
    uint64_t instret = hart_instret(d->hart);
    if (d->stop_at && instret >= d->stop_at) {
        *stop = MACHINE_QUIT;
        return 0;
    }
    if (d->stop_at && budget > d->stop_at - instret)
        budget = d->stop_at - instret;
    for (;;) {
        struct run_control_decision decision =
            run_control_before_batch(&d->control, d->history, budget, hart_instret(d->hart), d->clock);
        d->arrivals += decision.arrived;
        switch (decision.verdict) {
        case RUN_CONTROL_RUN:
            if (decision.budget > d->largest_budget)
                d->largest_budget = decision.budget;
            return decision.budget;
        case RUN_CONTROL_WAIT:
            assert_true(decision.wait > 0);
            d->clock += decision.wait;
            break;
        case RUN_CONTROL_HOLD:
            *stop = MACHINE_QUIT; /* paused: back to the test */
            return 0;
        }
    }
}

struct fixture {
    struct machine machine;
    struct os_history history;
    struct driver driver;
};

static void put_words(struct machine *m, uint32_t address, const uint32_t *words, size_t count)
{
    uint32_t *ram = (uint32_t *)bus_ram_pointer(&m->bus, address);
    for (size_t i = 0; i < count; i++)
        ram[i] = words[i];
}

static void load_guest(struct machine *m)
{
    const uint32_t program[] = {
        encode_u(OP_lui, T0, VMSIM_ANNOTATION_BASE),
        encode_i(OP_addi, T1, ZERO, ANNOTATION_EVENT_SYSCALL_ENTER),
        encode_s(OP_sw, T1, T0, ANNOTATION_EVENT_KIND),
        encode_u(OP_lui, S1, UNMAPPED),
        /* LOOP */ encode_i(OP_addi, S0, S0, 1),
        encode_plain(OP_ecall),
        /* REPORT_STORE */ encode_s(OP_sw, S0, T0, ANNOTATION_EVENT_REPORT),
        /* COMMIT_STORE */ encode_s(OP_sw, S0, T0, ANNOTATION_COMMIT),
        /* FAULTING_LOAD */ encode_i(OP_lw, T2, S1, 0),
        encode_j(OP_jal, ZERO, (int32_t)LOOP - (int32_t)(FAULTING_LOAD + 4)),
    };
    put_words(m, CODE, program, sizeof program / sizeof program[0]);
    /* M mode skips the instruction that trapped. */
    const uint32_t handler[] = {
        encode_csr(OP_csrrs, T3, CSR_MEPC, ZERO),
        encode_i(OP_addi, T3, T3, 4),
        encode_csr(OP_csrrw, ZERO, CSR_MEPC, T3),
        encode_plain(OP_mret),
    };
    put_words(m, HANDLER, handler, sizeof handler / sizeof handler[0]);
    /* Two megapages: RAM and the devices, identity-mapped; nothing at UNMAPPED. */
    const uint32_t leaf = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
    const uint32_t devices = VMSIM_ANNOTATION_BASE & ~0x3fffffu; /* its 4 MiB */
    uint32_t ram_entry = (CODE >> 12) << 10 | leaf, device_entry = (devices >> 12) << 10 | leaf;
    put_words(m, ROOT + 4 * (CODE >> 22), &ram_entry, 1);
    put_words(m, ROOT + 4 * (devices >> 22), &device_entry, 1);
    struct hart *h = &m->hart;
    h->pc = CODE;
    h->mtvec = HANDLER;
    h->priv = PRIV_S;
    h->satp = SATP_MODE_SV32 | ROOT >> 12;
    hart_update_mmu_mode(h);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct machine_config config = {.ram_size = 4u << 20, .tlb = tlb_default_config()};
    char err[256];
    if (!f || !machine_init(&f->machine, &config, err, sizeof err) ||
        !os_history_init(&f->history, &f->machine.observe))
        return -1;
    load_guest(&f->machine);
    struct driver *d = &f->driver;
    run_control_init(&d->control);
    d->history = &f->history;
    d->hart = &f->machine.hart;
    struct observer observer = {.name = "test window", .before_batch = drive, .opaque = d};
    if (!observe_attach(&f->machine.observe, &observer))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    observe_detach(&f->machine.observe, &f->driver);
    os_history_destroy(&f->history);
    machine_destroy(&f->machine);
    free(f);
    return 0;
}

/* Runs until the control holds the machine still. */
static void run_until_held(struct fixture *f)
{
    assert_int_equal(machine_run(&f->machine), MACHINE_QUIT);
    assert_true(f->driver.control.paused);
}

static void run_to_next(struct fixture *f, enum os_step_target target)
{
    struct run_control *rc = &f->driver.control;
    while (rc->step_target != target)
        run_control_next_target(rc);
    run_control_run_to_next(rc);
    run_until_held(f);
}

static void run_to_next_stops_right_after_each_kind_of_event(void **state)
{
    struct fixture *f = *state;
    struct hart *h = &f->machine.hart;
    struct run_control *rc = &f->driver.control;
    run_control_pause(rc);
    run_until_held(f); /* paused from the start: nothing runs */
    assert_int_equal(hart_instret(h), 0);
    assert_int_equal(f->driver.arrivals, 0);

    run_to_next(f, OS_STEP_TRAP);
    assert_int_equal(h->pc, HANDLER); /* the ecall trapped, the handler not yet run */
    assert_int_equal(h->mcause, CAUSE_SUPERVISOR_ECALL);
    assert_int_equal(hart_instret(h), 5); /* the ecall trapped: it did not retire */
    assert_int_equal(f->history.seen[OS_STEP_TRAP], 1);
    assert_int_equal(f->driver.arrivals, 1);
    /* The window says where it stopped: the newest trap, until the guest moves. */
    assert_true(rc->stopped_after_event);
    assert_int_equal(f->history.last[OS_STEP_TRAP].detail, CAUSE_SUPERVISOR_ECALL);

    run_control_step(rc);
    run_until_held(f);
    assert_int_equal(h->pc, HANDLER + 4);
    assert_int_equal(hart_instret(h), 6);
    assert_false(rc->stopped_after_event);

    run_to_next(f, OS_STEP_SYSCALL);
    assert_int_equal(h->pc, REPORT_STORE + 4);
    assert_int_equal(f->history.seen[OS_STEP_SYSCALL], 1);
    assert_int_equal(f->history.seen[OS_STEP_SWITCH], 0);

    run_to_next(f, OS_STEP_SWITCH);
    assert_int_equal(h->pc, COMMIT_STORE + 4);
    assert_int_equal(f->history.seen[OS_STEP_SWITCH], 1);

    run_to_next(f, OS_STEP_PAGE_FAULT);
    assert_int_equal(h->pc, HANDLER);
    assert_int_equal(h->mcause, CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(h->mtval, UNMAPPED);
    assert_int_equal(f->history.seen[OS_STEP_PAGE_FAULT], 1);
    assert_true(rc->stopped_after_event);
    assert_int_equal(f->history.last[OS_STEP_PAGE_FAULT].detail, UNMAPPED);
    assert_int_equal(f->history.seen[OS_STEP_TRAP], 2);
    assert_int_equal(f->driver.arrivals, 4);
    assert_false(f->history.stop_after_set); /* arrived: batches run to their length again */
}

static void another_kind_chosen_while_running_waits_for_the_next_run(void **state)
{
    struct fixture *f = *state;
    struct hart *h = &f->machine.hart;
    struct run_control *rc = &f->driver.control;
    run_control_pause(rc);
    run_to_next(f, OS_STEP_PAGE_FAULT);
    assert_int_equal(f->history.seen[OS_STEP_TRAP], 2); /* the ecall's trap went by */
    /* Asked for the next page fault, then for traps before the machine ran again: it still
     * runs to the page fault, past the ecall's trap; the next run-to-next stops at traps. */
    run_control_run_to_next(rc);
    run_control_next_target(rc);
    assert_int_equal(rc->step_target, OS_STEP_TRAP);
    run_until_held(f);
    assert_int_equal(h->mcause, CAUSE_LOAD_PAGE_FAULT);
    assert_int_equal(f->history.seen[OS_STEP_PAGE_FAULT], 2);
    assert_int_equal(f->history.seen[OS_STEP_TRAP], 4);
    run_control_run_to_next(rc);
    run_until_held(f);
    assert_int_equal(h->mcause, CAUSE_SUPERVISOR_ECALL);
    assert_int_equal(f->history.seen[OS_STEP_TRAP], 5);
}

/* Runs `instructions` at speed level `level` from a standing start; returns the fake
 * seconds the control made the machine wait. */
static double seconds_at_level(struct fixture *f, unsigned level, uint64_t instructions)
{
    struct driver *d = &f->driver;
    while (d->control.speed_level < level)
        run_control_slower(&d->control);
    while (d->control.speed_level > level)
        run_control_faster(&d->control);
    double start = d->clock;
    d->largest_budget = 0;
    d->stop_at = hart_instret(d->hart) + instructions;
    assert_int_equal(machine_run(&f->machine), MACHINE_QUIT);
    assert_int_equal(hart_instret(d->hart), d->stop_at);
    return d->clock - start;
}

static void each_speed_paces_the_guest_at_its_instructions_per_second(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(run_control_speeds[RUN_CONTROL_SPEEDS - 1], 100);
    /* 100 per second: batches of 2, and 600 instructions take 6 seconds, less the last
     * batch, which runs without waiting for its turn to end. */
    double seconds = seconds_at_level(f, RUN_CONTROL_SPEEDS - 1, 600);
    assert_int_equal(f->driver.largest_budget, 2);
    assert_true(seconds >= 5.98 - 1e-9 && seconds <= 6.0 + 1e-9);
    /* 10 000 per second: batches of 200 (or less where a trap ends one), 20 000 in 2 s. */
    seconds = seconds_at_level(f, 4, 20000);
    assert_int_equal(f->driver.largest_budget, 200);
    assert_true(seconds >= 2.0 - 0.02 - 1e-9 && seconds <= 2.0 + 1e-9);
    /* Full speed: no waiting at all. */
    seconds = seconds_at_level(f, 0, 50000);
    assert_true(seconds == 0.0);
    assert_true(f->driver.largest_budget > 200);
    assert_int_equal(run_control_speed(&f->driver.control), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(run_to_next_stops_right_after_each_kind_of_event, setup, teardown),
        cmocka_unit_test_setup_teardown(another_kind_chosen_while_running_waits_for_the_next_run, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(each_speed_paces_the_guest_at_its_instructions_per_second, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
