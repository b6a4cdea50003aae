/* A small kernel toolkit for the paging test programs, on top of the guest test library
 * (tests/guest/common): Sv32 page tables built in M mode, entry into S mode with paging on
 * and page faults and user ecalls delegated, an S-mode trap handler that records faults,
 * and user code that run_user() runs to get one result back. The programs also run on
 * qemu-system-riscv32 -M virt -bios none. */
#ifndef VMSIM_TESTS_PAGING_H
#define VMSIM_TESTS_PAGING_H

#include "guest_test.h"
#include "sv32.h"

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

/* From M mode: delegates page faults and ecalls from U to S, installs the S-mode trap
 * entry, writes satp and runs fn in S mode, which must end the run with exit(). */
void enter_supervisor(uint32_t satp, void (*fn)(void)) __attribute__((noreturn));

/* The user code page: a few routines in one 4 KiB page (user_code.S) that the programs
 * map with U set at a user address of their choice, to run with run_user(). Each ends with
 * an ecall that hands a0 back to run_user(). They use no stack. */
extern const char user_code_start[];
void user_load_word(void);  /* a0 = *(uint32_t *)a0 */
void user_store_word(void); /* *(uint32_t *)a0 = a1; a0 = 0 */
void user_load_through_pointer(void); /* a0 = **(uint32_t **)a0 */
void user_jump(void);       /* jumps to a0: a fetch from there */
void user_amoadd_word(void); /* a0 = old *(uint32_t *)a0, which grows by a1 (AMO) */
/* Both jump to the same instruction in the page, which returns its own (virtual) address. */
void user_where_first(void);
void user_where_second(void);

/* The user address of one of the routines above when the page is mapped at `page_va`. */
static inline uint32_t user_routine(uint32_t page_va, void (*routine)(void))
{
    return page_va + (uint32_t)((uintptr_t)routine - (uintptr_t)user_code_start);
}

/* What run_user() returns when the user code took a trap that the fault hook did not
 * resolve (the fault record says which). */
#define USER_FAULTED 0xdeadfa17u

/* The last page fault the S-mode handler saw (scause, stval, sepc, sstatus), and how many
 * it has seen. */
extern volatile struct trap_record last_fault;

/* Whether the last page fault came from U mode (sstatus.SPP clear). */
static inline bool fault_from_user(void)
{
    return (last_fault.status & MSTATUS_SPP) == 0;
}

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

#endif
