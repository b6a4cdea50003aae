/* The guest test library, shared by the guest-level test programs of every directory
 * (tests/guest, tests/paging): CSR bit names, the CLINT registers, running code at a lower
 * privilege level and coming back, an S-mode trap entry, and recording what traps were
 * taken. Checks (CHECK, CHECK_EQUAL) come with the runtime's baremetal.h.
 * The programs run unchanged on qemu-system-riscv32 -M virt -bios none. */
#ifndef VMSIM_GUEST_TEST_H
#define VMSIM_GUEST_TEST_H

#include <stdbool.h>

#include "baremetal.h"
#include "guest_defs.h"
#include "riscv_spec.h"

#define MPP_OF(mstatus) (((mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT)

#define IRQ_SSIP (1u << 1)
#define IRQ_MSIP (1u << 3)
#define IRQ_STIP (1u << 5)
#define IRQ_MTIP (1u << 7)


/* CLINT registers (hart 0). */
#define CLINT_MSIP ((volatile uint32_t *)(VMSIM_CLINT_BASE + 0x0000))
#define CLINT_MTIMECMP_LO ((volatile uint32_t *)(VMSIM_CLINT_BASE + 0x4000))
#define CLINT_MTIMECMP_HI ((volatile uint32_t *)(VMSIM_CLINT_BASE + 0x4004))
#define CLINT_MTIME_LO ((volatile uint32_t *)(VMSIM_CLINT_BASE + 0xbff8))
#define CLINT_MTIME_HI ((volatile uint32_t *)(VMSIM_CLINT_BASE + 0xbffc))

/* Addresses where nothing answers on vmsim's map or QEMU virt's (with 128 MiB of RAM). */
#define UNMAPPED_ADDRESS 0xf0000000u
#define PAST_RAM_ADDRESS 0x90000000u

/* Reads the 64-bit mtime consistently: the high word must not change across the read. */
uint64_t read_mtime(void);

/* Sets mtimecmp without passing through a value that would fire early. */
void write_mtimecmp(uint64_t deadline);

/* How late (in mtime ticks, 100 ns each) a timer interrupt may reach its handler for a
 * program to pass: 10 ms, because QEMU raises timer interrupts from a host timer that is
 * often a millisecond or more behind. On vmsim the trap entry alone accounts for the
 * lateness; the ctests check the worst lateness the programs print against a few ticks. */
#define TIMER_LATE_SLACK 100000

/* Checks that a timer interrupt seen at `fired_at` came neither before `deadline` nor more
 * than TIMER_LATE_SLACK ticks after it; returns how late it came. */
uint64_t check_on_time(uint64_t fired_at, uint64_t deadline);

/* check_on_time() for interrupt i of `count`, seen at fired_at[i], due at
 * first_deadline + i * period; returns the worst lateness. */
uint64_t check_periodic_interrupts(const volatile uint64_t *fired_at, unsigned count,
                                   uint64_t first_deadline, uint64_t period);

/* Runs fn at privilege `level` (PRIV_LEVEL_U, PRIV_LEVEL_S or PRIV_LEVEL_M) on the current stack, entered
 * with mret from M mode; returns in M mode when fn returns. */
void run_at_privilege(unsigned level, void (*fn)(void));

/* From S mode: sret into U mode at fn; when fn returns, the enclosing run_at_privilege()
 * returns. Does not return here. */
void supervisor_enter_user(void (*fn)(void)) __attribute__((noreturn));

/* From S mode: runs user code at `entry` (an address U mode may fetch from) with a0 and a1
 * until an S-mode trap handler ends the run with return_to_caller(); returns the value it
 * gives. The code cannot simply return: it ends with an ecall or a trap. */
uint32_t run_user(uint32_t entry, uint32_t a0, uint32_t a1);

/* For a trap handler of mode `level` (PRIV_LEVEL_M or PRIV_LEVEL_S): makes its trap return into the
 * caller of the newest run_at_privilege() or run_user(), at that level, which then returns
 * (run_user() with `value`). */
void return_to_caller(struct trap_frame *frame, unsigned level, uint32_t value);

/* The privilege level the caller runs at, found with an ecall (must reach M mode). */
unsigned current_privilege(void);

/* Called for each M-mode trap other than the requests of guest_defs.h. The default reports an
 * unexpected trap and fails the run; a program defines its own. */
void machine_trap(struct trap_frame *frame);

/* S-mode trap entry for stvec: the runtime's trap entry (trap_frame.h) with sepc, scause,
 * stval and sstatus in the frame's mepc, mcause, mtval and mstatus; it calls
 * supervisor_trap() and returns with sret. The default supervisor_trap() fails the run. */
void supervisor_trap_entry(void);
void supervisor_trap(struct trap_frame *frame);

/* What a trap handler saw last, and how many traps it has taken. */
struct trap_record {
    uint32_t count, cause, tval, epc, status;
};

/* Counts the trap in `frame` and keeps its cause, tval, epc and status. */
void record_trap(volatile struct trap_record *record, const struct trap_frame *frame);

/* The whole trap handler of a program that expects exceptions only: fails on an interrupt,
 * records the exception and resumes at the instruction after the one that took it. */
void record_exception_and_skip(volatile struct trap_record *record, struct trap_frame *frame);

/* Checks that the last trap in `record` had `cause`, `tval` and `epc`; a failure names the
 * registers of `mode` ('M': mcause, mtval, mepc; 'S': scause, ...) and the caller's line. */
#define CHECK_TRAP(record, mode, cause, tval, epc)                                            \
    check_trap(__LINE__, record, mode, cause, tval, epc)
void check_trap(int line, const volatile struct trap_record *record, char mode, uint32_t cause,
                uint32_t tval, uint32_t epc);

/* Where the instruction at label 90 of the last snippet run is, and whether the
 * instruction after it ran (1) or was skipped (0). */
extern volatile uint32_t snippet_at, snippet_resumed;

/* Defines a function, to run at any level, whose instruction at local label 90 is under
 * test; it may use a0, a7 and t0. */
#define SNIPPET(name, text)                                                                   \
    static void name(void)                                                                     \
    {                                                                                          \
        uint32_t at, resumed;                                                                  \
        __asm__ volatile("la %0, 90f\n"                                                        \
                         "li %1, 0\n" text "\n"                                                \
                         "li %1, 1\n"                                                          \
                         : "=&r"(at), "=&r"(resumed)                                           \
                         :                                                                     \
                         : "a0", "a7", "t0", "memory");                                        \
        snippet_at = at;                                                                       \
        snippet_resumed = resumed;                                                             \
    }

/* Sets mstatus.MIE, runs `text` (an instruction, or none) and clears MIE again at local
 * label 90, whose address goes to `after`: a machine interrupt taken right after `text`
 * (or right after MIE is set) has mepc = after. */
#define RUN_WITH_MIE(after, text)                                                             \
    __asm__ volatile("la %0, 90f\n"                                                            \
                     "csrsi mstatus, 8\n" text "\n"                                            \
                     "90: csrci mstatus, 8\n"                                                  \
                     : "=&r"(after)                                                            \
                     :                                                                         \
                     : "memory")

/* The encoding of csrr a0, csr (csrrs a0, csr, x0): what mtval holds when it traps. */
#define CSRR_A0(csr) (((uint32_t)(csr) << 20) | 0x2573u)

/* Prints "name: value\n" with value in hex. */
void print_named_hex(const char *name, uint32_t value);

#endif
