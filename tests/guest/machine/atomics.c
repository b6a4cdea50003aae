/* The A extension: a counter built on an lr/sc retry loop, sc failing (and not storing)
 * without a matching reservation, every amo*.w returning the old value and storing the
 * right result (signed and unsigned min/max told apart), and the faults of misaligned or
 * unmapped atomic accesses. */
#include "guest_test.h"

static volatile struct trap_record seen;

void machine_trap(struct trap_frame *frame)
{
    record_exception_and_skip(&seen, frame);
}

static volatile uint32_t words[128] __attribute__((aligned(64)));

static uint32_t load_reserved(volatile uint32_t *p)
{
    uint32_t v;
    __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

/* Returns sc.w's result: 0 on success. */
static uint32_t store_conditional(volatile uint32_t *p, uint32_t v)
{
    uint32_t failed;
    __asm__ volatile("sc.w %0, %2, (%1)" : "=&r"(failed) : "r"(p), "r"(v) : "memory");
    return failed;
}

static void lr_sc_counter(void)
{
    volatile uint32_t *counter = &words[0];
    *counter = 0;
    uint32_t retries = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t failed;
        do {
            uint32_t v = load_reserved(counter);
            failed = store_conditional(counter, v + 1);
            retries += failed != 0;
        } while (failed);
    }
    CHECK_EQUAL(*counter, 1000, "the lr/sc counter");
    print("lr/sc counter: ");
    print_dec((int32_t)*counter);
    print(" after 1000 increments (");
    print_dec((int32_t)retries);
    print(" retries)\n");
}

static void sc_without_reservation(void)
{
    volatile uint32_t *a = &words[16], *b = &words[48]; /* 128 bytes apart */
    *a = 111;
    *b = 222;

    /* A successful sc uses up the reservation: a second sc fails and stores nothing. */
    uint32_t v = load_reserved(a);
    CHECK_EQUAL(v, 111, "lr.w's value");
    CHECK_EQUAL(store_conditional(a, 112), 0, "sc.w after lr.w");
    CHECK_EQUAL(*a, 112, "memory after a successful sc.w");
    CHECK(store_conditional(a, 113) != 0, "a second sc.w succeeded");
    CHECK_EQUAL(*a, 112, "memory after a failed sc.w");
    print("sc.w after a successful sc.w: fails, stores nothing\n");

    /* A failed sc uses it up too. */
    load_reserved(a);
    CHECK(store_conditional(b, 223) != 0, "sc.w to another address succeeded");
    CHECK_EQUAL(*b, 222, "memory after sc.w to an address not reserved");
    CHECK(store_conditional(a, 114) != 0, "sc.w after a failed sc.w succeeded");
    CHECK_EQUAL(*a, 112, "memory after sc.w after a failed sc.w");
    print("sc.w to an address not reserved: fails, and ends the reservation\n");
}

/* Runs one AMO with rd, rs1, rs2 all distinct and checks the old value and the result. */
#define CHECK_AMO(op, initial, operand, expected)                                            \
    do {                                                                                       \
        volatile uint32_t *p_ = &words[64];                                                    \
        uint32_t old_;                                                                         \
        *p_ = (initial);                                                                       \
        __asm__ volatile(op " %0, %2, (%1)"                                                    \
                         : "=&r"(old_)                                                         \
                         : "r"(p_), "r"((uint32_t)(operand))                                   \
                         : "memory");                                                          \
        CHECK_EQUAL(old_, (initial), op " old value");                                         \
        CHECK_EQUAL(*p_, (expected), op " result in memory");                                  \
        print(op " on ");                                                                      \
        print_hex(initial);                                                                    \
        print(" with ");                                                                       \
        print_hex(operand);                                                                    \
        print(": old value and result ok\n");                                                  \
    } while (0)

