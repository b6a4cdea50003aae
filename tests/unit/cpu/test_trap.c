/* Trap entry and return through cpu_run: ecall causes, the mepc/mcause/mtval and
 * MPP/MPIE/MIE bookkeeping, mret/sret and their TSR/privilege checks, wfi with TW, direct
 * and vectored trap vectors, exception tvals (illegal instruction, misaligned jump target,
 * fetch access), and delegation of exceptions and interrupts to S mode. */
#include "cpu/trap.h"
#include "hart_fixture.h"

static uint32_t mpp_of(const struct hart_fixture *f)
{
    return (f->hart.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
}

static void ecall_cause_names_the_privilege_it_came_from(void **state)
{
    struct hart_fixture *f = *state;
    static const struct {
        enum privilege priv;
        uint32_t cause;
    } cases[] = {
        {PRIV_U, CAUSE_USER_ECALL},
        {PRIV_S, CAUSE_SUPERVISOR_ECALL},
        {PRIV_M, CAUSE_MACHINE_ECALL},
    };
    for (size_t i = 0; i < 3; i++) {
        f->hart.priv = cases[i].priv;
        f->hart.mtval = 0xdeadbeef;
        fixture_run_one(f, encode_plain(OP_ecall));
        assert_int_equal(f->hart.mcause, cases[i].cause);
        assert_int_equal(f->hart.mepc, FIXTURE_CODE);
        assert_int_equal(f->hart.mtval, 0);
        assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
        assert_int_equal(f->hart.priv, PRIV_M);
        assert_int_equal(mpp_of(f), cases[i].priv);
    }
}

static void trap_entry_moves_mie_into_mpie(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mstatus = MSTATUS_MIE;
    fixture_run_one(f, encode_plain(OP_ecall));
    assert_int_equal(f->hart.mstatus & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
    assert_int_equal(mpp_of(f), PRIV_M);
    /* Trapping again with MIE clear clears MPIE. */
    fixture_run_one(f, encode_plain(OP_ecall));
    assert_int_equal(f->hart.mstatus & (MSTATUS_MIE | MSTATUS_MPIE), 0);
    /* S-mode bits are left alone by an M-mode trap. */
    f->hart.priv = PRIV_S;
    f->hart.mstatus = MSTATUS_SIE | MSTATUS_SPP;
    fixture_run_one(f, encode_plain(OP_ecall));
    assert_int_equal(f->hart.mstatus, MSTATUS_SIE | MSTATUS_SPP | (PRIV_S << MSTATUS_MPP_SHIFT));
}

static void mret_restores_privilege_and_interrupt_enable(void **state)
{
    struct hart_fixture *f = *state;
    static const enum privilege targets[] = {PRIV_U, PRIV_S, PRIV_M};
    for (size_t i = 0; i < 3; i++) {
        f->hart.priv = PRIV_M;
        f->hart.mstatus = MSTATUS_MPIE | (uint32_t)targets[i] << MSTATUS_MPP_SHIFT;
        f->hart.mepc = FIXTURE_CODE + 0x100;
        fixture_run_one(f, encode_plain(OP_mret));
        assert_int_equal(f->hart.priv, targets[i]);
        assert_int_equal(f->hart.pc, FIXTURE_CODE + 0x100);
        assert_true(f->hart.mstatus & MSTATUS_MIE);
        assert_true(f->hart.mstatus & MSTATUS_MPIE);
        assert_int_equal(mpp_of(f), PRIV_U); /* the least-privileged mode */
    }
    f->hart.priv = PRIV_M;
    f->hart.mstatus = MSTATUS_MIE | (PRIV_M << MSTATUS_MPP_SHIFT);
    fixture_run_one(f, encode_plain(OP_mret));
    assert_false(f->hart.mstatus & MSTATUS_MIE); /* MPIE was clear */
    assert_true(f->hart.mstatus & MSTATUS_MPIE);
}

static void mret_to_a_less_privileged_mode_clears_mprv(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mepc = FIXTURE_CODE + 0x100;
    f->hart.mstatus = MSTATUS_MPRV | (PRIV_S << MSTATUS_MPP_SHIFT);
    fixture_run_one(f, encode_plain(OP_mret));
    assert_false(f->hart.mstatus & MSTATUS_MPRV);
    f->hart.priv = PRIV_M;
    f->hart.mstatus = MSTATUS_MPRV | (PRIV_M << MSTATUS_MPP_SHIFT);
    fixture_run_one(f, encode_plain(OP_mret));
    assert_true(f->hart.mstatus & MSTATUS_MPRV);
}

static void sret_restores_privilege_and_interrupt_enable(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.priv = PRIV_S;
    f->hart.mstatus = MSTATUS_SPP | MSTATUS_SPIE;
    f->hart.sepc = FIXTURE_CODE + 0x100;
    fixture_run_one(f, encode_plain(OP_sret));
    assert_int_equal(f->hart.priv, PRIV_S);
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 0x100);
    assert_int_equal(f->hart.mstatus, MSTATUS_SIE | MSTATUS_SPIE);

    f->hart.mstatus = MSTATUS_SIE | MSTATUS_MPRV; /* SPP = U, SPIE clear */
    fixture_run_one(f, encode_plain(OP_sret));
    assert_int_equal(f->hart.priv, PRIV_U);
    assert_int_equal(f->hart.mstatus, MSTATUS_SPIE);

    /* sret is legal in M mode too, and returns to SPP. */
    f->hart.priv = PRIV_M;
    f->hart.mstatus = MSTATUS_SPP;
    fixture_run_one(f, encode_plain(OP_sret));
    assert_int_equal(f->hart.priv, PRIV_S);
}

static void expect_illegal_here(struct hart_fixture *f, enum privilege priv, uint32_t mstatus,
                                uint32_t word)
{
    f->hart.priv = priv;
    f->hart.mstatus = mstatus;
    f->hart.mcause = 0;
    fixture_run_one(f, word);
    if (f->hart.mcause != CAUSE_ILLEGAL_INSTRUCTION)
        fail_msg("0x%08x in privilege %d with mstatus 0x%08x: mcause %u, expected illegal", word,
                 priv, mstatus, f->hart.mcause);
    assert_int_equal(f->hart.mtval, word);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(mpp_of(f), priv);
}

static void sret_is_illegal_in_u_mode_and_under_tsr_in_s_mode(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.sepc = FIXTURE_CODE + 0x100;
    expect_illegal_here(f, PRIV_U, 0, encode_plain(OP_sret));
    expect_illegal_here(f, PRIV_S, MSTATUS_TSR, encode_plain(OP_sret));
    /* TSR does not apply to M mode. */
    f->hart.priv = PRIV_M;
    f->hart.mstatus = MSTATUS_TSR | MSTATUS_SPP;
    fixture_run_one(f, encode_plain(OP_sret));
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 0x100);
    assert_int_equal(f->hart.priv, PRIV_S);
}

