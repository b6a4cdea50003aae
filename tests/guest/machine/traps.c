/* Synchronous exceptions taken in M mode: each trapping instruction must arrive at mtvec
 * with the right mcause, mtval and mepc, leave its destination register alone, and let
 * the handler resume at the next instruction with mret. */
#include "guest_test.h"

static volatile struct trap_record seen;

void machine_trap(struct trap_frame *frame)
{
    CHECK((frame->mcause & CAUSE_INTERRUPT) == 0, "unexpected M-mode interrupt");
    record_trap(&seen, frame);
    /* A fetch fault has no instruction to skip: go back to where the jump linked (t1). */
    if (frame->mcause == CAUSE_FETCH_ACCESS)
        frame->mepc = frame->x[6];
    else
        frame->mepc += 4;
}

/* Runs `text`, whose instruction at local label 90 is expected to trap, with `value_` in
 * %[value] (read, and written back) and `address_` in %[address]; it may use t1, t2, a7.
 * `at` receives the address of the instruction at 90 and `resumed` 1 once the instruction
 * after `text` ran. */
#define RUN_TRAPPING_WITH(at, resumed, value_, address_, text)                                \
    __asm__ volatile("la %[at_], 90f\n"                                                        \
                     "li %[resumed_], 0\n" text "\n"                                           \
                     "li %[resumed_], 1\n"                                                     \
                     : [at_] "=&r"(at), [resumed_] "=&r"(resumed), [value] "+r"(value_)        \
                     : [address] "r"(address_)                                                 \
                     : "t1", "t2", "a7", "memory")

/* The same for `text` that needs no value or address. */
#define RUN_TRAPPING(at, resumed, text)                                                       \
    do {                                                                                       \
        uint32_t unused_ = 0;                                                                  \
        RUN_TRAPPING_WITH(at, resumed, unused_, 0, text);                                      \
    } while (0)

static uint32_t traps_before;

static void expect_trap(const char *what, uint32_t resumed, uint32_t cause, uint32_t tval,
                        uint32_t epc)
{
    print(what);
    print(": ");
    CHECK_EQUAL(seen.count - traps_before, 1, "number of traps");
    CHECK_TRAP(&seen, 'M', cause, tval, epc);
    CHECK_EQUAL(MPP_OF(seen.status), PRIV_LEVEL_M, "mstatus.MPP in the handler");
    CHECK(resumed == 1, "mret did not resume at the next instruction");
    print("mcause ");
    print_dec((int32_t)cause);
    print(", mtval ");
    print_hex(tval);
    print(", resumed after mret\n");
    traps_before = seen.count;
}

static void expect_no_trap(const char *what, uint32_t resumed)
{
    print(what);
    print(": ");
    CHECK_EQUAL(seen.count - traps_before, 0, "number of traps");
    CHECK(resumed == 1, "the instruction after it did not run");
    print("no trap\n");
}

static void illegal_instructions(void)
{
    uint32_t at, resumed;
    /* OP with funct7 = 1111111: no RV32IMA instruction. */
    RUN_TRAPPING(at, resumed, "90: .word 0xfe000033");
    expect_trap("illegal instruction (OP, funct7 0x7f)", resumed, CAUSE_ILLEGAL_INSTRUCTION,
                0xfe000033, at);
    /* unimp = csrrw x0, cycle, x0: a write to a read-only CSR. */
    RUN_TRAPPING(at, resumed, "90: .word 0xc0001073");
    expect_trap("illegal instruction (write to read-only cycle)", resumed,
                CAUSE_ILLEGAL_INSTRUCTION, 0xc0001073, at);
    /* All zeros is defined to be illegal so that running into zeroed memory traps. */
    RUN_TRAPPING(at, resumed, "90: .word 0");
    expect_trap("illegal instruction (all zeros)", resumed, CAUSE_ILLEGAL_INSTRUCTION, 0, at);
}

static void breakpoint(void)
{
    uint32_t at, resumed;
    RUN_TRAPPING(at, resumed, "90: ebreak");
    /* The spec lets mtval be the address of the ebreak (vmsim, Spike) or 0 (QEMU 7.2). */
    uint32_t tval = seen.tval == 0 ? 0 : at;
    expect_trap("ebreak", resumed, CAUSE_BREAKPOINT, tval, at);
    print(tval ? "ebreak: mtval = the ebreak's address\n" : "ebreak: mtval = 0\n");
}

static void ecall_from_machine(void)
{
    uint32_t at, resumed;
    RUN_TRAPPING(at, resumed, "li a7, 0\n90: ecall");
    expect_trap("ecall from M", resumed, CAUSE_MACHINE_ECALL, 0, at);
}