static void every_amo(void)
{
    CHECK_AMO("amoswap.w", 0x12345678, 0xcafef00d, 0xcafef00d);
    CHECK_AMO("amoadd.w", 0xfffffff0, 0x20, 0x10);
    CHECK_AMO("amoxor.w", 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0);
    CHECK_AMO("amoand.w", 0xff00ff00, 0x0ff00ff0, 0x0f000f00);
    CHECK_AMO("amoor.w", 0xff00ff00, 0x0ff00ff0, 0xfff0fff0);
    /* 0x80000001 is the most negative here as signed, the largest as unsigned. */
    CHECK_AMO("amomin.w", 0x80000001, 5, 0x80000001);
    CHECK_AMO("amomin.w", 5, 0x80000001, 0x80000001);
    CHECK_AMO("amomax.w", 0x80000001, 5, 5);
    CHECK_AMO("amomax.w", 5, 0x80000001, 5);
    CHECK_AMO("amominu.w", 0x80000001, 5, 5);
    CHECK_AMO("amominu.w", 5, 0x80000001, 5);
    CHECK_AMO("amomaxu.w", 0x80000001, 5, 0x80000001);
    CHECK_AMO("amomaxu.w", 5, 0x80000001, 0x80000001);
    CHECK_AMO("amomin.w", 0xffffffff, 0xfffffffe, 0xfffffffe);
    CHECK_AMO("amomaxu.w", 0xffffffff, 0xfffffffe, 0xffffffff);
}

/* rd equal to rs2 (or rs1) must still receive the old value after the operands are read. */
static void amo_register_overlap(void)
{
    volatile uint32_t *p = &words[64];
    *p = 40;
    uint32_t r = 2;
    __asm__ volatile("amoadd.w %0, %0, (%1)" : "+&r"(r) : "r"(p) : "memory");
    CHECK_EQUAL(r, 40, "amoadd.w with rd = rs2: rd");
    CHECK_EQUAL(*p, 42, "amoadd.w with rd = rs2: memory");

    uint32_t address = (uint32_t)(uintptr_t)p;
    __asm__ volatile("amoswap.w %0, %0, (%0)" : "+r"(address) : : "memory");
    CHECK_EQUAL(address, 42, "amoswap.w with rd = rs1 = rs2: rd");
    CHECK_EQUAL(*p, (uint32_t)(uintptr_t)p, "amoswap.w with rd = rs1 = rs2: memory");

    /* amoadd.w x0: the store happens even though the old value is thrown away. */
    *p = 7;
    __asm__ volatile("amoadd.w x0, %1, (%0)" : : "r"(p), "r"(3) : "memory");
    CHECK_EQUAL(*p, 10, "amoadd.w with rd = x0: memory");
    print("amo with rd = rs1, rd = rs2 and rd = x0: ok\n");
}

static void expect_fault(const char *what, uint32_t cause, uint32_t tval, uint32_t traps_before)
{
    CHECK_EQUAL(seen.count - traps_before, 1, "traps");
    CHECK_EQUAL(seen.cause, cause, "mcause");
    CHECK_EQUAL(seen.tval, tval, "mtval");
    print(what);
    print(": mcause ");
    print_dec((int32_t)cause);
    print("\n");
}

static void atomic_faults(void)
{
    uint32_t misaligned = (uint32_t)(uintptr_t)&words[96] + 2, value = 0x5a5a5a5a;
    uint32_t before = seen.count;
    __asm__ volatile("lr.w %0, (%1)" : "+r"(value) : "r"(misaligned) : "memory");
    expect_fault("lr.w at a misaligned address", CAUSE_MISALIGNED_LOAD, misaligned, before);
    CHECK_EQUAL(value, 0x5a5a5a5a, "lr.w's rd after the trap");

    before = seen.count;
    words[96] = 1;
    words[97] = 2;
    __asm__ volatile("amoadd.w %0, %2, (%1)" : "+r"(value) : "r"(misaligned), "r"(1) : "memory");
    expect_fault("amoadd.w at a misaligned address", CAUSE_MISALIGNED_STORE, misaligned, before);
    CHECK(words[96] == 1 && words[97] == 2, "a faulting amoadd.w changed memory");

    before = seen.count;
    __asm__ volatile("amoor.w %0, %2, (%1)"
                     : "+r"(value)
                     : "r"(UNMAPPED_ADDRESS), "r"(1)
                     : "memory");
    expect_fault("amoor.w at an unmapped address", CAUSE_STORE_ACCESS, UNMAPPED_ADDRESS, before);

    before = seen.count;
    __asm__ volatile("lr.w %0, (%1)" : "+r"(value) : "r"(UNMAPPED_ADDRESS) : "memory");
    expect_fault("lr.w at an unmapped address", CAUSE_LOAD_ACCESS, UNMAPPED_ADDRESS, before);
}

int main(void)
{
    lr_sc_counter();
    sc_without_reservation();
    every_amo();
    amo_register_overlap();
    atomic_faults();
    print("atomics: all checks passed\n");
    return 0;
}