static void mret_is_illegal_below_m_mode(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mepc = FIXTURE_CODE + 0x100;
    expect_illegal_here(f, PRIV_S, PRIV_M << MSTATUS_MPP_SHIFT, encode_plain(OP_mret));
    expect_illegal_here(f, PRIV_U, PRIV_M << MSTATUS_MPP_SHIFT, encode_plain(OP_mret));
}

static void wfi_is_illegal_in_u_mode_and_under_tw_in_s_mode(void **state)
{
    struct hart_fixture *f = *state;
    expect_illegal_here(f, PRIV_U, 0, encode_plain(OP_wfi));
    expect_illegal_here(f, PRIV_S, MSTATUS_TW, encode_plain(OP_wfi));
}

static void wfi_with_nothing_pending_stops_the_run_after_retiring(void **state)
{
    struct hart_fixture *f = *state;
    static const struct {
        enum privilege priv;
        uint32_t mstatus;
    } cases[] = {{PRIV_S, 0}, {PRIV_M, 0}, {PRIV_M, MSTATUS_TW}};
    for (size_t i = 0; i < 3; i++) {
        f->hart.priv = cases[i].priv;
        f->hart.mstatus = cases[i].mstatus;
        fixture_write_word(f, FIXTURE_CODE, encode_plain(OP_wfi));
        f->hart.pc = FIXTURE_CODE;
        assert_int_equal(cpu_run(&f->hart, 10), CPU_STOP_WFI);
        assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
        assert_int_equal(f->hart.priv, cases[i].priv);
    }
}

