/* The CLINT timer in M mode: MTIP follows mtime >= mtimecmp, the interrupt waits for
 * mstatus.MIE and is then taken at once, it never comes early or much late, wfi wakes on
 * it (with MIE clear or set), and re-arming it in the handler gives periodic interrupts. */
#include "guest_test.h"

#define PERIOD 10000
#define PERIODIC_COUNT 10

static volatile uint32_t timer_interrupts, last_epc;
static volatile uint64_t fired_at[PERIODIC_COUNT];
static volatile uint64_t next_deadline;
static volatile bool periodic;
static uint64_t worst_lateness;

void machine_trap(struct trap_frame *frame)
{
    uint64_t now = read_mtime();
    CHECK_EQUAL(frame->mcause, CAUSE_MACHINE_TIMER, "mcause");
    if (timer_interrupts < PERIODIC_COUNT)
        fired_at[timer_interrupts] = now;
    timer_interrupts++;
    last_epc = frame->mepc;
    if (periodic && timer_interrupts < PERIODIC_COUNT) {
        next_deadline += PERIOD;
        write_mtimecmp(next_deadline);
    } else {
        write_mtimecmp(UINT64_MAX);
    }
}

/* Checks the interrupt (TIMER_LATE_SLACK allows for QEMU) and prints how late it came. */
static void report_on_time(const char *what, uint64_t seen, uint64_t deadline)
{
    uint64_t late = check_on_time(seen, deadline);
    if (late > worst_lateness)
        worst_lateness = late;
    print(what);
    print(": ");
    print_udec64(late);
    print(" ticks after mtimecmp\n");
}

/* MTIP is pending but masked by mstatus.MIE; setting MIE takes it before the next
 * instruction. */
static void masked_then_enabled(void)
{
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, IRQ_MTIP);
    uint64_t deadline = read_mtime() + 500;
    write_mtimecmp(deadline);
    CHECK((csr_read(mip) & IRQ_MTIP) == 0, "MTIP is set before mtime reaches mtimecmp");
    while (read_mtime() < deadline)
        ;
    /* QEMU raises MTIP from a host timer a little after mtime gets there; vmsim at once. */
    uint32_t polls = 0;
    while (!(csr_read(mip) & IRQ_MTIP)) {
        polls++;
        CHECK(read_mtime() - deadline <= TIMER_LATE_SLACK,
              "MTIP stays clear after mtime >= mtimecmp");
    }
    print("MTIP set ");
    print_dec((int32_t)polls);
    print(" polls after mtime reached mtimecmp\n");
    CHECK_EQUAL(timer_interrupts, 0, "interrupts taken while mstatus.MIE = 0");
    print("MTIP pending while mstatus.MIE = 0: not taken\n");

    uint32_t after;
    RUN_WITH_MIE(after, "");
    CHECK_EQUAL(timer_interrupts, 1, "interrupts taken after setting mstatus.MIE");
    CHECK_EQUAL(last_epc, after, "mepc (the instruction after the csrs)");
    CHECK((csr_read(mip) & IRQ_MTIP) == 0, "MTIP is still set after mtimecmp moved away");
    print("setting mstatus.MIE: taken before the next instruction\n");
}

static void fires_on_time(void)
{
    timer_interrupts = 0;
    uint64_t deadline = read_mtime() + 2000;
    write_mtimecmp(deadline);
    /* The latest mtime the loop read with no interrupt before the read ended. */
    uint64_t seen = 0;
    csr_set(mstatus, MSTATUS_MIE);
    for (;;) {
        uint64_t now = read_mtime();
        if (timer_interrupts != 0)
            break;
        seen = now;
    }
    csr_clear(mstatus, MSTATUS_MIE);
    report_on_time("interrupt while spinning", fired_at[0], deadline);
    print(seen >= deadline ? "the spinning loop saw mtime >= mtimecmp before the interrupt\n"
                           : "the spinning loop never saw mtime >= mtimecmp\n");
}

static void wfi_wakes(void)
{
    /* With MIE clear, wfi still wakes on an interrupt enabled in mie, and no trap follows. */
    timer_interrupts = 0;
    uint64_t deadline = read_mtime() + 3000;
    write_mtimecmp(deadline);
    __asm__ volatile("wfi" ::: "memory");
    uint64_t woke = read_mtime();
    CHECK(csr_read(mip) & IRQ_MTIP, "wfi returned without MTIP pending");
    CHECK_EQUAL(timer_interrupts, 0, "interrupts taken while mstatus.MIE = 0");
    report_on_time("wfi with mstatus.MIE = 0 woke", woke, deadline);
    write_mtimecmp(UINT64_MAX);

    /* With MIE set, the interrupt is taken right after the wfi. */
    deadline = read_mtime() + 3000;
    write_mtimecmp(deadline);
    uint32_t after;
    RUN_WITH_MIE(after, "wfi");
    CHECK_EQUAL(timer_interrupts, 1, "interrupts taken in wfi with mstatus.MIE = 1");
    CHECK_EQUAL(last_epc, after, "mepc (the instruction after the wfi)");
    report_on_time("wfi with mstatus.MIE = 1 woke into the handler", fired_at[0], deadline);
}

static void periodic_interrupts(void)
{
    timer_interrupts = 0;
    periodic = true;
    uint64_t first = read_mtime() + PERIOD;
    next_deadline = first;
    write_mtimecmp(first);
    csr_set(mstatus, MSTATUS_MIE);
    while (timer_interrupts < PERIODIC_COUNT)
        __asm__ volatile("wfi");
    csr_clear(mstatus, MSTATUS_MIE);
    periodic = false;
    CHECK_EQUAL(timer_interrupts, PERIODIC_COUNT, "periodic interrupts");
    uint64_t late = check_periodic_interrupts(fired_at, PERIODIC_COUNT, first, PERIOD);
    if (late > worst_lateness)
        worst_lateness = late;
    print("timer: ");
    print_dec(PERIODIC_COUNT);
    print(" periodic interrupts, every ");
    print_dec(PERIOD);
    print(" ticks\n");
}

int main(void)
{
    uint64_t start = read_mtime();
    for (volatile int i = 0; i < 1000; i++)
        ;
    CHECK(read_mtime() > start, "mtime does not advance");
    masked_then_enabled();
    fires_on_time();
    wfi_wakes();
    periodic_interrupts();
    csr_write(mie, 0);
    print("timer: worst lateness ");
    print_udec64(worst_lateness);
    print(" ticks\n");
    print("timer: all checks passed\n");
    return 0;
}
