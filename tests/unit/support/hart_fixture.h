/* A small real machine for unit tests: a bus with 64 KiB of RAM at 0x80000000 and one hart
 * attached to it, reset to M mode at the start of RAM with trap vectors in RAM. Tests write
 * instruction words into RAM, set the hart's state directly, and run exact step counts. */
#ifndef VMSIM_TESTS_UNIT_HART_FIXTURE_H
#define VMSIM_TESTS_UNIT_HART_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu/hart.h"
#include "insn_encode.h"
#include "mmu/bus.h"

#define FIXTURE_RAM_BASE 0x80000000u
#define FIXTURE_RAM_SIZE 0x10000u
#define FIXTURE_CODE FIXTURE_RAM_BASE
/* mtvec and stvec point here; the handlers hold zero words (illegal instructions), so a
 * test that runs past the trap it expects ends in CPU_STOP_TRAP_LOOP, not silently. */
#define FIXTURE_M_HANDLER (FIXTURE_RAM_BASE + 0x4000)
#define FIXTURE_S_HANDLER (FIXTURE_RAM_BASE + 0x5000)
#define FIXTURE_DATA (FIXTURE_RAM_BASE + 0x8000)
/* Nothing is mapped here. */
#define FIXTURE_UNMAPPED 0x40000000u

struct hart_fixture {
    struct bus bus;
    struct hart hart;
};

/* cmocka setup and teardown: *state becomes a struct hart_fixture. */
int hart_fixture_setup(void **state);
int hart_fixture_teardown(void **state);

void fixture_write_words(struct hart_fixture *f, uint32_t address, const uint32_t *words,
                         size_t count);
void fixture_write_word(struct hart_fixture *f, uint32_t address, uint32_t value);
uint32_t fixture_read_word(struct hart_fixture *f, uint32_t address);

/* Writes the listed instruction words at FIXTURE_CODE. */
#define FIXTURE_PROGRAM(f, ...)                                                               \
    fixture_write_words((f), FIXTURE_CODE, (const uint32_t[]){__VA_ARGS__},                    \
                        sizeof((const uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t))

/* Runs exactly `steps` steps and checks that the hart used the whole budget. */
void fixture_run(struct hart_fixture *f, uint64_t steps);

/* Writes one instruction at FIXTURE_CODE, points the hart at it and runs one step. */
void fixture_run_one(struct hart_fixture *f, uint32_t word);

#endif
