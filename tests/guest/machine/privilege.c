/* Privilege levels: M -> S -> U with mret and sret, ecall causes 8 and 9, delegation of
 * U's ecall and illegal instructions to an S-mode handler with medeleg, CSRs and xRET
 * instructions that a level may not use, and the TSR, TW and TVM traps of mstatus. */
#include "guest_test.h"

/* What the two trap handlers saw, and the level the S-mode one ran at. */
static volatile struct trap_record m_seen, s_seen;
static volatile uint32_t s_handler_level;

void machine_trap(struct trap_frame *frame)
{
    record_exception_and_skip(&m_seen, frame);
}

void supervisor_trap(struct trap_frame *frame)
{
    s_handler_level = current_privilege();
    record_exception_and_skip(&s_seen, frame);
}

/* The fixed encodings of the system instructions. */
#define INSN_SRET 0x10200073u
#define INSN_MRET 0x30200073u
#define INSN_WFI 0x10500073u
#define INSN_SFENCE_VMA 0x12000073u
#define INSN_ILLEGAL 0xfe000033u /* OP with funct7 = 0x7f */

SNIPPET(do_ecall, "li a7, 0\n 90: ecall")
SNIPPET(do_illegal, "90: .word 0xfe000033")
SNIPPET(read_mstatus, "90: csrr a0, mstatus")
SNIPPET(read_mhartid, "90: csrr a0, mhartid")
SNIPPET(read_sstatus, "90: csrr a0, sstatus")
SNIPPET(read_satp, "90: csrr a0, satp")
SNIPPET(write_satp_zero, "90: csrw satp, zero")
SNIPPET(do_sfence_vma, "90: sfence.vma")
SNIPPET(do_sret, "90: sret")
SNIPPET(do_mret, "90: mret")
SNIPPET(do_wfi, "90: wfi")

static const char *level_name(unsigned level)
{
    return level == PRIV_LEVEL_U ? "U" : level == PRIV_LEVEL_S ? "S" : "M";
}

/* How many traps each handler took while a snippet ran. */
struct traps_taken {
    uint32_t machine, supervisor;
};

/* Runs snippet at `level` and prints "what in LEVEL: ". */
static struct traps_taken run_snippet(const char *what, unsigned level, void (*snippet)(void))
{
    uint32_t m_before = m_seen.count, s_before = s_seen.count;
    run_at_privilege(level, snippet);
    print(what);
    print(" in ");
    print(level_name(level));
    print(": ");
    return (struct traps_taken){m_seen.count - m_before, s_seen.count - s_before};
}

static void check_traps_taken(struct traps_taken taken, uint32_t machine, uint32_t supervisor)
{
    CHECK_EQUAL(taken.machine, machine, "M-mode traps");
    CHECK_EQUAL(taken.supervisor, supervisor, "S-mode traps");
}

static void expect_machine_trap(const char *what, unsigned level, void (*snippet)(void),
                                uint32_t cause, uint32_t tval)
{
    check_traps_taken(run_snippet(what, level, snippet), 1, 0);
    CHECK_TRAP(&m_seen, 'M', cause, tval, snippet_at);
    CHECK_EQUAL(MPP_OF(m_seen.status), level, "mstatus.MPP");
    CHECK(snippet_resumed, "mret did not resume at the next instruction");
    print("trapped to M, mcause ");
    print_dec((int32_t)cause);
    print("\n");
}

static void expect_supervisor_trap(const char *what, unsigned level, void (*snippet)(void),
                                   uint32_t cause, uint32_t tval)
{
    check_traps_taken(run_snippet(what, level, snippet), 0, 1);
    CHECK_TRAP(&s_seen, 'S', cause, tval, snippet_at);
    CHECK_EQUAL((s_seen.status & MSTATUS_SPP) ? PRIV_LEVEL_S : PRIV_LEVEL_U, level, "sstatus.SPP");
    CHECK_EQUAL(s_handler_level, PRIV_LEVEL_S, "the level the S-mode handler ran at");
    CHECK(snippet_resumed, "sret did not resume at the next instruction");
    print("delegated to S, scause ");
    print_dec((int32_t)cause);
    print("\n");
}

static void expect_no_trap(const char *what, unsigned level, void (*snippet)(void))
{
    check_traps_taken(run_snippet(what, level, snippet), 0, 0);
    CHECK(snippet_resumed, "the next instruction did not run");
    print("allowed\n");
}

