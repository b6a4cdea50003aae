/* Request codes shared by the C and assembly parts of the guest tests, with the CSR
 * fields of riscv_spec.h (plain numbers for the assembler there too). */
#ifndef VMSIM_GUEST_DEFS_H
#define VMSIM_GUEST_DEFS_H

#include "riscv_spec.h"

/* a7 values that the M-mode trap hook of guest_test.c recognises. */
#define REQUEST_RETURN_TO_MACHINE 0x5e7 /* with ebreak: end run_at_privilege() */
#define REQUEST_WHOAMI 0x3a1            /* with ecall: a0 = the caller's privilege level */

#endif
