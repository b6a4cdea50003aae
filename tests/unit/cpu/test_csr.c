/* CSR access rules, both through csr_read/csr_write and through the csrr* instructions:
 * privilege and read-only checks, WARL fields, the supervisor views of machine registers,
 * TVM, the counter enables, Sstc's stimecmp, and counter writes. */
#include "hart_fixture.h"

/* Runs `word` at privilege `priv` and checks that it raised illegal instruction in M mode
 * with the instruction bits in mtval. */
static void expect_illegal(struct hart_fixture *f, enum privilege priv, uint32_t word)
{
    f->hart.priv = priv;
    f->hart.mcause = f->hart.mtval = 0;
    fixture_run_one(f, word);
    if (f->hart.mcause != CAUSE_ILLEGAL_INSTRUCTION || f->hart.pc != FIXTURE_M_HANDLER)
        fail_msg("0x%08x in privilege %d: mcause %u pc 0x%08x, expected illegal instruction",
                 word, priv, f->hart.mcause, f->hart.pc);
    assert_int_equal(f->hart.mtval, word);
    assert_int_equal(f->hart.mepc, FIXTURE_CODE);
    assert_int_equal(f->hart.priv, PRIV_M);
}

/* Runs `word` at privilege `priv` and checks that it retired without a trap. */
static void expect_legal(struct hart_fixture *f, enum privilege priv, uint32_t word)
{
    f->hart.priv = priv;
    f->hart.mcause = 0;
    fixture_run_one(f, word);
    if (f->hart.pc != FIXTURE_CODE + 4)
        fail_msg("0x%08x in privilege %d trapped with mcause %u", word, priv, f->hart.mcause);
    assert_int_equal(f->hart.priv, priv);
}

static void s_mode_access_to_a_machine_csr_is_illegal(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = 0x5a5a5a5a;
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_MSTATUS, ZERO));
    assert_int_equal(f->hart.x[A0], 0x5a5a5a5a);
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrw, ZERO, CSR_MSCRATCH, A1));
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrsi, A0, CSR_MEPC, 0));
    uint32_t value;
    f->hart.priv = PRIV_S;
    assert_false(csr_read(&f->hart, CSR_MTVEC, &value));
    assert_false(csr_write(&f->hart, CSR_MTVEC, 0));
}

static void u_mode_access_to_a_supervisor_csr_is_illegal(void **state)
{
    struct hart_fixture *f = *state;
    expect_illegal(f, PRIV_U, encode_csr(OP_csrrs, A0, CSR_SSTATUS, ZERO));
    expect_illegal(f, PRIV_U, encode_csr(OP_csrrw, A0, CSR_SSCRATCH, A1));
    expect_illegal(f, PRIV_U, encode_csr(OP_csrrs, A0, CSR_MSTATUS, ZERO));
}

static void more_privileged_modes_reach_less_privileged_csrs(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.sscratch = 0x1234;
    expect_legal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_SSCRATCH, ZERO));
    assert_int_equal(f->hart.x[A0], 0x1234);
    f->hart.x[A0] = 0;
    expect_legal(f, PRIV_M, encode_csr(OP_csrrs, A0, CSR_SSCRATCH, ZERO));
    assert_int_equal(f->hart.x[A0], 0x1234);
}

static void writing_a_read_only_csr_is_illegal(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A1] = 0;
    expect_illegal(f, PRIV_M, encode_csr(OP_csrrw, ZERO, CSR_MHARTID, A1));
    expect_illegal(f, PRIV_M, encode_csr(OP_csrrwi, A0, CSR_MHARTID, 0));
    /* rs1 names a register other than x0: a write is attempted even though it holds 0. */
    expect_illegal(f, PRIV_M, encode_csr(OP_csrrs, A0, CSR_MHARTID, A1));
    expect_illegal(f, PRIV_M, encode_csr(OP_csrrc, A0, CSR_MVENDORID, A1));
    expect_illegal(f, PRIV_M, encode_csr(OP_csrrsi, A0, CSR_CYCLE, 1));
    assert_false(csr_write(&f->hart, CSR_MHARTID, 0));
    assert_false(csr_write(&f->hart, CSR_INSTRET, 0));
}