/* wfi ends on a pending interrupt enabled in mie even when mstatus.MIE keeps it from
 * being taken: execution simply goes on. */
static void wfi_falls_through_when_an_enabled_interrupt_is_pending(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mie = MIP_MTIP;
    hart_set_irq_line(&f->hart, MIP_MTIP, true);
    FIXTURE_PROGRAM(f, encode_plain(OP_wfi), encode_i(OP_addi, A0, ZERO, 3));
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A0], 3);
    assert_int_equal(f->hart.mcause, 0);
}

static void vectored_mtvec_sends_interrupts_to_base_plus_four_times_cause(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mtvec = FIXTURE_M_HANDLER | 1;
    f->hart.mstatus = MSTATUS_MIE;
    f->hart.mie = MIP_MTIP;
    f->hart.mtval = 0xdeadbeef;
    hart_set_irq_line(&f->hart, MIP_MTIP, true);
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, ZERO, 3));
    fixture_run(f, 1);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER + 4 * 7);
    assert_int_equal(f->hart.mcause, CAUSE_MACHINE_TIMER);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE); /* the interrupted instruction, not run */
    assert_int_equal(f->hart.mtval, 0);
    assert_int_equal(f->hart.x[A0], 0);
}

static void vectored_mtvec_sends_exceptions_to_base(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mtvec = FIXTURE_M_HANDLER | 1;
    fixture_run_one(f, encode_plain(OP_ecall));
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
}

static void direct_mtvec_sends_interrupts_to_base(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mstatus = MSTATUS_MIE;
    f->hart.mie = MIP_MSIP;
    hart_set_irq_line(&f->hart, MIP_MSIP, true);
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 3));
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(f->hart.mcause, CAUSE_MACHINE_SOFTWARE);
}

static void illegal_instruction_puts_the_instruction_bits_in_mtval(void **state)
{
    struct hart_fixture *f = *state;
    expect_illegal_here(f, PRIV_M, 0, 0xffffffff);
    expect_illegal_here(f, PRIV_U, 0, 0x20b50533);
    expect_illegal_here(f, PRIV_S, 0, 0x00000000);
}

static void misaligned_jump_target_traps_without_writing_rd(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[RA] = 0x11111111;
    fixture_run_one(f, encode_j(OP_jal, RA, 2));
    assert_int_equal(f->hart.mcause, CAUSE_MISALIGNED_FETCH);
    assert_int_equal(f->hart.mtval, FIXTURE_CODE + 2);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE);
    assert_int_equal(f->hart.x[RA], 0x11111111);

    f->hart.x[A0] = FIXTURE_CODE + 0x10;
    f->hart.mcause = 0;
    fixture_run_one(f, encode_i(OP_jalr, RA, A0, 2));
    assert_int_equal(f->hart.mcause, CAUSE_MISALIGNED_FETCH);
    assert_int_equal(f->hart.mtval, FIXTURE_CODE + 0x12);
    assert_int_equal(f->hart.x[RA], 0x11111111);

    /* jalr with rd == rs1: the register must survive the fault too. */
    fixture_run_one(f, encode_i(OP_jalr, A0, A0, 6));
    assert_int_equal(f->hart.mtval, FIXTURE_CODE + 0x16);
    assert_int_equal(f->hart.x[A0], FIXTURE_CODE + 0x10);

    f->hart.mcause = 0;
    fixture_run_one(f, encode_b(OP_beq, ZERO, ZERO, 6));
    assert_int_equal(f->hart.mcause, CAUSE_MISALIGNED_FETCH);
    assert_int_equal(f->hart.mtval, FIXTURE_CODE + 6);
}

