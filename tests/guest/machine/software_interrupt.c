/* Machine software interrupts through the CLINT's msip register: msip drives mip.MSIP,
 * the interrupt waits for mie.MSIE and mstatus.MIE, is always enabled in a lower
 * privilege level, and in vectored mode (mtvec.MODE = 1) enters at base + 4 * 3 while
 * exceptions still enter at base. */
#include "guest_test.h"

static volatile uint32_t interrupts, exceptions, last_cause, last_epc, last_from, last_mstatus;

/* Set (to their own address) by the vector table entries 0 and 3. */
extern volatile uint32_t vector_0_entered, vector_3_entered;

void machine_trap(struct trap_frame *frame)
{
    last_cause = frame->mcause;
    last_epc = frame->mepc;
    last_from = MPP_OF(frame->mstatus);
    last_mstatus = frame->mstatus;
    if (frame->mcause & CAUSE_INTERRUPT) {
        interrupts++;
        *CLINT_MSIP = 0;
    } else {
        exceptions++;
        frame->mepc += 4;
    }
}

/* A vectored trap table: entries 0 (all exceptions) and 3 (machine software interrupt)
 * note that they ran and go on to the runtime's trap entry; any other entry fails. */
__asm__(".text\n"
        ".balign 64\n"
        "vector_table:\n"
        "  j vector_0\n"
        "  .rept 2\n"
        "  j wrong_vector\n"
        "  .endr\n"
        "  j vector_3\n"
        "  .rept 12\n"
        "  j wrong_vector\n"
        "  .endr\n"
        "vector_0:\n"
        "  csrw mscratch, t0\n"
        "  la t0, vector_0_entered\n"
        "  sw t0, 0(t0)\n"
        "  csrr t0, mscratch\n"
        "  j baremetal_trap_entry\n"
        "vector_3:\n"
        "  csrw mscratch, t0\n"
        "  la t0, vector_3_entered\n"
        "  sw t0, 0(t0)\n"
        "  csrr t0, mscratch\n"
        "  j baremetal_trap_entry\n"
        "wrong_vector:\n"
        "  csrr a0, mcause\n"
        "  call wrong_vector_taken\n"
        ".data\n"
        ".balign 4\n"
        ".globl vector_0_entered, vector_3_entered\n"
        "vector_0_entered: .word 0\n"
        "vector_3_entered: .word 0\n"
        ".text\n");

void vector_table(void);
void baremetal_trap_entry(void);

void wrong_vector_taken(uint32_t mcause) __attribute__((noreturn, used));
void wrong_vector_taken(uint32_t mcause)
{
    print("FAIL: trap with mcause ");
    print_hex(mcause);
    print(" entered the wrong vector\n");
    exit(77);
}

static void pending_and_masked(void)
{
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, IRQ_MSIP);
    CHECK_EQUAL(*CLINT_MSIP, 0, "msip at reset");
    CHECK((csr_read(mip) & IRQ_MSIP) == 0, "mip.MSIP is set with msip = 0");
    *CLINT_MSIP = 1;
    CHECK_EQUAL(*CLINT_MSIP, 1, "msip after writing 1");
    CHECK(csr_read(mip) & IRQ_MSIP, "mip.MSIP is clear with msip = 1");
    CHECK_EQUAL(interrupts, 0, "interrupts taken while mstatus.MIE = 0");
    print("msip = 1 sets mip.MSIP; masked by mstatus.MIE = 0\n");

    uint32_t after;
    RUN_WITH_MIE(after, "");
    CHECK_EQUAL(interrupts, 1, "interrupts taken after setting mstatus.MIE");
    CHECK_EQUAL(last_cause, CAUSE_MACHINE_SOFTWARE, "mcause");
    CHECK_EQUAL(last_epc, after, "mepc (the instruction after the csrsi)");
    CHECK_EQUAL(*CLINT_MSIP, 0, "msip after the handler cleared it");
    CHECK((csr_read(mip) & IRQ_MSIP) == 0, "mip.MSIP is set after msip = 0");
    print("setting mstatus.MIE: mcause 0x80000003 before the next instruction\n");

    /* mie.MSIE = 0 masks it even with MIE set. */
    csr_write(mie, 0);
    csr_set(mstatus, MSTATUS_MIE);
    *CLINT_MSIP = 1;
    for (volatile int i = 0; i < 100; i++)
        ;
    CHECK_EQUAL(interrupts, 1, "interrupts taken while mie.MSIE = 0");
    *CLINT_MSIP = 0;
    csr_clear(mstatus, MSTATUS_MIE);
    print("mie.MSIE = 0: not taken\n");
}

static void user_function(void)
{
    for (volatile int i = 0; i < 10; i++)
        ;
}

/* In U mode, machine interrupts are enabled whatever mstatus.MIE says. */
static void taken_in_user_mode(void)
{
    /* The mret into U mode copies MPIE into MIE: clear both. */
    csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPIE);
    csr_write(mie, IRQ_MSIP);
    *CLINT_MSIP = 1;
    uint32_t before = interrupts;
    run_at_privilege(PRIV_LEVEL_U, user_function);
    CHECK_EQUAL(interrupts - before, 1, "interrupts taken in U mode with mstatus.MIE = 0");
    CHECK_EQUAL(last_epc, (uint32_t)(uintptr_t)user_function, "mepc (U mode's first instruction)");
    CHECK_EQUAL(last_from, PRIV_LEVEL_U, "mstatus.MPP");
    CHECK_EQUAL(last_mstatus & MSTATUS_MPIE, 0, "mstatus.MPIE (MIE in U mode)");
    csr_write(mie, 0);
    print("in U mode with mstatus.MIE = 0: taken at U's first instruction\n");
}

static void vectored_mode(void)
{
    uint32_t table = (uint32_t)(uintptr_t)vector_table;
    csr_write(mtvec, table | 1);
    CHECK_EQUAL(csr_read(mtvec), table | 1, "mtvec in vectored mode");

    __asm__ volatile("li a7, 0\n ecall" ::: "a7", "memory");
    CHECK_EQUAL(exceptions, 1, "exceptions taken");
    CHECK(vector_0_entered, "an ecall did not enter at the base of a vectored mtvec");
    print("vectored mtvec: ecall entered at base\n");

    csr_write(mie, IRQ_MSIP);
    uint32_t before = interrupts;
    *CLINT_MSIP = 1;
    csr_set(mstatus, MSTATUS_MIE);
    csr_clear(mstatus, MSTATUS_MIE);
    CHECK_EQUAL(interrupts - before, 1, "interrupts taken in vectored mode");
    CHECK(vector_3_entered, "the software interrupt did not enter at base + 12");
    print("vectored mtvec: software interrupt entered at base + 12\n");
    csr_write(mie, 0);
    csr_write(mtvec, (uint32_t)(uintptr_t)baremetal_trap_entry);
}

int main(void)
{
    pending_and_masked();
    taken_in_user_mode();
    vectored_mode();
    print("software interrupt: all checks passed\n");
    return 0;
}
