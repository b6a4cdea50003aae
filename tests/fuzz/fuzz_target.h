/* The two functions libFuzzer calls in a target (declared here because -Wall -Werror wants
 * a prototype, and libFuzzer ships no header for them). */
#ifndef VMSIM_TESTS_FUZZ_TARGET_H
#define VMSIM_TESTS_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

/* Once, before the first input: set up what every input reuses. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* One input: returns 0; a crash, an abort or a sanitizer report is a finding. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