static void untaken_branch_to_a_misaligned_target_does_not_trap(void **state)
{
    struct hart_fixture *f = *state;
    fixture_run_one(f, encode_b(OP_bne, ZERO, ZERO, 6));
    assert_int_equal(f->hart.pc, FIXTURE_CODE + 4);
    assert_int_equal(f->hart.mcause, 0);
}

static void fetch_from_an_unmapped_address_is_a_fetch_access_fault(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = FIXTURE_UNMAPPED;
    FIXTURE_PROGRAM(f, encode_i(OP_jalr, RA, A0, 0));
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[RA], FIXTURE_CODE + 4); /* the jump itself retired */
    assert_int_equal(f->hart.mcause, CAUSE_FETCH_ACCESS);
    assert_int_equal(f->hart.mtval, FIXTURE_UNMAPPED);
    assert_int_equal(f->hart.mepc, FIXTURE_UNMAPPED);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
}

static void running_off_the_end_of_ram_is_a_fetch_access_fault(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t last = FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE - 4;
    fixture_write_word(f, last, encode_i(OP_addi, A0, ZERO, 1));
    f->hart.pc = last;
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A0], 1);
    assert_int_equal(f->hart.mcause, CAUSE_FETCH_ACCESS);
    assert_int_equal(f->hart.mtval, last + 4);
    assert_int_equal(f->hart.mepc, last + 4);
}

static void ebreak_reports_its_own_address(void **state)
{
    struct hart_fixture *f = *state;
    fixture_run_one(f, encode_plain(OP_ebreak));
    assert_int_equal(f->hart.mcause, CAUSE_BREAKPOINT);
    assert_int_equal(f->hart.mtval, FIXTURE_CODE);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE);
}

static void m_mode_handler_faulting_on_its_first_instruction_stops_the_run(void **state)
{
    struct hart_fixture *f = *state;
    fixture_write_word(f, FIXTURE_CODE, encode_plain(OP_ecall));
    /* The handler holds a zero word: illegal, trapping to itself. */
    assert_int_equal(cpu_run(&f->hart, 100), CPU_STOP_TRAP_LOOP);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(f->hart.mcause, CAUSE_ILLEGAL_INSTRUCTION);
    assert_true(f->hart.steps < 100);
}

struct observed_trap {
    unsigned calls;
    uint32_t cause, tval, from_pc;
    unsigned from_priv;
    enum privilege to_priv;
};

static void observe_trap(void *opaque, const struct hart *h, uint32_t cause, uint32_t tval,
                         uint32_t from_pc, unsigned from_priv)
{
    struct observed_trap *seen = opaque;
    *seen = (struct observed_trap){.calls = seen->calls + 1, .cause = cause, .tval = tval,
                                   .from_pc = from_pc, .from_priv = from_priv, .to_priv = h->priv};
}

static void trap_observer_sees_every_trap_with_where_it_came_from(void **state)
{
    struct hart_fixture *f = *state;
    struct observed_trap seen = {0};
    trap_set_observer(&f->hart, observe_trap, &seen);
    f->hart.priv = PRIV_U;
    fixture_run_one(f, 0xffffffff);
    assert_int_equal(seen.calls, 1);
    assert_int_equal(seen.cause, CAUSE_ILLEGAL_INSTRUCTION);
    assert_int_equal(seen.tval, 0xffffffff);
    assert_int_equal(seen.from_pc, FIXTURE_CODE);
    assert_int_equal(seen.from_priv, PRIV_U);
    assert_int_equal(seen.to_priv, PRIV_M);
}

/* Delegation. */