static volatile uint32_t level_in_s, level_in_u;

static void user_part(void)
{
    level_in_u = current_privilege();
}

static void supervisor_part(void)
{
    level_in_s = current_privilege();
    supervisor_enter_user(user_part);
}

static void machine_to_supervisor_to_user(void)
{
    CHECK_EQUAL(current_privilege(), PRIV_LEVEL_M, "the level main runs at");
    level_in_s = level_in_u = 0xff;
    run_at_privilege(PRIV_LEVEL_S, supervisor_part);
    CHECK_EQUAL(level_in_s, PRIV_LEVEL_S, "the level after mret with MPP = S");
    CHECK_EQUAL(level_in_u, PRIV_LEVEL_U, "the level after sret with SPP = U");
    CHECK_EQUAL(current_privilege(), PRIV_LEVEL_M, "the level back in main");
    print("M -> S (mret) -> U (sret) -> M: levels 3, 1, 0, 3\n");
}

static void ecalls_and_delegation(void)
{
    expect_machine_trap("ecall", PRIV_LEVEL_U, do_ecall, CAUSE_USER_ECALL, 0);
    expect_machine_trap("ecall", PRIV_LEVEL_S, do_ecall, CAUSE_SUPERVISOR_ECALL, 0);
    expect_machine_trap("illegal instruction", PRIV_LEVEL_U, do_illegal, CAUSE_ILLEGAL_INSTRUCTION,
                        INSN_ILLEGAL);

    csr_write(stvec, (uint32_t)(uintptr_t)supervisor_trap_entry);
    csr_write(medeleg, (1u << CAUSE_USER_ECALL) | (1u << CAUSE_ILLEGAL_INSTRUCTION));
    CHECK_EQUAL(csr_read(medeleg), (1u << CAUSE_USER_ECALL) | (1u << CAUSE_ILLEGAL_INSTRUCTION),
                "medeleg read back");
    expect_supervisor_trap("ecall, medeleg bit 8", PRIV_LEVEL_U, do_ecall, CAUSE_USER_ECALL, 0);
    expect_supervisor_trap("illegal instruction, medeleg bit 2", PRIV_LEVEL_U, do_illegal,
                           CAUSE_ILLEGAL_INSTRUCTION, INSN_ILLEGAL);
    expect_supervisor_trap("illegal instruction, medeleg bit 2", PRIV_LEVEL_S, do_illegal,
                           CAUSE_ILLEGAL_INSTRUCTION, INSN_ILLEGAL);
    expect_machine_trap("ecall, not delegated", PRIV_LEVEL_S, do_ecall, CAUSE_SUPERVISOR_ECALL, 0);
    /* Traps taken in M mode are never delegated. */
    expect_machine_trap("illegal instruction, medeleg bit 2", PRIV_LEVEL_M, do_illegal,
                        CAUSE_ILLEGAL_INSTRUCTION, INSN_ILLEGAL);
    csr_write(medeleg, 0);
}

static void forbidden_instructions(void)
{
    expect_machine_trap("csrr mstatus", PRIV_LEVEL_S, read_mstatus, CAUSE_ILLEGAL_INSTRUCTION,
                        CSRR_A0(0x300));
    expect_machine_trap("csrr mstatus", PRIV_LEVEL_U, read_mstatus, CAUSE_ILLEGAL_INSTRUCTION,
                        CSRR_A0(0x300));
    expect_machine_trap("csrr mhartid", PRIV_LEVEL_S, read_mhartid, CAUSE_ILLEGAL_INSTRUCTION,
                        CSRR_A0(0xf14));
    expect_machine_trap("csrr sstatus", PRIV_LEVEL_U, read_sstatus, CAUSE_ILLEGAL_INSTRUCTION,
                        CSRR_A0(0x100));
    expect_no_trap("csrr sstatus", PRIV_LEVEL_S, read_sstatus);
    expect_machine_trap("sret", PRIV_LEVEL_U, do_sret, CAUSE_ILLEGAL_INSTRUCTION, INSN_SRET);
    expect_machine_trap("mret", PRIV_LEVEL_U, do_mret, CAUSE_ILLEGAL_INSTRUCTION, INSN_MRET);
    expect_machine_trap("mret", PRIV_LEVEL_S, do_mret, CAUSE_ILLEGAL_INSTRUCTION, INSN_MRET);
    expect_machine_trap("wfi", PRIV_LEVEL_U, do_wfi, CAUSE_ILLEGAL_INSTRUCTION, INSN_WFI);
    expect_machine_trap("sfence.vma", PRIV_LEVEL_U, do_sfence_vma, CAUSE_ILLEGAL_INSTRUCTION,
                        INSN_SFENCE_VMA);
}