static void reading_a_read_only_csr_without_writing_is_legal(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = 0xffffffff;
    expect_legal(f, PRIV_M, encode_csr(OP_csrrs, A0, CSR_MHARTID, ZERO));
    assert_int_equal(f->hart.x[A0], 0); /* the only hart is hart 0 */
    expect_legal(f, PRIV_M, encode_csr(OP_csrrc, A0, CSR_MVENDORID, ZERO));
    expect_legal(f, PRIV_M, encode_csr(OP_csrrsi, A0, CSR_MARCHID, 0));
    expect_legal(f, PRIV_M, encode_csr(OP_csrrci, A0, CSR_MIMPID, 0));
}

static void unknown_csrs_are_illegal(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value;
    assert_false(csr_read(&f->hart, 0x7c0, &value));
    assert_false(csr_write(&f->hart, 0x7c0, 0));
    assert_false(csr_read(&f->hart, 0x5c0, &value));
    expect_illegal(f, PRIV_M, encode_csr(OP_csrrs, A0, 0x7c0, ZERO));
    expect_illegal(f, PRIV_M, encode_csr(OP_csrrw, ZERO, 0x800, A0));
}

static void csr_instructions_swap_set_and_clear_bits(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mscratch = 0xf0;
    f->hart.x[A1] = 0x0f;
    f->hart.x[A2] = 0x3c;
    f->hart.x[A3] = 0x12345678;
    FIXTURE_PROGRAM(f, encode_csr(OP_csrrs, A0, CSR_MSCRATCH, A1),
                    encode_csr(OP_csrrc, A4, CSR_MSCRATCH, A2),
                    encode_csr(OP_csrrw, A5, CSR_MSCRATCH, A3),
                    encode_csr(OP_csrrwi, A6, CSR_MSCRATCH, 0x15),
                    encode_csr(OP_csrrsi, A7, CSR_MSCRATCH, 0x0a),
                    encode_csr(OP_csrrci, T0, CSR_MSCRATCH, 0x03));
    fixture_run(f, 6);
    assert_int_equal(f->hart.x[A0], 0xf0);
    assert_int_equal(f->hart.x[A4], 0xff);
    assert_int_equal(f->hart.x[A5], 0xc3);
    assert_int_equal(f->hart.x[A6], 0x12345678);
    assert_int_equal(f->hart.x[A7], 0x15);
    assert_int_equal(f->hart.x[T0], 0x1f);
    assert_int_equal(f->hart.mscratch, 0x1c);
}

static void tvec_mode_is_warl_and_keeps_the_old_mode_for_reserved_values(void **state)
{
    struct hart_fixture *f = *state;
    static const unsigned tvecs[] = {CSR_MTVEC, CSR_STVEC};
    for (size_t i = 0; i < 2; i++) {
        uint32_t value;
        assert_true(csr_write(&f->hart, tvecs[i], 0x80001002)); /* reserved mode 2 */
        assert_true(csr_read(&f->hart, tvecs[i], &value));
        assert_int_equal(value, 0x80001000);
        assert_true(csr_write(&f->hart, tvecs[i], 0x80002001)); /* vectored */
        assert_true(csr_read(&f->hart, tvecs[i], &value));
        assert_int_equal(value, 0x80002001);
        assert_true(csr_write(&f->hart, tvecs[i], 0x80003003)); /* reserved mode 3 */
        assert_true(csr_read(&f->hart, tvecs[i], &value));
        assert_int_equal(value, 0x80003001);
        assert_true(csr_write(&f->hart, tvecs[i], 0x80004000)); /* direct */
        assert_true(csr_read(&f->hart, tvecs[i], &value));
        assert_int_equal(value, 0x80004000);
    }
}