static void delegated_user_exception_goes_to_s_mode(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.medeleg = 1u << CAUSE_USER_ECALL;
    f->hart.priv = PRIV_U;
    f->hart.mstatus = MSTATUS_SIE;
    f->hart.stval = 0xdeadbeef;
    fixture_run_one(f, encode_plain(OP_ecall));
    assert_int_equal(f->hart.priv, PRIV_S);
    assert_int_equal(f->hart.pc, FIXTURE_S_HANDLER);
    assert_int_equal(f->hart.scause, CAUSE_USER_ECALL);
    assert_int_equal(f->hart.sepc, FIXTURE_CODE);
    assert_int_equal(f->hart.stval, 0);
    assert_int_equal(f->hart.mstatus, MSTATUS_SPIE); /* SPP = U, SIE cleared */
    assert_int_equal(f->hart.mcause, 0);
    assert_int_equal(f->hart.mepc, 0);
}

static void delegated_supervisor_exception_records_spp(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.medeleg = 1u << CAUSE_ILLEGAL_INSTRUCTION;
    f->hart.priv = PRIV_S;
    f->hart.mstatus = MSTATUS_SPIE | MSTATUS_MIE;
    fixture_run_one(f, 0xffffffff);
    assert_int_equal(f->hart.priv, PRIV_S);
    assert_int_equal(f->hart.scause, CAUSE_ILLEGAL_INSTRUCTION);
    assert_int_equal(f->hart.stval, 0xffffffff);
    assert_int_equal(f->hart.sepc, FIXTURE_CODE);
    /* SIE was clear, so SPIE is now clear; M-mode bits untouched. */
    assert_int_equal(f->hart.mstatus, MSTATUS_SPP | MSTATUS_MIE);
}

static void m_mode_exceptions_are_never_delegated(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.medeleg = 0xffffffff;
    fixture_run_one(f, 0xffffffff);
    assert_int_equal(f->hart.priv, PRIV_M);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(f->hart.mcause, CAUSE_ILLEGAL_INSTRUCTION);
    assert_int_equal(f->hart.scause, 0);
}

static void undelegated_exceptions_from_u_mode_go_to_m_mode(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.medeleg = 1u << CAUSE_USER_ECALL;
    f->hart.priv = PRIV_U;
    fixture_run_one(f, encode_plain(OP_ebreak));
    assert_int_equal(f->hart.priv, PRIV_M);
    assert_int_equal(f->hart.mcause, CAUSE_BREAKPOINT);
    assert_int_equal(f->hart.scause, 0);
}

static void delegated_interrupt_goes_to_s_mode_through_vectored_stvec(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mideleg = MIP_STIP;
    f->hart.mie = MIP_STIP;
    f->hart.mip = MIP_STIP;
    f->hart.stvec = FIXTURE_S_HANDLER | 1;
    f->hart.priv = PRIV_U;
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 3));
    assert_int_equal(f->hart.priv, PRIV_S);
    assert_int_equal(f->hart.pc, FIXTURE_S_HANDLER + 4 * 5);
    assert_int_equal(f->hart.scause, CAUSE_SUPERVISOR_TIMER);
    assert_int_equal(f->hart.sepc, FIXTURE_CODE);
    assert_false(f->hart.mstatus & MSTATUS_SPP);
    assert_int_equal(f->hart.x[A0], 0);
}

static void delegated_interrupt_waits_for_sie_in_s_mode_and_never_interrupts_m_mode(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mideleg = MIP_SSIP;
    f->hart.mie = MIP_SSIP;
    f->hart.mip = MIP_SSIP;
    f->hart.priv = PRIV_M;
    f->hart.mstatus = MSTATUS_MIE | MSTATUS_SIE;
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 3));
    assert_int_equal(f->hart.x[A0], 3);
    assert_int_equal(f->hart.priv, PRIV_M);

    f->hart.priv = PRIV_S;
    f->hart.mstatus = MSTATUS_MIE;
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 4));
    assert_int_equal(f->hart.x[A0], 4);
    assert_int_equal(f->hart.priv, PRIV_S);

    f->hart.mstatus = MSTATUS_SIE;
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 5));
    assert_int_equal(f->hart.x[A0], 4);
    assert_int_equal(f->hart.scause, CAUSE_SUPERVISOR_SOFTWARE);
    assert_int_equal(f->hart.pc, FIXTURE_S_HANDLER);
    assert_true(f->hart.mstatus & MSTATUS_SPP);
    assert_true(f->hart.mstatus & MSTATUS_SPIE);
}

