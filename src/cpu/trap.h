/* Trap entry and return: the one place where exceptions and interrupts change privilege,
 * with delegation through medeleg/mideleg as the privileged spec describes. */
#ifndef VMSIM_CPU_TRAP_H
#define VMSIM_CPU_TRAP_H

#include <stdint.h>

struct hart;

/* Takes a trap at h->pc: `cause` is a CAUSE_* value (interrupts carry CAUSE_INTERRUPT),
 * `tval` goes to mtval/stval. Picks M or S mode by delegation and jumps to the vector. */
void trap_take(struct hart *h, uint32_t cause, uint32_t tval);

/* mret and sret. The caller has checked that the instruction is legal here. */
void trap_return_from_machine(struct hart *h);
void trap_return_from_supervisor(struct hart *h);

/* Observers for tracing: called after every trap entry when set. */
typedef void (*trap_observer_fn)(void *opaque, const struct hart *h, uint32_t cause,
                                 uint32_t tval, uint32_t from_pc, unsigned from_priv);
void trap_set_observer(struct hart *h, trap_observer_fn fn, void *opaque);

#endif