static void misaligned_jumps(void)
{
    uint32_t at, resumed, link = 0x1234abcd;
    /* jalr to a target 2 bytes past an instruction: the exception belongs to the jump,
     * mtval is the target, and the link register keeps its old value. */
    RUN_TRAPPING_WITH(at, resumed, link, 0,
                      "la t2, 91f\n"
                      "addi t2, t2, 2\n"
                      "90: jalr %[value], 0(t2)\n"
                      "91:");
    expect_trap("jalr to a misaligned target", resumed, CAUSE_MISALIGNED_FETCH, at + 6, at);
    CHECK_EQUAL(link, 0x1234abcd, "jalr's rd after the trap");

    /* jal x0, +6 and beq x0, x0, +6, encoded by hand since the assembler refuses them. */
    RUN_TRAPPING(at, resumed, "90: .word 0x0060006f");
    expect_trap("jal to a misaligned target", resumed, CAUSE_MISALIGNED_FETCH, at + 6, at);
    RUN_TRAPPING(at, resumed, "90: .word 0x00000363");
    expect_trap("taken beq to a misaligned target", resumed, CAUSE_MISALIGNED_FETCH, at + 6, at);
    /* bne x0, x0, +6 is not taken, so its bad target does not matter. */
    RUN_TRAPPING(at, resumed, "90: .word 0x00001363");
    expect_no_trap("untaken bne with a misaligned target", resumed);

    /* jalr clears bit 0 of the target, so an odd target is fine. */
    __asm__ volatile("la %[at_], 90f\n"
                     "li %[resumed_], 0\n"
                     "la t2, 91f\n"
                     "addi t2, t2, 1\n"
                     "90: jalr %[link_], 0(t2)\n"
                     "li %[resumed_], 2\n"
                     "91: addi %[resumed_], %[resumed_], 1\n"
                     : [at_] "=&r"(at), [resumed_] "=&r"(resumed), [link_] "+r"(link)
                     :
                     : "t2", "memory");
    expect_no_trap("jalr to an odd target", resumed);
    CHECK_EQUAL(link, at + 4, "jalr's link");
}

static void access_faults(void)
{
    uint32_t at, resumed, value = 0x5a5a5a5a;
    RUN_TRAPPING_WITH(at, resumed, value, UNMAPPED_ADDRESS, "90: lw %[value], 0(%[address])");
    expect_trap("lw from an unmapped address", resumed, CAUSE_LOAD_ACCESS, UNMAPPED_ADDRESS, at);
    CHECK_EQUAL(value, 0x5a5a5a5a, "lw's rd after the trap");

    RUN_TRAPPING_WITH(at, resumed, value, PAST_RAM_ADDRESS, "90: lbu %[value], 3(%[address])");
    expect_trap("lbu just past RAM", resumed, CAUSE_LOAD_ACCESS, PAST_RAM_ADDRESS + 3, at);

    RUN_TRAPPING_WITH(at, resumed, value, UNMAPPED_ADDRESS, "90: sw %[value], 8(%[address])");
    expect_trap("sw to an unmapped address", resumed, CAUSE_STORE_ACCESS, UNMAPPED_ADDRESS + 8,
                at);

    RUN_TRAPPING_WITH(at, resumed, value, PAST_RAM_ADDRESS, "90: sb %[value], 1(%[address])");
    expect_trap("sb just past RAM", resumed, CAUSE_STORE_ACCESS, PAST_RAM_ADDRESS + 1, at);

    /* A jump to an unmapped address faults on the fetch there: mepc = mtval = target. */
    RUN_TRAPPING_WITH(at, resumed, value, UNMAPPED_ADDRESS, "90: jalr t1, 0(%[address])");
    expect_trap("jump to an unmapped address", resumed, CAUSE_FETCH_ACCESS, UNMAPPED_ADDRESS,
                UNMAPPED_ADDRESS);
}

int main(void)
{
    illegal_instructions();
    breakpoint();
    ecall_from_machine();
    misaligned_jumps();
    access_faults();

    /* mret leaves MPP at the least-privileged mode (U) and MPIE set. */
    uint32_t mstatus = csr_read(mstatus);
    CHECK_EQUAL(MPP_OF(mstatus), PRIV_LEVEL_U, "mstatus.MPP after mret");
    CHECK(mstatus & MSTATUS_MPIE, "mstatus.MPIE is clear after mret");
    print("mret left MPP = U and MPIE = 1\n");

    print("traps: ");
    print_dec((int32_t)seen.count);
    print(" exceptions checked\n");
    return 0;
}
