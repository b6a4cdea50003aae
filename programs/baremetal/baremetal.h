/* The bare-metal runtime for vmsim guest programs (tests, benchmarks): a console on the
 * UART, exit through the test finisher, CSR access, and a C-level trap hook.
 * The same binaries run on qemu-system-riscv32 -M virt -bios none -kernel. */
#ifndef VMSIM_BAREMETAL_H
#define VMSIM_BAREMETAL_H

#include <stddef.h>
#include <stdint.h>

#include "machine_map.h"

#define csr_read(name)                                                                        \
    ({                                                                                         \
        uint32_t value_;                                                                       \
        __asm__ volatile("csrr %0, " #name : "=r"(value_));                                    \
        value_;                                                                                \
    })
#define csr_write(name, value) __asm__ volatile("csrw " #name ", %0" ::"r"((uint32_t)(value)))
#define csr_set(name, bits) __asm__ volatile("csrs " #name ", %0" ::"r"((uint32_t)(bits)))
#define csr_clear(name, bits) __asm__ volatile("csrc " #name ", %0" ::"r"((uint32_t)(bits)))

/* Registers saved by the trap entry; a handler may change them (mepc, a0, ...). */
struct trap_frame {
    uint32_t x[32];
    uint32_t mepc, mcause, mtval, mstatus;
};

/* Called for every M-mode trap taken through the runtime's vector. The default prints the
 * trap and fails the run with code 99; a program defines its own to handle traps. */
void baremetal_trap(struct trap_frame *frame);

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
        if (!(condition)) {                                                                    \
            print("FAIL line ");                                                               \
            print_dec(__LINE__);                                                               \
            print(": ");                                                                       \
            print(message);                                                                    \
            print("\n");                                                                       \
            exit(__LINE__);                                                                    \
        }                                                                                      \
    } while (0)

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif
