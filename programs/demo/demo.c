/* The built-in demo of the README's first command: a bare-metal tour of what the machine
 * core does. It drops from M mode to U mode, makes a system call that traps back, takes
 * timer interrupts from the CLINT while sleeping in wfi, and ends through the finisher. */
#include "baremetal.h"

#define CLINT_MTIMECMP ((volatile uint64_t *)(VMSIM_CLINT_BASE + 0x4000))
#define CLINT_MTIME ((volatile uint64_t *)(VMSIM_CLINT_BASE + 0xbff8))
#define TICK (VMSIM_TIMEBASE_HZ / 100) /* 10 ms of guest time */
#define TICKS_WANTED 5

static volatile unsigned ticks;
static volatile int returned_from_user;

void baremetal_trap(struct trap_frame *f)
{
    if (f->mcause == (0x80000000u | 7)) {
        ticks++;
        print("  timer interrupt ");
        print_dec((int32_t)ticks);
        print(" at mtime ");
        print_udec64(*CLINT_MTIME);
        print("\n");
        *CLINT_MTIMECMP = *CLINT_MTIME + TICK;
        return;
    }
    if (f->mcause == 8) { /* ecall from U mode */
        print("  ecall from U mode: a0 = ");
        print_dec((int32_t)f->x[10]);
        print(", back in M mode\n");
        returned_from_user = 1;
        /* Resume in M mode after the call to enter_user_mode. */
        f->mepc = f->x[1];
        f->mstatus |= MSTATUS_MPP;
        return;
    }
    print("demo: unexpected trap ");
    print_hex(f->mcause);
    print("\n");
    exit(1);
}

static void user_code(void)
{
    __asm__ volatile("li a0, 42\n ecall");
    for (;;)
        ;
}

/* mret into user_code in U mode; the ecall handler returns to our caller. */
static void __attribute__((noinline)) enter_user_mode(void)
{
    csr_clear(mstatus, MSTATUS_MPP); /* MPP = U */
    csr_write(mepc, (uint32_t)user_code);
    __asm__ volatile("mret");
}

int main(void)
{
    print("vmsim demo: RV32IMA machine, misa ");
    print_hex(csr_read(misa));
    print("\n1. dropping to U mode with mret\n");
    enter_user_mode();
    if (!returned_from_user)
        return 2;

    print("2. sleeping in wfi, woken by CLINT timer interrupts\n");
    *CLINT_MTIMECMP = *CLINT_MTIME + TICK;
    csr_set(mie, MIE_MTIE);
    csr_set(mstatus, MSTATUS_MIE);
    while (ticks < TICKS_WANTED)
        __asm__ volatile("wfi");
    csr_clear(mie, MIE_MTIE);

    print("3. done: ");
    print_udec64(((uint64_t)csr_read(instreth) << 32) | csr_read(instret));
    print(" instructions retired; exiting through the test finisher\n");
    return 0;
}
