/* What the RISC-V privileged specification fixes, named once for everyone who needs it: the
 * emulator (src/cpu, src/mmu, src/trace), the guest kernel (src/os) and bare-metal guest
 * code (programs/, tests/). Trap causes and their names, the CSR bit fields (mstatus,
 * mip/mie, satp, menvcfgh, mcounteren), privilege levels, and the Sv32 page-table entry and
 * page sizes. Macros usable from C and assembly; the enum and the function are C only. */
#ifndef VMSIM_RISCV_SPEC_H
#define VMSIM_RISCV_SPEC_H

/* A single-bit field: unsigned in C (bit 31 must not overflow an int), plain for the
 * assembler, which has no integer suffixes. */
#ifdef __ASSEMBLER__
#define RISCV_BIT(n) (1 << (n))
#else
#define RISCV_BIT(n) (1u << (n))
#endif

/* Privilege levels as mstatus.MPP encodes them (and ecall causes: 8 + level). */
#define PRIV_LEVEL_U 0
#define PRIV_LEVEL_S 1
#define PRIV_LEVEL_M 3

/* mstatus (RV32); sstatus is a view of the same register, so its fields keep these bits:
 *  31 | 22  21  20  19  18   17  | 12:11 | 8   7    5    3   1
 *  SD | TSR TW  TVM MXR SUM MPRV |  MPP  | SPP MPIE SPIE MIE SIE
 */
#define MSTATUS_SIE RISCV_BIT(1)
#define MSTATUS_MIE RISCV_BIT(3)
#define MSTATUS_SPIE RISCV_BIT(5)
#define MSTATUS_MPIE RISCV_BIT(7)
#define MSTATUS_SPP RISCV_BIT(8) /* previous mode: 1 = S, 0 = U */
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP (3 << MSTATUS_MPP_SHIFT)
#define MSTATUS_MPRV RISCV_BIT(17)
#define MSTATUS_SUM RISCV_BIT(18)
#define MSTATUS_MXR RISCV_BIT(19)
#define MSTATUS_TVM RISCV_BIT(20)
#define MSTATUS_TW RISCV_BIT(21)
#define MSTATUS_TSR RISCV_BIT(22)

/* mip / mie (and sip / sie, mideleg): one bit per interrupt, at its cause number. The
 * pending bits are *IP, the enable bits *IE. */
#define MIP_SSIP RISCV_BIT(1)
#define MIP_MSIP RISCV_BIT(3)
#define MIP_STIP RISCV_BIT(5)
#define MIP_MTIP RISCV_BIT(7)
#define MIP_SEIP RISCV_BIT(9)
#define MIP_MEIP RISCV_BIT(11)
#define MIE_SSIE MIP_SSIP
#define MIE_MSIE MIP_MSIP
#define MIE_STIE MIP_STIP
#define MIE_MTIE MIP_MTIP
#define MIE_SEIE MIP_SEIP
#define MIE_MEIE MIP_MEIP

/* menvcfgh.STCE (menvcfg bit 63) enables Sstc's stimecmp for S mode. */
#define MENVCFGH_STCE RISCV_BIT(31)
/* mcounteren / scounteren: CY, TM, IR let the next level down read cycle, time, instret. */
#define COUNTEREN_CY RISCV_BIT(0)
#define COUNTEREN_TM RISCV_BIT(1)
#define COUNTEREN_IR RISCV_BIT(2)

/* satp (Sv32): MODE(31) | ASID(30:22) | PPN of the root table (21:0). */
#define SATP_MODE_SV32 RISCV_BIT(31)
#define SATP_ASID_SHIFT 22
#define SATP_ASID_MASK 0x1ff
#define SATP_ASID_COUNT 512
#define SATP_PPN_MASK 0x003fffff

/* mcause / scause: the top bit marks an interrupt; the rest is its number. */
#define CAUSE_INTERRUPT (1u << 31)
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_USER_ECALL 8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_MACHINE_ECALL 11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15
#define CAUSE_SUPERVISOR_SOFTWARE (CAUSE_INTERRUPT | 1)
#define CAUSE_MACHINE_SOFTWARE (CAUSE_INTERRUPT | 3)
#define CAUSE_SUPERVISOR_TIMER (CAUSE_INTERRUPT | 5)
#define CAUSE_MACHINE_TIMER (CAUSE_INTERRUPT | 7)
#define CAUSE_SUPERVISOR_EXTERNAL (CAUSE_INTERRUPT | 9)
#define CAUSE_MACHINE_EXTERNAL (CAUSE_INTERRUPT | 11)

/* Sv32 page-table entry:
 *
 *   31         20 19         10 9   8 7 6 5 4 3 2 1 0
 *  +-------------+-------------+-----+-+-+-+-+-+-+-+-+
 *  |   PPN[1]    |   PPN[0]    | RSW |D|A|G|U|X|W|R|V|
 *  +-------------+-------------+-----+-+-+-+-+-+-+-+-+
 *
 * R, W and X all clear means "pointer to the next level". */
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12
#define MEGAPAGE_SIZE (1u << 22) /* what one Sv32 root entry maps */

#ifndef __ASSEMBLER__
#include <stdint.h>

enum privilege { PRIV_U = PRIV_LEVEL_U, PRIV_S = PRIV_LEVEL_S, PRIV_M = PRIV_LEVEL_M };

/* A cause in words, as a person reads it in a trace or a kernel message. */
static inline const char *riscv_cause_name(uint32_t cause)
{
    if (cause & CAUSE_INTERRUPT) {
        switch (cause) {
        case CAUSE_SUPERVISOR_SOFTWARE: return "supervisor software interrupt";
        case CAUSE_MACHINE_SOFTWARE: return "machine software interrupt";
        case CAUSE_SUPERVISOR_TIMER: return "supervisor timer interrupt";
        case CAUSE_MACHINE_TIMER: return "machine timer interrupt";
        case CAUSE_SUPERVISOR_EXTERNAL: return "supervisor external interrupt";
        case CAUSE_MACHINE_EXTERNAL: return "machine external interrupt";
        default: return "interrupt";
        }
    }
    switch (cause) {
    case CAUSE_MISALIGNED_FETCH: return "misaligned instruction fetch";
    case CAUSE_FETCH_ACCESS: return "instruction access fault";
    case CAUSE_ILLEGAL_INSTRUCTION: return "illegal instruction";
    case CAUSE_BREAKPOINT: return "breakpoint";
    case CAUSE_MISALIGNED_LOAD: return "misaligned load";
    case CAUSE_LOAD_ACCESS: return "load access fault";
    case CAUSE_MISALIGNED_STORE: return "misaligned store";
    case CAUSE_STORE_ACCESS: return "store access fault";
    case CAUSE_USER_ECALL: return "ecall from U mode";
    case CAUSE_SUPERVISOR_ECALL: return "ecall from S mode";
    case CAUSE_MACHINE_ECALL: return "ecall from M mode";
    case CAUSE_FETCH_PAGE_FAULT: return "instruction page fault";
    case CAUSE_LOAD_PAGE_FAULT: return "load page fault";
    case CAUSE_STORE_PAGE_FAULT: return "store page fault";
    default: return "exception";
    }
}
#endif

#endif
