/* CSR bit fields and request codes shared by the C and assembly parts of the guest tests:
 * plain #defines without C suffixes, so the assembler can read them too. */
#ifndef VMSIM_GUEST_DEFS_H
#define VMSIM_GUEST_DEFS_H

/* Privilege levels as mstatus.MPP and the ecall causes (8 + level) encode them. */
#define LEVEL_U 0
#define LEVEL_S 1
#define LEVEL_M 3

#define MSTATUS_SIE (1 << 1)
#define MSTATUS_MIE (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP (1 << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP (3 << MSTATUS_MPP_SHIFT)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM (1 << 18)
#define MSTATUS_TVM (1 << 20)
#define MSTATUS_TW (1 << 21)
#define MSTATUS_TSR (1 << 22)

/* a7 values that the M-mode trap hook of guest_test.c recognises. */
#define REQUEST_RETURN_TO_MACHINE 0x5e7 /* with ebreak: end run_at_privilege() */
#define REQUEST_WHOAMI 0x3a1            /* with ecall: a0 = the caller's privilege level */

#endif
