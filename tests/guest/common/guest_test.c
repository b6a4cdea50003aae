/* The C half of the guest test library: the M-mode trap hook, which serves the requests of
 * guest_defs.h and hands every other trap to the program's machine_trap(), ending runs at a
 * lower privilege level, recording and checking traps, and the CLINT and timing helpers. */
#include "guest_test.h"

void lower_privilege_resume(void);

volatile uint32_t snippet_at, snippet_resumed;

void print_named_hex(const char *name, uint32_t value)
{
    print(name);
    print(": ");
    print_hex(value);
    print("\n");
}

uint64_t read_mtime(void)
{
    uint32_t high, low;
    do {
        high = *CLINT_MTIME_HI;
        low = *CLINT_MTIME_LO;
    } while (high != *CLINT_MTIME_HI);
    return ((uint64_t)high << 32) | low;
}

void write_mtimecmp(uint64_t deadline)
{
    /* The high word goes to all ones first, so the intermediate value never lies in the past. */
    *CLINT_MTIMECMP_HI = 0xffffffffu;
    *CLINT_MTIMECMP_LO = (uint32_t)deadline;
    *CLINT_MTIMECMP_HI = (uint32_t)(deadline >> 32);
}

uint64_t check_on_time(uint64_t fired_at, uint64_t deadline)
{
    CHECK(fired_at >= deadline, "a timer interrupt came before its deadline");
    CHECK(fired_at - deadline <= TIMER_LATE_SLACK, "a timer interrupt came late");
    return fired_at - deadline;
}

uint64_t check_periodic_interrupts(const volatile uint64_t *fired_at, unsigned count,
                                   uint64_t first_deadline, uint64_t period)
{
    uint64_t worst_lateness = 0;
    for (unsigned i = 0; i < count; i++) {
        uint64_t late = check_on_time(fired_at[i], first_deadline + (uint64_t)i * period);
        if (late > worst_lateness)
            worst_lateness = late;
    }
    return worst_lateness;
}

void record_trap(volatile struct trap_record *record, const struct trap_frame *frame)
{
    record->count++;
    record->cause = frame->mcause;
    record->tval = frame->mtval;
    record->epc = frame->mepc;
    record->status = frame->mstatus;
}

void record_exception_and_skip(volatile struct trap_record *record, struct trap_frame *frame)
{
    CHECK((frame->mcause & CAUSE_INTERRUPT) == 0, "unexpected interrupt");
    record_trap(record, frame);
    frame->mepc += 4;
}

void check_trap(int line, const volatile struct trap_record *record, char mode, uint32_t cause,
                uint32_t tval, uint32_t epc)
{
    bool machine = mode == 'M';
    if (record->cause != cause)
        check_equal_failed(line, machine ? "mcause" : "scause", record->cause, cause);
    if (record->tval != tval)
        check_equal_failed(line, machine ? "mtval" : "stval", record->tval, tval);
    if (record->epc != epc)
        check_equal_failed(line, machine ? "mepc" : "sepc", record->epc, epc);
}

void return_to_caller(struct trap_frame *frame, unsigned level, uint32_t value)
{
    frame->mepc = (uint32_t)(uintptr_t)lower_privilege_resume;
    frame->x[10] = value;
    if (level == PRIV_LEVEL_M)
        frame->mstatus |= MSTATUS_MPP;
    else
        frame->mstatus |= MSTATUS_SPP;
}

__attribute__((weak)) void machine_trap(struct trap_frame *frame)
{
    fail_unexpected_trap('M', frame, 98);
}

__attribute__((weak)) void supervisor_trap(struct trap_frame *frame)
{
    fail_unexpected_trap('S', frame, 97);
}

void baremetal_trap(struct trap_frame *frame)
{
    unsigned from = MPP_OF(frame->mstatus);
    if (frame->mcause == CAUSE_BREAKPOINT && frame->x[17] == REQUEST_RETURN_TO_MACHINE) {
        return_to_caller(frame, PRIV_LEVEL_M, 0);
        return;
    }
    if (frame->mcause == CAUSE_USER_ECALL + from && frame->x[17] == REQUEST_WHOAMI) {
        frame->x[10] = from;
        frame->mepc += 4;
        return;
    }
    machine_trap(frame);
}
