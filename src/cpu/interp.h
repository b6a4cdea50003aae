/* The interpreter: the reference implementation of cpu_run(), and the translator's
 * fallback for everything it does not translate. */
#ifndef VMSIM_CPU_INTERP_H
#define VMSIM_CPU_INTERP_H

#include <stdint.h>

#include "cpu/hart.h"

/* cpu_run() by interpretation alone. */
enum cpu_stop cpu_interpret(struct hart *h, uint64_t budget);

#endif
