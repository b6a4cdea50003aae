/* The bare-metal runtime for vmsim guest programs (tests, benchmarks): a console on the
 * UART, exit through the test finisher, CSR access, and a C-level trap hook.
 * The same binaries run on qemu-system-riscv32 -M virt -bios none -kernel. */
#ifndef VMSIM_BAREMETAL_H
#define VMSIM_BAREMETAL_H

#include <stddef.h>
#include <stdint.h>

#include "machine_map.h"
#include "riscv_spec.h"
#include "trap_frame.h"

#define csr_read(name)                                                                        \
    ({                                                                                         \
        uint32_t value_;                                                                       \
        __asm__ volatile("csrr %0, " #name : "=r"(value_));                                    \
        value_;                                                                                \
    })
#define csr_write(name, value) __asm__ volatile("csrw " #name ", %0" ::"r"((uint32_t)(value)))
#define csr_set(name, bits) __asm__ volatile("csrs " #name ", %0" ::"r"((uint32_t)(bits)))
#define csr_clear(name, bits) __asm__ volatile("csrc " #name ", %0" ::"r"((uint32_t)(bits)))
/* A 64-bit counter read from its two halves (time and timeh, ...) so that the halves agree:
 * read again if the high half changed in between. */
#define csr_read64(low, high)                                                                 \
    ({                                                                                         \
        uint32_t high_, low_;                                                                  \
        do {                                                                                   \
            high_ = csr_read(high);                                                            \
            low_ = csr_read(low);                                                              \
        } while (high_ != csr_read(high));                                                     \
        ((uint64_t)high_ << 32) | low_;                                                        \
    })

/* Called for every M-mode trap taken through the runtime's vector. The default prints the
 * trap and fails the run with code 99; a program defines its own to handle traps. */
void baremetal_trap(struct trap_frame *frame);

/* Fails the run on a trap nobody expected: prints "unexpected M-mode trap: mcause ..." (for
 * `mode` 'M'; 'S' for a frame of the S-mode entry) with the frame's cause, epc, tval and
 * status, and exits with `code`. */
void fail_unexpected_trap(char mode, const struct trap_frame *frame, int code)
    __attribute__((noreturn));

/* Runs before main(): returns 0 to run main() in M mode, or a satp value to run it in S
 * mode with paging (programs/baremetal/paging.c provides one). */
uint32_t baremetal_before_main(void);

void putchar_uart(char c);
void print(const char *s);
void print_hex(uint32_t v);
void print_dec(int32_t v);
void print_udec64(uint64_t v);

/* Ends the run: 0 passes, anything else fails with that code. */
void exit(int code) __attribute__((noreturn));

/* Checks a condition; on failure prints the line and the message and exits with `line`. */
#define CHECK(condition, message)                                                             \
    do {                                                                                       \
        if (!(condition))                                                                      \
            check_failed(__LINE__, message);                                                   \
    } while (0)

/* Checks that two 32-bit values are equal; on failure prints both and exits with the line. */
#define CHECK_EQUAL(actual, expected, what)                                                   \
    do {                                                                                       \
        uint32_t actual_ = (uint32_t)(actual), expected_ = (uint32_t)(expected);               \
        if (actual_ != expected_)                                                              \
            check_equal_failed(__LINE__, what, actual_, expected_);                            \
    } while (0)

/* The failure halves of CHECK and CHECK_EQUAL: "FAIL line N: ..." and exit(N). */
void check_failed(int line, const char *message) __attribute__((noreturn));
void check_equal_failed(int line, const char *what, uint32_t actual, uint32_t expected)
    __attribute__((noreturn));

/* Word-at-a-time, as under the guest OS (src/os/common/memory.c). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);

#endif