static uint32_t mpp_of(const struct hart_fixture *f)
{
    return (f->hart.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
}

static void mstatus_mpp_ignores_the_reserved_value_2(void **state)
{
    struct hart_fixture *f = *state;
    assert_true(csr_write(&f->hart, CSR_MSTATUS, 3u << MSTATUS_MPP_SHIFT));
    assert_int_equal(mpp_of(f), 3);
    assert_true(csr_write(&f->hart, CSR_MSTATUS, 2u << MSTATUS_MPP_SHIFT | MSTATUS_MIE));
    assert_int_equal(mpp_of(f), 3);
    assert_true(f->hart.mstatus & MSTATUS_MIE); /* the rest of the write still happens */
    assert_true(csr_write(&f->hart, CSR_MSTATUS, 1u << MSTATUS_MPP_SHIFT));
    assert_int_equal(mpp_of(f), 1);
    assert_true(csr_write(&f->hart, CSR_MSTATUS, 0));
    assert_int_equal(mpp_of(f), 0);
    assert_true(csr_write(&f->hart, CSR_MSTATUS, 2u << MSTATUS_MPP_SHIFT));
    assert_int_equal(mpp_of(f), 0);
}

static void mstatus_keeps_unimplemented_bits_zero(void **state)
{
    struct hart_fixture *f = *state;
    const uint32_t implemented = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE |
                                 MSTATUS_SPP | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM |
                                 MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
    uint32_t value;
    assert_true(csr_write(&f->hart, CSR_MSTATUS, 0xffffffff));
    assert_true(csr_read(&f->hart, CSR_MSTATUS, &value));
    assert_int_equal(value, implemented);
}

static void sstatus_is_a_view_of_mstatus(void **state)
{
    struct hart_fixture *f = *state;
    const uint32_t machine_only = MSTATUS_MIE | MSTATUS_MPIE | (3u << MSTATUS_MPP_SHIFT) |
                                  MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV;
    const uint32_t supervisor = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM |
                                MSTATUS_MXR;
    uint32_t value;
    assert_true(csr_write(&f->hart, CSR_MSTATUS, machine_only));
    assert_true(csr_read(&f->hart, CSR_SSTATUS, &value));
    assert_int_equal(value, 0); /* machine fields are hidden */
    assert_true(csr_write(&f->hart, CSR_SSTATUS, 0xffffffff));
    assert_int_equal(f->hart.mstatus, machine_only | supervisor);
    assert_true(csr_read(&f->hart, CSR_SSTATUS, &value));
    assert_int_equal(value, supervisor);
    assert_true(csr_write(&f->hart, CSR_SSTATUS, 0));
    assert_int_equal(f->hart.mstatus, machine_only); /* machine fields untouched */
    assert_true(csr_write(&f->hart, CSR_MSTATUS, machine_only | MSTATUS_SIE));
    assert_true(csr_read(&f->hart, CSR_SSTATUS, &value));
    assert_int_equal(value, MSTATUS_SIE);
}

static void sie_and_sip_show_only_delegated_interrupts(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value;
    assert_true(csr_write(&f->hart, CSR_MIDELEG, MIP_SSIP | MIP_STIP));
    assert_true(csr_write(&f->hart, CSR_MIE, MIP_MTIP));
    assert_true(csr_write(&f->hart, CSR_SIE, 0xffffffff));
    assert_int_equal(f->hart.mie, MIP_MTIP | MIP_SSIP | MIP_STIP);
    assert_true(csr_read(&f->hart, CSR_SIE, &value));
    assert_int_equal(value, MIP_SSIP | MIP_STIP);
    assert_true(csr_write(&f->hart, CSR_SIE, 0));
    assert_int_equal(f->hart.mie, MIP_MTIP);

    assert_true(csr_write(&f->hart, CSR_MIP, MIP_SSIP | MIP_STIP | MIP_SEIP));
    hart_set_irq_line(&f->hart, MIP_MTIP, true);
    assert_true(csr_read(&f->hart, CSR_SIP, &value));
    assert_int_equal(value, MIP_SSIP | MIP_STIP);
    /* Only SSIP is writable through sip, and only while delegated. */
    assert_true(csr_write(&f->hart, CSR_SIP, 0));
    assert_true(csr_read(&f->hart, CSR_MIP, &value));
    assert_int_equal(value, MIP_STIP | MIP_SEIP | MIP_MTIP);
    assert_true(csr_write(&f->hart, CSR_MIDELEG, 0));
    assert_true(csr_write(&f->hart, CSR_SIP, MIP_SSIP));
    assert_true(csr_read(&f->hart, CSR_MIP, &value));
    assert_false(value & MIP_SSIP);
    assert_true(csr_read(&f->hart, CSR_SIP, &value));
    assert_int_equal(value, 0);
}

static void delegation_registers_keep_only_delegable_bits(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value;
    assert_true(csr_write(&f->hart, CSR_MEDELEG, 0xffffffff));
    assert_true(csr_read(&f->hart, CSR_MEDELEG, &value));
    assert_false(value & (1u << CAUSE_MACHINE_ECALL));
    assert_true(value & (1u << CAUSE_USER_ECALL));
    assert_true(value & (1u << CAUSE_ILLEGAL_INSTRUCTION));
    assert_true(value & (1u << CAUSE_STORE_PAGE_FAULT));
    assert_true(csr_write(&f->hart, CSR_MIDELEG, 0xffffffff));
    assert_true(csr_read(&f->hart, CSR_MIDELEG, &value));
    assert_int_equal(value, MIP_SSIP | MIP_STIP | MIP_SEIP);
}

static void mip_machine_bits_are_not_software_writable(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value;
    assert_true(csr_write(&f->hart, CSR_MIP, 0xffffffff));
    assert_true(csr_read(&f->hart, CSR_MIP, &value));
    assert_int_equal(value, MIP_SSIP | MIP_STIP | MIP_SEIP);
    assert_true(csr_write(&f->hart, CSR_MIP, 0));
    /* With Sstc on, STIP follows stimecmp and software cannot set it. */
    assert_true(csr_write(&f->hart, CSR_MENVCFGH, MENVCFGH_STCE));
    assert_true(csr_write(&f->hart, CSR_MIP, MIP_STIP));
    assert_true(csr_read(&f->hart, CSR_MIP, &value));
    assert_false(value & MIP_STIP);
}

static void tvm_makes_satp_and_sfence_vma_illegal_in_s_mode(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A1] = 0x80000123;
    f->hart.mstatus = MSTATUS_TVM;
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_SATP, ZERO));
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrw, ZERO, CSR_SATP, A1));
    assert_int_equal(f->hart.satp, 0);
    expect_illegal(f, PRIV_S, encode_r(OP_sfence_vma, ZERO, ZERO, ZERO));
    /* M mode is not trapped by TVM. */
    f->hart.mstatus = MSTATUS_TVM;
    expect_legal(f, PRIV_M, encode_csr(OP_csrrw, ZERO, CSR_SATP, ZERO));
    f->hart.mstatus = 0;
    expect_legal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_SATP, ZERO));
    expect_legal(f, PRIV_S, encode_r(OP_sfence_vma, ZERO, ZERO, ZERO));
}

