/* The RISC-V privileged architecture as the kernel uses it: CSR access and small helpers
 * over the fields that riscv_spec.h names (status bits, the Sv32 page-table entry, causes). Everything here is a thin name for one
 * instruction or one bit, so the rest of the kernel reads like the spec. */
#ifndef OS_RISCV_H
#define OS_RISCV_H

#include "riscv_spec.h"
#include "types.h"

#define csr_read(csr)                                                                   \
    ({                                                                                  \
        uint32_t value_;                                                                \
        __asm__ volatile("csrr %0, " #csr : "=r"(value_));                              \
        value_;                                                                         \
    })
#define csr_write(csr, value) __asm__ volatile("csrw " #csr ", %0" ::"r"((uint32_t)(value)))
#define csr_set(csr, bits) __asm__ volatile("csrs " #csr ", %0" ::"r"((uint32_t)(bits)))
#define csr_clear(csr, bits) __asm__ volatile("csrc " #csr ", %0" ::"r"((uint32_t)(bits)))

#define PTE_LEAF_BITS (PTE_R | PTE_W | PTE_X)

typedef uint32_t pte_t;

#define PAGE_ROUND_DOWN(a) ((uint32_t)(a) & ~(PAGE_SIZE - 1))
#define PAGE_ROUND_UP(a) (((uint32_t)(a) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* Virtual address fields: VPN[1] = bits 31:22 (root index), VPN[0] = bits 21:12. */
#define VPN1(va) (((uint32_t)(va) >> 22) & 0x3ff)
#define VPN0(va) (((uint32_t)(va) >> 12) & 0x3ff)
#define PTE_FROM_PA(pa) (((uint32_t)(pa) >> 12) << 10)
#define PA_FROM_PTE(pte) (((uint32_t)(pte) >> 10) << 12)

#define ASID_COUNT ((uint32_t)SATP_ASID_COUNT)
#define MAKE_SATP(root, asid) (SATP_MODE_SV32 | ((uint32_t)(asid) << SATP_ASID_SHIFT) | ((uint32_t)(root) >> 12))

static inline void sfence_vma_all(void) { __asm__ volatile("sfence.vma zero, zero" ::: "memory"); }

/* Drops the translations of one address space: needed before an ASID is given to a new
 * address space, because the TLB may still hold entries tagged with it. */
static inline void sfence_vma_asid(uint32_t asid)
{
    __asm__ volatile("sfence.vma zero, %0" ::"r"(asid) : "memory");
}

/* Drops one page of one address space, after its PTE changed. */
static inline void sfence_vma_page(uint32_t va, uint32_t asid)
{
    __asm__ volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
}

static inline void interrupts_on(void) { csr_set(sstatus, MSTATUS_SIE); }
static inline void interrupts_off(void) { csr_clear(sstatus, MSTATUS_SIE); }
static inline void wait_for_interrupt(void) { __asm__ volatile("wfi"); }

/* The 64-bit `time` CSR read in two halves; the loop catches a carry between them. */
static inline uint64_t time_now(void)
{
    uint32_t high, low;
    do {
        high = csr_read(timeh);
        low = csr_read(time);
    } while (high != csr_read(timeh));
    return ((uint64_t)high << 32) | low;
}

#endif
