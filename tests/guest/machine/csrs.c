/* Machine information and counter CSRs: misa names RV32 with A, I, M, S and U; mhartid
 * is 0; cycle, instret and time count up (time agreeing with the CLINT's mtime); a value
 * written to minstret or mcycle is what the next instruction reads; read-only and unknown
 * CSRs refuse writes; and mcounteren/scounteren decide whether S and U may read counters. */
#include "guest_test.h"

#define MISA_MXL_32 (1u << 30)
#define MISA_EXTENSION(letter) (1u << ((letter) - 'A'))

static volatile struct trap_record seen;

void machine_trap(struct trap_frame *frame)
{
    record_exception_and_skip(&seen, frame);
}

static void machine_information(void)
{
    uint32_t misa = csr_read(misa);
    print_named_hex("misa", misa);
    CHECK_EQUAL(misa >> 30, 1, "misa.MXL");
    const char *required = "AIMSU";
    for (const char *c = required; *c; c++)
        CHECK(misa & MISA_EXTENSION(*c), "misa lacks one of A, I, M, S, U");
    CHECK((misa & MISA_EXTENSION('E')) == 0, "misa has E as well as I");
    CHECK_EQUAL(csr_read(mhartid), 0, "mhartid");
    print("mhartid: 0\n");
}

static void counters_count(void)
{
    uint64_t cycle = csr_read64(cycle, cycleh), instret = csr_read64(instret, instreth);
    for (volatile int i = 0; i < 100; i++)
        ;
    uint64_t cycle_later = csr_read64(cycle, cycleh);
    uint64_t instret_later = csr_read64(instret, instreth);
    CHECK(cycle_later > cycle, "cycle did not increase");
    /* 100 iterations of a loop run at least 300 instructions. */
    CHECK(instret_later - instret >= 300, "instret increased too little over a loop");
    print("cycle and instret increase over a loop\n");

    /* Four instructions from the first csrr up to the second: the csrr, three nops. */
    uint32_t instret_first, instret_second, cycle_first, cycle_second;
    __asm__ volatile("csrr %0, instret\n nop\n nop\n nop\n csrr %1, instret"
                     : "=&r"(instret_first), "=r"(instret_second));
    __asm__ volatile("csrr %0, cycle\n nop\n nop\n nop\n csrr %1, cycle"
                     : "=&r"(cycle_first), "=r"(cycle_second));
    CHECK(instret_second - instret_first >= 4, "instret counted fewer than 4 instructions");
    print("instret over 4 instructions: ");
    print_dec((int32_t)(instret_second - instret_first));
    print("\ncycle over 4 instructions: ");
    print_dec((int32_t)(cycle_second - cycle_first));
    print("\n");

    uint64_t mtime_before = read_mtime();
    uint32_t time = csr_read(time);
    uint64_t mtime_after = read_mtime();
    CHECK((uint32_t)mtime_before <= time && time <= (uint32_t)mtime_after,
          "the time CSR disagrees with the CLINT's mtime");
    print("time agrees with the CLINT's mtime\n");
}

/* A CSR write takes the place of the increment of the instruction that writes (Zicsr):
 * the next instruction reads the value written, the one after that one more. */
static void counter_writes(void)
{
    uint32_t next, after_one, low, high, low_after, high_after;
    __asm__ volatile("li t0, 1000\n"
                     "csrw minstret, t0\n"
                     "csrr %0, minstret\n"
                     "csrw minstret, t0\n"
                     "nop\n"
                     "csrr %1, minstret\n"
                     : "=&r"(next), "=&r"(after_one)
                     :
                     : "t0");
    CHECK_EQUAL(next, 1000, "minstret read right after csrw minstret, 1000");
    CHECK_EQUAL(after_one, 1001, "minstret read one instruction after csrw minstret, 1000");
    print("minstret after csrw 1000: 1000, then 1001 one instruction later\n");

    /* The low half carries into the high half. */
    __asm__ volatile("li t0, 5\n"
                     "li t1, 0xfffffffe\n"
                     "csrw minstreth, t0\n"
                     "csrw minstret, t1\n"
                     "csrr %0, minstret\n"
                     "csrr %1, minstreth\n"
                     "csrr %2, minstret\n"
                     "csrr %3, minstreth\n"
                     : "=&r"(low), "=&r"(high), "=&r"(low_after), "=&r"(high_after)
                     :
                     : "t0", "t1");
    CHECK_EQUAL(low, 0xfffffffe, "minstret after csrw minstret");
    CHECK_EQUAL(high, 5, "minstreth before the carry");
    CHECK_EQUAL(low_after, 0, "minstret after the carry");
    CHECK_EQUAL(high_after, 6, "minstreth after the carry");
    print("minstret carries into minstreth\n");

    __asm__ volatile("li t0, 77\n"
                     "csrw mcycle, t0\n"
                     "csrr %0, mcycle\n"
                     : "=&r"(next)
                     :
                     : "t0");
    CHECK_EQUAL(next, 77, "mcycle read right after csrw mcycle, 77");
    print("mcycle after csrw 77: 77\n");
}