static void counter_enables_gate_each_counter_in_s_mode(void **state)
{
    struct hart_fixture *f = *state;
    static const unsigned counters[] = {CSR_CYCLE, CSR_TIME,  CSR_INSTRET,
                                        CSR_CYCLEH, CSR_TIMEH, CSR_INSTRETH};
    f->hart.priv = PRIV_S;
    for (unsigned enabled = 0; enabled < 3; enabled++) {
        f->hart.mcounteren = 1u << enabled;
        for (size_t i = 0; i < sizeof counters / sizeof counters[0]; i++) {
            uint32_t value;
            bool expected = (counters[i] & 0x1f) == enabled;
            if (csr_read(&f->hart, counters[i], &value) != expected)
                fail_msg("csr 0x%03x with mcounteren 0x%x: readable %d, expected %d",
                         counters[i], f->hart.mcounteren, !expected, expected);
        }
    }
    f->hart.mcounteren = 0;
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_CYCLE, ZERO));
    f->hart.mcounteren = 1;
    expect_legal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_CYCLE, ZERO));
}

static void u_mode_counters_need_both_counter_enables(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.mcounteren = 7;
    f->hart.scounteren = 0;
    expect_illegal(f, PRIV_U, encode_csr(OP_csrrs, A0, CSR_INSTRET, ZERO));
    f->hart.mcounteren = 0;
    f->hart.scounteren = 7;
    expect_illegal(f, PRIV_U, encode_csr(OP_csrrs, A0, CSR_TIME, ZERO));
    f->hart.mcounteren = 7;
    expect_legal(f, PRIV_U, encode_csr(OP_csrrs, A0, CSR_TIME, ZERO));
    expect_legal(f, PRIV_U, encode_csr(OP_csrrs, A0, CSR_CYCLEH, ZERO));
}

static void m_mode_reads_counters_whatever_the_enables(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.steps = 45;
    uint32_t cycle, time, instret;
    assert_true(csr_read(&f->hart, CSR_CYCLE, &cycle));
    assert_true(csr_read(&f->hart, CSR_TIME, &time));
    assert_true(csr_read(&f->hart, CSR_INSTRET, &instret));
    assert_int_equal(cycle, 45);
    assert_int_equal(instret, 45);
    assert_int_equal(time, 45 / 10); /* VMSIM_CYCLES_PER_TICK */
}

