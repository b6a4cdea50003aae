/* The M-mode side of run_at_privilege(): the runtime's trap hook recognises the two
 * requests of guest_defs.h and hands every other trap to the program's machine_trap().
 * Also the small CLINT and printing helpers every test uses. */
#include "guest_test.h"

void machine_resume(void);

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

__attribute__((weak)) void machine_trap(struct trap_frame *frame)
{
    print("unexpected M-mode trap: mcause ");
    print_hex(frame->mcause);
    print(" mepc ");
    print_hex(frame->mepc);
    print(" mtval ");
    print_hex(frame->mtval);
    print(" from level ");
    print_dec((int32_t)MPP_OF(frame->mstatus));
    print("\n");
    exit(98);
}

__attribute__((weak)) void supervisor_trap(struct trap_frame *frame)
{
    print("unexpected S-mode trap: scause ");
    print_hex(frame->mcause);
    print(" sepc ");
    print_hex(frame->mepc);
    print(" stval ");
    print_hex(frame->mtval);
    print("\n");
    exit(97);
}

void baremetal_trap(struct trap_frame *frame)
{
    unsigned from = MPP_OF(frame->mstatus);
    if (frame->mcause == CAUSE_BREAKPOINT && frame->x[17] == REQUEST_RETURN_TO_MACHINE) {
        frame->mepc = (uint32_t)(uintptr_t)machine_resume;
        frame->mstatus |= MSTATUS_MPP;
        return;
    }
    if (frame->mcause == CAUSE_USER_ECALL + from && frame->x[17] == REQUEST_WHOAMI) {
        frame->x[10] = from;
        frame->mepc += 4;
        return;
    }
    machine_trap(frame);
}