static void undelegated_interrupt_preempts_s_mode_whatever_mie_says(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mideleg = MIP_STIP;
    f->hart.mie = MIP_MTIP;
    hart_set_irq_line(&f->hart, MIP_MTIP, true);
    f->hart.priv = PRIV_S;
    f->hart.mstatus = 0;
    fixture_run_one(f, encode_i(OP_addi, A0, ZERO, 3));
    assert_int_equal(f->hart.priv, PRIV_M);
    assert_int_equal(f->hart.mcause, CAUSE_MACHINE_TIMER);
    assert_int_equal(mpp_of(f), PRIV_S);
    assert_int_equal(f->hart.x[A0], 0);
}

/* An interrupt made pending by a CSR write is taken before the next instruction. */
static void interrupt_enabled_by_a_csr_write_is_taken_at_once(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mie = MIP_MSIP;
    hart_set_irq_line(&f->hart, MIP_MSIP, true);
    FIXTURE_PROGRAM(f, encode_csr(OP_csrrsi, ZERO, CSR_MSTATUS, MSTATUS_MIE),
                    encode_i(OP_addi, A0, ZERO, 3));
    fixture_run(f, 2);
    assert_int_equal(f->hart.mcause, CAUSE_MACHINE_SOFTWARE);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE + 4);
    assert_int_equal(f->hart.x[A0], 0);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, hart_fixture_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(ecall_cause_names_the_privilege_it_came_from),
        TEST(trap_entry_moves_mie_into_mpie),
        TEST(mret_restores_privilege_and_interrupt_enable),
        TEST(mret_to_a_less_privileged_mode_clears_mprv),
        TEST(sret_restores_privilege_and_interrupt_enable),
        TEST(sret_is_illegal_in_u_mode_and_under_tsr_in_s_mode),
        TEST(mret_is_illegal_below_m_mode),
        TEST(wfi_is_illegal_in_u_mode_and_under_tw_in_s_mode),
        TEST(wfi_with_nothing_pending_stops_the_run_after_retiring),
        TEST(wfi_falls_through_when_an_enabled_interrupt_is_pending),
        TEST(vectored_mtvec_sends_interrupts_to_base_plus_four_times_cause),
        TEST(vectored_mtvec_sends_exceptions_to_base),
        TEST(direct_mtvec_sends_interrupts_to_base),
        TEST(illegal_instruction_puts_the_instruction_bits_in_mtval),
        TEST(misaligned_jump_target_traps_without_writing_rd),
        TEST(untaken_branch_to_a_misaligned_target_does_not_trap),
        TEST(fetch_from_an_unmapped_address_is_a_fetch_access_fault),
        TEST(running_off_the_end_of_ram_is_a_fetch_access_fault),
        TEST(ebreak_reports_its_own_address),
        TEST(m_mode_handler_faulting_on_its_first_instruction_stops_the_run),
        TEST(trap_observer_sees_every_trap_with_where_it_came_from),
        TEST(delegated_user_exception_goes_to_s_mode),
        TEST(delegated_supervisor_exception_records_spp),
        TEST(m_mode_exceptions_are_never_delegated),
        TEST(undelegated_exceptions_from_u_mode_go_to_m_mode),
        TEST(delegated_interrupt_goes_to_s_mode_through_vectored_stvec),
        TEST(delegated_interrupt_waits_for_sie_in_s_mode_and_never_interrupts_m_mode),
        TEST(undelegated_interrupt_preempts_s_mode_whatever_mie_says),
        TEST(interrupt_enabled_by_a_csr_write_is_taken_at_once),
    };
    return cmocka_run_group_tests_name("trap", tests, NULL, NULL);
}
