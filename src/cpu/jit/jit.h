/* The block translator: turns straight-line runs of guest instructions in RAM pages into
 * x86-64 host code and runs them, handing everything else to the interpreter (which stays
 * the reference). Only used while neither fetches nor data accesses are translated (paging
 * off), so the TLB model's counts are the interpreter's. See docs/machine-core.md. */
#ifndef VMSIM_CPU_JIT_JIT_H
#define VMSIM_CPU_JIT_JIT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/hart.h"

struct jit;

/* True where the translator can run (x86-64 Linux hosts). */
bool jit_available(void);

/* A translator for hart `h`, hooked into its decode cache's code-written hook; NULL when
 * unavailable or out of memory (the interpreter then runs alone). */
struct jit *jit_create(struct hart *h);
void jit_destroy(struct jit *jit);

/* cpu_run() with translated blocks: same contract, same steps, same results. */
enum cpu_stop jit_run(struct hart *h, uint64_t budget);

#endif
