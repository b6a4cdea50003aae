/* A small kernel toolkit for the paging test programs: Sv32 page tables built in M mode,
 * entry into S mode with paging on and page faults and user ecalls delegated, an S-mode
 * trap handler that records faults, and a way to run one piece of user code and get its
 * result back. The programs also run on qemu-system-riscv32 -M virt -bios none. */
#ifndef VMSIM_TESTS_PAGING_H
#define VMSIM_TESTS_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "baremetal.h"

/* Sv32 PTE:  | PPN[1] 31:20 | PPN[0] 19:10 | RSW 9:8 | D A G U X W R V | */
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)

#define PAGE_SIZE 4096u
#define MEGAPAGE_SIZE (1u << 22)

#define SATP_SV32 (1u << 31)
#define MSTATUS_MPP_MASK (3u << 11)
#define MSTATUS_MPP_S (1u << 11)
#define MSTATUS_MPRV (1u << 17)
#define SSTATUS_SUM (1u << 18)
#define SSTATUS_MXR (1u << 19)

#define SCAUSE_USER_ECALL 8u
#define SCAUSE_FETCH_PAGE_FAULT 12u
#define SCAUSE_LOAD_PAGE_FAULT 13u
#define SCAUSE_STORE_PAGE_FAULT 15u

typedef uint32_t pte_t;

static inline uint32_t satp_of(const pte_t *root, unsigned asid)
{
    return SATP_SV32 | ((uint32_t)asid << 22) | ((uint32_t)(uintptr_t)root >> 12);
}

static inline void sfence_vma_all(void)
{
    __asm__ volatile("sfence.vma zero, zero" ::: "memory");
}

static inline void sfence_vma_page(uint32_t vaddr)
{
    __asm__ volatile("sfence.vma %0, zero" ::"r"(vaddr) : "memory");
}

/* Flushes the non-global translations of one address space, whichever is current. */
static inline void sfence_vma_asid(unsigned asid)
{
    __asm__ volatile("sfence.vma zero, %0" ::"r"(asid) : "memory");
}

/* A zeroed, page-aligned page table from a static pool; exits if the pool runs out. */
pte_t *page_table_alloc(void);

/* Identity or not, as the caller says: a 4 MiB leaf in the root, or a 4 KiB leaf in a
 * level-0 table allocated on first use. V is added to `flags`. */
void map_megapage(pte_t *root, uint32_t vaddr, uint32_t paddr, uint32_t flags);
void map_page(pte_t *root, uint32_t vaddr, uint32_t paddr, uint32_t flags);

/* The level-0 PTE for vaddr (allocating its table), to inspect or rewrite it. */
pte_t *leaf_pte(pte_t *root, uint32_t vaddr);

/* The kernel's view, the same in every address space: identity megapages, global and
 * supervisor-only, over the first 16 MiB of RAM (RWX) and the two device regions holding
 * the UART and the test finisher (RW). A and D are preset so that kernel accesses never
 * write to these PTEs. */
void map_kernel(pte_t *root);

/* Lets S and U mode (and M mode with MPRV) access all memory through PMP entry 0: QEMU
 * checks PMP, vmsim has none. */
void open_pmp(void);

/* From M mode: delegates page faults and ecalls from U to S, installs the S-mode trap
 * handler, opens PMP (QEMU checks it), writes satp and mrets into fn in S mode. */
void enter_supervisor(uint32_t satp, void (*fn)(void)) __attribute__((noreturn));

/* The user code page: a few routines in one 4 KiB page (paging_entry.S) that the programs
 * map with U set at a user address of their choice. Each ends with an ecall that hands a0
 * back to run_user(). They use no stack. */
extern const char user_code_start[];
void user_load_word(void);  /* a0 = *(uint32_t *)a0 */
void user_store_word(void); /* *(uint32_t *)a0 = a1; a0 = 0 */
void user_jump(void);       /* jumps to a0: a fetch from there */
void user_amoadd_word(void); /* a0 = old *(uint32_t *)a0, which grows by a1 (AMO) */

/* The user address of one of the routines above when the page is mapped at `page_va`. */
static inline uint32_t user_routine(uint32_t page_va, void (*routine)(void))
{
    return page_va + (uint32_t)((uintptr_t)routine - (uintptr_t)user_code_start);
}

/* From S mode: runs user code at `entry` (a user virtual address) with a0 and a1 and
 * returns the a0 it passes to ecall, or USER_FAULTED if it took a trap that the fault hook
 * did not resolve (the fault record says which). */
#define USER_FAULTED 0xdeadfa17u
uint32_t run_user(uint32_t entry, uint32_t a0, uint32_t a1);

/* The last page fault the S-mode handler saw, and how many it has seen. */
struct fault_record {
    unsigned count;
    uint32_t scause, stval, sepc;
    bool from_user;
};
extern volatile struct fault_record last_fault;

/* Called by the S-mode handler for each page fault; returning true means "fixed, retry the
 * instruction". The default returns false: a user fault ends run_user() with USER_FAULTED,
 * a supervisor fault skips the faulting instruction (see supervisor_load). */
bool page_fault_hook(uint32_t scause, uint32_t stval);

/* An S-mode load that reports a page fault instead of dying: returns SUPERVISOR_FAULTED
 * when the load faulted (the handler skips it), the loaded word otherwise. */
#define SUPERVISOR_FAULTED 0x5ca1ab1eu
static inline uint32_t supervisor_load(uint32_t vaddr)
{
    uint32_t value;
    __asm__ volatile("li %0, %2\n\tlw %0, 0(%1)" : "=&r"(value) : "r"(vaddr), "i"(SUPERVISOR_FAULTED)
                     : "memory");
    return value;
}

/* Prints "label: value" with value in hex, and a line. */
void print_value(const char *label, uint32_t value);

/* Checks that two values are equal; on failure prints both and exits with the line. */
#define EXPECT_EQUAL(actual, expected, what)                                                  \
    do {                                                                                       \
        uint32_t actual_ = (uint32_t)(actual), expected_ = (uint32_t)(expected);               \
        if (actual_ != expected_) {                                                            \
            print("FAIL line ");                                                               \
            print_dec(__LINE__);                                                               \
            print(": ");                                                                       \
            print(what);                                                                       \
            print(" is ");                                                                     \
            print_hex(actual_);                                                                \
            print(", expected ");                                                              \
            print_hex(expected_);                                                              \
            print("\n");                                                                       \
            exit(__LINE__);                                                                    \
        }                                                                                      \
    } while (0)

#endif
