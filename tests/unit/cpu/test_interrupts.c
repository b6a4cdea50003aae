/* Which interrupt hart_pending_interrupt picks: the privileged spec's priority order
 * (MEI > MSI > MTI > SEI > SSI > STI), M-level before S-level, and the global enables of
 * each privilege mode. Works on a bare struct hart: no bus is needed to ask. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/hart.h"

#define ALL_INTERRUPTS (MIP_MEIP | MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP)

static void make_hart(struct hart *h, enum privilege priv, uint32_t mstatus)
{
    memset(h, 0, sizeof *h);
    h->priv = priv;
    h->mstatus = mstatus;
    h->mie = ALL_INTERRUPTS;
}

static void pending_interrupts_are_taken_in_the_spec_order(void **state)
{
    (void)state;
    static const struct {
        uint32_t bit, cause;
    } order[] = {
        {MIP_MEIP, CAUSE_MACHINE_EXTERNAL},    {MIP_MSIP, CAUSE_MACHINE_SOFTWARE},
        {MIP_MTIP, CAUSE_MACHINE_TIMER},       {MIP_SEIP, CAUSE_SUPERVISOR_EXTERNAL},
        {MIP_SSIP, CAUSE_SUPERVISOR_SOFTWARE}, {MIP_STIP, CAUSE_SUPERVISOR_TIMER},
    };
    /* Undelegated (all M-level), then with the S interrupts delegated and the hart in U. */
    for (int delegated = 0; delegated < 2; delegated++) {
        struct hart h;
        make_hart(&h, PRIV_U, 0);
        h.mideleg = delegated ? (MIP_SEIP | MIP_SSIP | MIP_STIP) : 0;
        uint32_t pending = ALL_INTERRUPTS;
        for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
            h.irq_lines = pending & (MIP_MEIP | MIP_MSIP | MIP_MTIP);
            h.mip = pending & (MIP_SEIP | MIP_SSIP | MIP_STIP);
            uint32_t cause = hart_pending_interrupt(&h);
            if (cause != order[i].cause)
                fail_msg("pending 0x%03x (mideleg 0x%03x): took cause 0x%08x, expected 0x%08x",
                         pending, h.mideleg, cause, order[i].cause);
            pending &= ~order[i].bit;
        }
        h.irq_lines = h.mip = 0;
        assert_int_equal(hart_pending_interrupt(&h), 0);
    }
}

/* An M-level interrupt outranks any S-level one, whatever their own priorities. */
static void machine_level_interrupts_outrank_supervisor_level_ones(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_U, 0);
    h.mideleg = MIP_SEIP;
    h.mip = MIP_SEIP | MIP_STIP; /* STIP stays with M */
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_SUPERVISOR_TIMER);
    h.mip = MIP_SEIP;
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_SUPERVISOR_EXTERNAL);
}

static void interrupts_not_enabled_in_mie_are_ignored(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_U, 0);
    h.mie = MIP_STIP;
    h.irq_lines = MIP_MEIP | MIP_MTIP;
    h.mip = MIP_SSIP;
    assert_int_equal(hart_pending_interrupt(&h), 0);
    h.mip |= MIP_STIP;
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_SUPERVISOR_TIMER);
}

static void device_lines_and_software_bits_both_count_as_pending(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_U, 0);
    hart_set_irq_line(&h, MIP_MTIP, true);
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_MACHINE_TIMER);
    hart_set_irq_line(&h, MIP_MTIP, false);
    assert_int_equal(hart_pending_interrupt(&h), 0);
    h.mip = MIP_SEIP;
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_SUPERVISOR_EXTERNAL);
}

static void machine_interrupts_in_m_mode_need_mstatus_mie(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_M, 0);
    h.irq_lines = MIP_MTIP;
    assert_int_equal(hart_pending_interrupt(&h), 0);
    h.mstatus = MSTATUS_MIE;
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_MACHINE_TIMER);
}

static void machine_interrupts_are_always_enabled_below_m_mode(void **state)
{
    (void)state;
    static const enum privilege modes[] = {PRIV_S, PRIV_U};
    for (size_t i = 0; i < 2; i++) {
        struct hart h;
        make_hart(&h, modes[i], 0);
        h.irq_lines = MIP_MEIP;
        assert_int_equal(hart_pending_interrupt(&h), CAUSE_MACHINE_EXTERNAL);
    }
}

static void supervisor_interrupts_are_never_taken_in_m_mode(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_M, MSTATUS_MIE | MSTATUS_SIE);
    h.mideleg = MIP_SEIP | MIP_SSIP | MIP_STIP;
    h.mip = MIP_SEIP | MIP_SSIP | MIP_STIP;
    assert_int_equal(hart_pending_interrupt(&h), 0);
}

static void supervisor_interrupts_in_s_mode_need_mstatus_sie(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_S, MSTATUS_MIE);
    h.mideleg = MIP_SSIP;
    h.mip = MIP_SSIP;
    assert_int_equal(hart_pending_interrupt(&h), 0);
    h.mstatus = MSTATUS_SIE;
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_SUPERVISOR_SOFTWARE);
}

static void supervisor_interrupts_are_always_enabled_in_u_mode(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_U, 0);
    h.mideleg = MIP_STIP;
    h.mip = MIP_STIP;
    assert_int_equal(hart_pending_interrupt(&h), CAUSE_SUPERVISOR_TIMER);
}

/* wfi wakes on anything pending and enabled in mie, even if it cannot be taken. */
static void wfi_wakes_on_any_interrupt_enabled_in_mie(void **state)
{
    (void)state;
    struct hart h;
    make_hart(&h, PRIV_M, 0);
    h.mie = MIP_MTIP;
    assert_false(hart_wfi_should_wake(&h));
    h.irq_lines = MIP_MEIP;
    assert_false(hart_wfi_should_wake(&h));
    h.irq_lines = MIP_MTIP;
    assert_true(hart_wfi_should_wake(&h));
    assert_int_equal(hart_pending_interrupt(&h), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pending_interrupts_are_taken_in_the_spec_order),
        cmocka_unit_test(machine_level_interrupts_outrank_supervisor_level_ones),
        cmocka_unit_test(interrupts_not_enabled_in_mie_are_ignored),
        cmocka_unit_test(device_lines_and_software_bits_both_count_as_pending),
        cmocka_unit_test(machine_interrupts_in_m_mode_need_mstatus_mie),
        cmocka_unit_test(machine_interrupts_are_always_enabled_below_m_mode),
        cmocka_unit_test(supervisor_interrupts_are_never_taken_in_m_mode),
        cmocka_unit_test(supervisor_interrupts_in_s_mode_need_mstatus_sie),
        cmocka_unit_test(supervisor_interrupts_are_always_enabled_in_u_mode),
        cmocka_unit_test(wfi_wakes_on_any_interrupt_enabled_in_mie),
    };
    return cmocka_run_group_tests_name("interrupts", tests, NULL, NULL);
}