SNIPPET(write_mhartid, "90: csrw mhartid, zero")
SNIPPET(set_no_bits_in_mhartid, "90: csrrs a0, mhartid, x0")
SNIPPET(read_unknown_csr, "90: csrr a0, 0x8ff")
SNIPPET(read_cycle_snippet, "90: csrr a0, cycle")
SNIPPET(read_time_snippet, "90: csrr a0, time")
SNIPPET(read_instret_snippet, "90: csrr a0, instret")

static void expect_illegal(const char *what, unsigned level, void (*snippet)(void), uint32_t insn)
{
    uint32_t before = seen.count;
    run_at_privilege(level, snippet);
    print(what);
    print(": ");
    CHECK_EQUAL(seen.count - before, 1, "traps");
    CHECK_TRAP(&seen, 'M', CAUSE_ILLEGAL_INSTRUCTION, insn, snippet_at);
    print("illegal instruction\n");
}

static void expect_allowed(const char *what, unsigned level, void (*snippet)(void))
{
    uint32_t before = seen.count;
    run_at_privilege(level, snippet);
    print(what);
    print(": ");
    CHECK_EQUAL(seen.count - before, 0, "traps");
    CHECK(snippet_resumed, "the next instruction did not run");
    print("allowed\n");
}

static void read_only_and_unknown(void)
{
    expect_illegal("csrw mhartid", PRIV_LEVEL_M, write_mhartid, 0xf1401073);
    expect_allowed("csrrs a0, mhartid, x0 (no write)", PRIV_LEVEL_M, set_no_bits_in_mhartid);
    expect_illegal("csrr of unknown CSR 0x8ff", PRIV_LEVEL_M, read_unknown_csr, CSRR_A0(0x8ff));
}

static void counter_enables(void)
{
    csr_write(mcounteren, 0);
    csr_write(scounteren, 0);
    expect_illegal("rdcycle in S, mcounteren.CY = 0", PRIV_LEVEL_S, read_cycle_snippet, CSRR_A0(0xc00));
    expect_illegal("rdcycle in U, mcounteren.CY = 0", PRIV_LEVEL_U, read_cycle_snippet, CSRR_A0(0xc00));

    csr_write(mcounteren, COUNTEREN_CY);
    expect_allowed("rdcycle in S, mcounteren.CY = 1", PRIV_LEVEL_S, read_cycle_snippet);
    expect_illegal("rdcycle in U, mcounteren.CY = 1, scounteren.CY = 0", PRIV_LEVEL_U,
                   read_cycle_snippet, CSRR_A0(0xc00));

    csr_write(scounteren, COUNTEREN_CY);
    expect_allowed("rdcycle in U, mcounteren.CY = 1, scounteren.CY = 1", PRIV_LEVEL_U,
                   read_cycle_snippet);
    expect_illegal("rdinstret in U, only CY enabled", PRIV_LEVEL_U, read_instret_snippet,
                   CSRR_A0(0xc02));
    expect_illegal("rdtime in U, only CY enabled", PRIV_LEVEL_U, read_time_snippet, CSRR_A0(0xc01));

    csr_write(mcounteren, 0);
    expect_illegal("rdcycle in U, mcounteren.CY = 0, scounteren.CY = 1", PRIV_LEVEL_U,
                   read_cycle_snippet, CSRR_A0(0xc00));

    csr_write(mcounteren, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR);
    csr_write(scounteren, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR);
    expect_allowed("rdinstret in U, all enabled", PRIV_LEVEL_U, read_instret_snippet);
    expect_allowed("rdtime in U, all enabled", PRIV_LEVEL_U, read_time_snippet);
    csr_write(mcounteren, 0);
    csr_write(scounteren, 0);
}

int main(void)
{
    machine_information();
    counters_count();
    counter_writes();
    read_only_and_unknown();
    counter_enables();
    print("csrs: all checks passed\n");
    return 0;
}
