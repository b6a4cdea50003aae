/* Helpers shared by the guest-level test programs: CSR bit names, the CLINT registers,
 * running a function at a lower privilege level and coming back, and an S-mode trap entry.
 * The programs run unchanged on qemu-system-riscv32 -M virt -bios none. */
#ifndef VMSIM_GUEST_TEST_H
#define VMSIM_GUEST_TEST_H

#include <stdbool.h>

#include "baremetal.h"
#include "guest_defs.h"

#define MPP_OF(mstatus) (((mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT)

#define IRQ_SSIP (1u << 1)
#define IRQ_MSIP (1u << 3)
#define IRQ_STIP (1u << 5)
#define IRQ_MTIP (1u << 7)

#define CAUSE_INTERRUPT (1u << 31)
#define CAUSE_MISALIGNED_FETCH 0u
#define CAUSE_FETCH_ACCESS 1u
#define CAUSE_ILLEGAL_INSTRUCTION 2u
#define CAUSE_BREAKPOINT 3u
#define CAUSE_MISALIGNED_LOAD 4u
#define CAUSE_LOAD_ACCESS 5u
#define CAUSE_MISALIGNED_STORE 6u
#define CAUSE_STORE_ACCESS 7u
#define CAUSE_USER_ECALL 8u
#define CAUSE_SUPERVISOR_ECALL 9u
#define CAUSE_MACHINE_ECALL 11u
#define CAUSE_MACHINE_SOFTWARE (CAUSE_INTERRUPT | 3u)
#define CAUSE_SUPERVISOR_TIMER (CAUSE_INTERRUPT | 5u)
#define CAUSE_MACHINE_TIMER (CAUSE_INTERRUPT | 7u)

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

/* Runs fn at privilege `level` (LEVEL_U, LEVEL_S or LEVEL_M) on the current stack, entered
 * with mret; returns in M mode when fn returns. PMP is opened first so that the lower levels
 * may touch all memory (QEMU enforces PMP; vmsim does not check it). */
void run_at_privilege(unsigned level, void (*fn)(void));

/* From S mode: sret into U mode at fn; when fn returns, the enclosing run_at_privilege()
 * returns. Does not return here. */
void supervisor_enter_user(void (*fn)(void)) __attribute__((noreturn));

/* The privilege level the caller runs at, found with an ecall (must reach M mode). */
unsigned current_privilege(void);

/* Called for each M-mode trap other than the requests of guest_defs.h. The default reports an
 * unexpected trap and fails the run; a program defines its own. */
void machine_trap(struct trap_frame *frame);

/* S-mode trap entry for stvec: saves every register in a struct trap_frame whose mepc,
 * mcause, mtval and mstatus fields hold sepc, scause, stval and sstatus, calls
 * supervisor_trap(), restores (sepc and sstatus from the frame) and returns with sret. */
void supervisor_trap_entry(void);
void supervisor_trap(struct trap_frame *frame);

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

/* The encoding of csrr a0, csr (csrrs a0, csr, x0): what mtval holds when it traps. */
#define CSRR_A0(csr) (((uint32_t)(csr) << 20) | 0x2573u)

/* Prints "name: value\n" with value in hex. */
void print_named_hex(const char *name, uint32_t value);

/* Checks that two 32-bit values are equal; on failure prints both and exits with the line. */
#define CHECK_EQUAL(actual, expected, what)                                                   \
    do {                                                                                       \
        uint32_t actual_ = (uint32_t)(actual), expected_ = (uint32_t)(expected);               \
        if (actual_ != expected_) {                                                            \
            print("FAIL line ");                                                               \
            print_dec(__LINE__);                                                               \
            print(": ");                                                                       \
            print(what);                                                                       \
            print(" is ");                                                                     \
            print_hex(actual_);                                                                \
            print(", expected ");                                                              \
            print_hex(expected_);                                                              \
            print("\n");                                                                       \
            exit(__LINE__);                                                                    \
        }                                                                                      \
    } while (0)

#endif