/* sret from S to S: SPP = S, SPIE = 0 and sepc = the instruction after the sret. */
static volatile uint32_t sstatus_after_sret, level_after_sret;
static void sret_within_supervisor(void)
{
    uint32_t at, resumed, sstatus;
    __asm__ volatile("la %0, 90f\n"
                     "li %1, 0\n"
                     "la t0, 91f\n"
                     "csrw sepc, t0\n"
                     "li t0, %3\n"
                     "csrs sstatus, t0\n"
                     "li t0, %4\n"
                     "csrc sstatus, t0\n"
                     "90: sret\n"
                     "j 92f\n" /* skipped if sret goes to sepc */
                     "91: li %1, 1\n"
                     "92: csrr %2, sstatus\n"
                     : "=&r"(at), "=&r"(resumed), "=&r"(sstatus)
                     : "i"(MSTATUS_SPP), "i"(MSTATUS_SPIE)
                     : "t0", "memory");
    snippet_at = at;
    snippet_resumed = resumed;
    sstatus_after_sret = sstatus;
    level_after_sret = current_privilege();
}

static void mstatus_traps(void)
{
    csr_set(mstatus, MSTATUS_TSR);
    expect_machine_trap("sret with TSR = 1", PRIV_LEVEL_S, do_sret, CAUSE_ILLEGAL_INSTRUCTION,
                        INSN_SRET);
    csr_clear(mstatus, MSTATUS_TSR);
    expect_no_trap("sret with TSR = 0", PRIV_LEVEL_S, sret_within_supervisor);
    CHECK_EQUAL(level_after_sret, PRIV_LEVEL_S, "the level after sret with SPP = S");
    CHECK_EQUAL(sstatus_after_sret & MSTATUS_SPP, 0, "sstatus.SPP after sret");
    CHECK(sstatus_after_sret & MSTATUS_SPIE, "sstatus.SPIE is clear after sret");
    CHECK_EQUAL(sstatus_after_sret & MSTATUS_SIE, 0, "sstatus.SIE after sret with SPIE = 0");
    print("sret left SPP = U, SPIE = 1 and SIE = the old SPIE\n");

    csr_set(mstatus, MSTATUS_TW);
    expect_machine_trap("wfi with TW = 1", PRIV_LEVEL_S, do_wfi, CAUSE_ILLEGAL_INSTRUCTION, INSN_WFI);
    csr_clear(mstatus, MSTATUS_TW);
    /* A pending, enabled but globally masked S-mode software interrupt makes wfi return
     * at once instead of waiting forever. */
    csr_clear(mstatus, MSTATUS_SIE);
    csr_write(mideleg, IRQ_SSIP);
    csr_write(mie, IRQ_SSIP);
    csr_set(mip, IRQ_SSIP);
    expect_no_trap("wfi with TW = 0 and an interrupt pending", PRIV_LEVEL_S, do_wfi);
    csr_clear(mip, IRQ_SSIP);
    csr_write(mie, 0);
    csr_write(mideleg, 0);

    csr_set(mstatus, MSTATUS_TVM);
    expect_machine_trap("csrr satp with TVM = 1", PRIV_LEVEL_S, read_satp, CAUSE_ILLEGAL_INSTRUCTION,
                        CSRR_A0(0x180));
    expect_machine_trap("sfence.vma with TVM = 1", PRIV_LEVEL_S, do_sfence_vma,
                        CAUSE_ILLEGAL_INSTRUCTION, INSN_SFENCE_VMA);
    csr_clear(mstatus, MSTATUS_TVM);
    expect_no_trap("csrr satp with TVM = 0", PRIV_LEVEL_S, read_satp);
    expect_no_trap("csrw satp with TVM = 0", PRIV_LEVEL_S, write_satp_zero);
    expect_no_trap("sfence.vma with TVM = 0", PRIV_LEVEL_S, do_sfence_vma);
}

int main(void)
{
    machine_to_supervisor_to_user();
    ecalls_and_delegation();
    forbidden_instructions();
    mstatus_traps();
    print("privilege: all checks passed\n");
    return 0;
}