static void stimecmp_in_s_mode_needs_stce_and_mcounteren_tm(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A1] = 1000;
    f->hart.menvcfgh = 0;
    f->hart.mcounteren = 2;
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_STIMECMP, ZERO));
    f->hart.menvcfgh = MENVCFGH_STCE;
    f->hart.mcounteren = 0;
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrw, ZERO, CSR_STIMECMP, A1));
    expect_illegal(f, PRIV_S, encode_csr(OP_csrrs, A0, CSR_STIMECMPH, ZERO));
    f->hart.mcounteren = 2;
    expect_legal(f, PRIV_S, encode_csr(OP_csrrw, ZERO, CSR_STIMECMP, A1));
    assert_int_equal(f->hart.stimecmp & 0xffffffff, 1000);
    /* The write asked the machine loop to look at the new deadline; act as the loop. */
    assert_true(f->hart.stop_requested);
    f->hart.stop_requested = false;
    /* M mode needs neither. */
    f->hart.menvcfgh = 0;
    f->hart.mcounteren = 0;
    expect_legal(f, PRIV_M, encode_csr(OP_csrrs, A0, CSR_STIMECMP, ZERO));
    assert_int_equal(f->hart.x[A0], 1000);
}

static bool stip_pending(struct hart_fixture *f)
{
    uint32_t mip;
    assert_true(csr_read(&f->hart, CSR_MIP, &mip));
    return (mip & MIP_STIP) != 0;
}

static void stimecmp_drives_stip_while_stce_is_set(void **state)
{
    struct hart_fixture *f = *state;
    hart_set_mtime(&f->hart, 100);
    assert_true(csr_write(&f->hart, CSR_MENVCFGH, MENVCFGH_STCE));
    assert_false(stip_pending(f)); /* stimecmp resets to the far future */
    assert_true(csr_write(&f->hart, CSR_STIMECMP, 100)); /* high half still all ones */
    assert_false(stip_pending(f));
    assert_true(csr_write(&f->hart, CSR_STIMECMPH, 0));
    assert_int_equal(f->hart.stimecmp, 100);
    assert_true(stip_pending(f));
    assert_true(csr_write(&f->hart, CSR_STIMECMP, 150));
    assert_false(stip_pending(f));
    hart_set_mtime(&f->hart, 149);
    assert_false(stip_pending(f));
    hart_set_mtime(&f->hart, 150);
    assert_true(stip_pending(f));
    /* Turning Sstc off stops stimecmp driving STIP. */
    assert_true(csr_write(&f->hart, CSR_MENVCFGH, 0));
    assert_false(stip_pending(f));
    assert_true(csr_write(&f->hart, CSR_MENVCFGH, 0xffffffff));
    assert_int_equal(f->hart.menvcfgh, MENVCFGH_STCE);
    assert_true(stip_pending(f));
}

/* Moving the stimecmp deadline ends the batch, as a CLINT mtimecmp write does, so that the
 * machine loop sizes the next batch to the new deadline instead of running past it. */
static void writing_stimecmp_or_stce_ends_the_batch(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = 1000;
    f->hart.x[A1] = MENVCFGH_STCE;
    FIXTURE_PROGRAM(f, encode_csr(OP_csrrw, ZERO, CSR_MENVCFGH, A1),
                    encode_csr(OP_csrrw, ZERO, CSR_STIMECMP, A0),
                    encode_csr(OP_csrrw, ZERO, CSR_STIMECMPH, ZERO),
                    encode_i(OP_addi, A2, ZERO, 1));
    for (uint32_t next = 4; next <= 12; next += 4) {
        assert_int_equal(cpu_run(&f->hart, 100), CPU_STOP_REQUESTED);
        assert_int_equal(f->hart.pc, FIXTURE_CODE + next);
    }
    assert_int_equal(hart_stimecmp_deadline(&f->hart), 1000);
    assert_int_equal(f->hart.x[A2], 0);
}

