/* The Sstc extension: S mode's own timer. stimecmp is out of S mode's reach until M mode
 * sets menvcfgh.STCE and mcounteren.TM; then mip.STIP follows time >= stimecmp (and M
 * cannot write it), and with STIP delegated in mideleg the interrupt reaches stvec. */
#include "guest_test.h"

/* csr_read() and csr_write() paste their argument as text: stimecmp is 0x14d, stimecmph
 * 0x15d and menvcfgh 0x31a below. */
#define CSR_STIMECMP 0x14d

#define PERIOD 10000
#define INTERRUPTS 5

static volatile struct trap_record m_seen;
static volatile uint32_t s_interrupts;
static volatile uint64_t s_deadline, s_fired_at[INTERRUPTS];

void machine_trap(struct trap_frame *frame)
{
    record_exception_and_skip(&m_seen, frame);
}

static void write_stimecmp(uint64_t deadline)
{
    csr_write(0x15d, 0xffffffffu); /* never in the past on the way */
    csr_write(0x14d, (uint32_t)deadline);
    csr_write(0x15d, (uint32_t)(deadline >> 32));
}

void supervisor_trap(struct trap_frame *frame)
{
    uint64_t now = csr_read64(time, timeh);
    CHECK_EQUAL(frame->mcause, CAUSE_SUPERVISOR_TIMER, "scause");
    if (s_interrupts < INTERRUPTS)
        s_fired_at[s_interrupts] = now;
    s_interrupts++;
    if (s_interrupts < INTERRUPTS) {
        s_deadline += PERIOD;
        write_stimecmp(s_deadline);
    } else {
        write_stimecmp(UINT64_MAX);
    }
}

static void read_stimecmp_in_s(void)
{
    __asm__ volatile("csrr a0, 0x14d" ::: "a0");
}

static void expect_stimecmp_illegal_in_s(const char *why)
{
    uint32_t before = m_seen.count;
    run_at_privilege(PRIV_LEVEL_S, read_stimecmp_in_s);
    CHECK_EQUAL(m_seen.count - before, 1, "traps from reading stimecmp in S");
    CHECK_EQUAL(m_seen.cause, CAUSE_ILLEGAL_INSTRUCTION, "mcause");
    CHECK_EQUAL(m_seen.tval, CSRR_A0(CSR_STIMECMP), "mtval");
    print("stimecmp in S with ");
    print(why);
    print(": illegal instruction\n");
}

/* S mode arms its timer and sleeps until INTERRUPTS periodic interrupts have come. */
static void supervisor_main(void)
{
    csr_write(stvec, (uint32_t)(uintptr_t)supervisor_trap_entry);
    csr_set(sie, IRQ_STIP);
    s_deadline = csr_read64(time, timeh) + PERIOD;
    write_stimecmp(s_deadline);
    csr_set(sstatus, MSTATUS_SIE);
    while (s_interrupts < INTERRUPTS)
        __asm__ volatile("wfi");
    csr_clear(sstatus, MSTATUS_SIE);
    CHECK((csr_read(sip) & IRQ_STIP) == 0, "sip.STIP is set with stimecmp at its maximum");
}

int main(void)
{
    expect_stimecmp_illegal_in_s("menvcfgh.STCE = 0");

    csr_write(0x31a, MENVCFGH_STCE);
    CHECK(csr_read(0x31a) & MENVCFGH_STCE, "menvcfgh.STCE does not stick");
    /* From M mode stimecmp is always reachable; STIP now follows it. */
    write_stimecmp(0);
    CHECK(csr_read(mip) & IRQ_STIP, "mip.STIP is clear with stimecmp = 0");
    write_stimecmp(UINT64_MAX);
    CHECK((csr_read(mip) & IRQ_STIP) == 0, "mip.STIP is set with stimecmp at its maximum");
    csr_set(mip, IRQ_STIP);
    CHECK((csr_read(mip) & IRQ_STIP) == 0, "mip.STIP is writable while STCE = 1");
    print("mip.STIP follows stimecmp and ignores writes\n");

    csr_write(mcounteren, 0);
    expect_stimecmp_illegal_in_s("mcounteren.TM = 0");

    csr_write(mcounteren, COUNTEREN_TM);
    csr_write(mideleg, IRQ_STIP);
    csr_write(mie, IRQ_STIP);
    uint32_t traps_before = m_seen.count;
    run_at_privilege(PRIV_LEVEL_S, supervisor_main);
    CHECK_EQUAL(m_seen.count - traps_before, 0, "traps to M mode");
    CHECK_EQUAL(s_interrupts, INTERRUPTS, "S-mode timer interrupts");
    /* s_deadline is the last deadline the handler armed. */
    uint64_t first = s_deadline - (uint64_t)(INTERRUPTS - 1) * PERIOD;
    uint64_t worst_lateness = check_periodic_interrupts(s_fired_at, INTERRUPTS, first, PERIOD);
    print("sstc: ");
    print_dec(INTERRUPTS);
    print(" supervisor timer interrupts, every ");
    print_dec(PERIOD);
    print(" ticks, worst lateness ");
    print_udec64(worst_lateness);
    print(" ticks\n");

    csr_write(mie, 0);
    csr_write(mideleg, 0);
    print("sstc: all checks passed\n");
    return 0;
}