static void counter_writes_suppress_their_own_increment(void **state)
{
    struct hart_fixture *f = *state;
    f->hart.x[A0] = 1000;
    f->hart.x[A1] = 5;
    FIXTURE_PROGRAM(f, encode_csr(OP_csrrw, ZERO, CSR_MINSTRET, A0),
                    encode_csr(OP_csrrs, A2, CSR_MINSTRET, ZERO),
                    encode_i(OP_addi, ZERO, ZERO, 0),
                    encode_csr(OP_csrrs, A3, CSR_INSTRET, ZERO),
                    encode_csr(OP_csrrw, ZERO, CSR_MCYCLE, A0),
                    encode_csr(OP_csrrs, A4, CSR_MCYCLE, ZERO),
                    encode_csr(OP_csrrw, ZERO, CSR_MINSTRETH, A1),
                    encode_csr(OP_csrrs, A5, CSR_MINSTRETH, ZERO),
                    encode_csr(OP_csrrs, A6, CSR_MINSTRET, ZERO));
    fixture_run(f, 9);
    assert_int_equal(f->hart.x[A2], 1000);
    assert_int_equal(f->hart.x[A3], 1002);
    assert_int_equal(f->hart.x[A4], 1000);
    assert_int_equal(f->hart.x[A5], 5);
    /* Writing the high half kept the low half (1005 when minstreth was written) and, like
     * any counter write, suppressed the writing instruction's own increment (as Spike does). */
    assert_int_equal(f->hart.x[A6], 1006);
    assert_int_equal(hart_instret(&f->hart), (5ull << 32) + 1007);
}

static void trapping_instructions_take_a_cycle_but_do_not_retire(void **state)
{
    struct hart_fixture *f = *state;
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, ZERO, 1), encode_plain(OP_ecall));
    fixture_run(f, 2);
    assert_int_equal(f->hart.pc, FIXTURE_M_HANDLER);
    assert_int_equal(hart_instret(&f->hart), 1);
    assert_int_equal(hart_cycle(&f->hart), 2);
}

static void misa_reports_rv32_imasu_and_ignores_writes(void **state)
{
    struct hart_fixture *f = *state;
    const uint32_t expected = 1u << 30 | 1u << ('A' - 'A') | 1u << ('I' - 'A') |
                              1u << ('M' - 'A') | 1u << ('S' - 'A') | 1u << ('U' - 'A');
    uint32_t value;
    assert_true(csr_read(&f->hart, CSR_MISA, &value));
    assert_int_equal(value, expected);
    assert_true(csr_write(&f->hart, CSR_MISA, 0));
    assert_true(csr_read(&f->hart, CSR_MISA, &value));
    assert_int_equal(value, expected);
}

static void epc_registers_hold_only_aligned_addresses(void **state)
{
    struct hart_fixture *f = *state;
    uint32_t value;
    assert_true(csr_write(&f->hart, CSR_MEPC, 0x80000007));
    assert_true(csr_read(&f->hart, CSR_MEPC, &value));
    assert_int_equal(value, 0x80000004);
    assert_true(csr_write(&f->hart, CSR_SEPC, 0x80000003));
    assert_true(csr_read(&f->hart, CSR_SEPC, &value));
    assert_int_equal(value, 0x80000000);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, hart_fixture_setup, hart_fixture_teardown)
    const struct CMUnitTest tests[] = {
        TEST(s_mode_access_to_a_machine_csr_is_illegal),
        TEST(u_mode_access_to_a_supervisor_csr_is_illegal),
        TEST(more_privileged_modes_reach_less_privileged_csrs),
        TEST(writing_a_read_only_csr_is_illegal),
        TEST(reading_a_read_only_csr_without_writing_is_legal),
        TEST(unknown_csrs_are_illegal),
        TEST(csr_instructions_swap_set_and_clear_bits),
        TEST(tvec_mode_is_warl_and_keeps_the_old_mode_for_reserved_values),
        TEST(mstatus_mpp_ignores_the_reserved_value_2),
        TEST(mstatus_keeps_unimplemented_bits_zero),
        TEST(sstatus_is_a_view_of_mstatus),
        TEST(sie_and_sip_show_only_delegated_interrupts),
        TEST(delegation_registers_keep_only_delegable_bits),
        TEST(mip_machine_bits_are_not_software_writable),
        TEST(tvm_makes_satp_and_sfence_vma_illegal_in_s_mode),
        TEST(counter_enables_gate_each_counter_in_s_mode),
        TEST(u_mode_counters_need_both_counter_enables),
        TEST(m_mode_reads_counters_whatever_the_enables),
        TEST(stimecmp_in_s_mode_needs_stce_and_mcounteren_tm),
        TEST(stimecmp_drives_stip_while_stce_is_set),
        TEST(writing_stimecmp_or_stce_ends_the_batch),
        TEST(counter_writes_suppress_their_own_increment),
        TEST(trapping_instructions_take_a_cycle_but_do_not_retire),
        TEST(misa_reports_rv32_imasu_and_ignores_writes),
        TEST(epc_registers_hold_only_aligned_addresses),
    };
    return cmocka_run_group_tests_name("csr", tests, NULL, NULL);
}
