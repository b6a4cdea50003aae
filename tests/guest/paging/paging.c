/* Page tables, entry into S mode, and the S-mode trap handler of the paging test programs:
 * user ecalls and unresolved user faults end run_user(), page faults are recorded. */
#include "paging.h"

#define PAGE_TABLE_POOL 8
#define KERNEL_RAM_MEGAPAGES 4
#define MEDELEG_PAGING ((1u << CAUSE_USER_ECALL) | (1u << CAUSE_FETCH_PAGE_FAULT) |             \
                        (1u << CAUSE_LOAD_PAGE_FAULT) | (1u << CAUSE_STORE_PAGE_FAULT))

static pte_t page_tables[PAGE_TABLE_POOL][1024] __attribute__((aligned(PAGE_SIZE)));
static unsigned page_tables_used;

volatile struct trap_record last_fault;

pte_t *page_table_alloc(void)
{
    if (page_tables_used == PAGE_TABLE_POOL) {
        print("FAIL: page-table pool exhausted\n");
        exit(90);
    }
    return page_tables[page_tables_used++]; /* .bss: already zero */
}

void map_megapage(pte_t *root, uint32_t vaddr, uint32_t paddr, uint32_t flags)
{
    root[vaddr >> 22] = pte_of(paddr, flags);
}

pte_t *leaf_pte(pte_t *root, uint32_t vaddr)
{
    pte_t *entry = &root[vaddr >> 22];
    if (!(*entry & PTE_V))
        *entry = pte_of((uint32_t)(uintptr_t)page_table_alloc(), 0);
    pte_t *table = (pte_t *)(uintptr_t)pte_address(*entry);
    return &table[(vaddr >> 12) & 0x3ff];
}

void map_page(pte_t *root, uint32_t vaddr, uint32_t paddr, uint32_t flags)
{
    *leaf_pte(root, vaddr) = pte_of(paddr, flags);
}

void map_kernel(pte_t *root)
{
    const uint32_t kernel = PTE_G | PTE_A | PTE_D;
    for (uint32_t i = 0; i < KERNEL_RAM_MEGAPAGES; i++) {
        uint32_t address = VMSIM_RAM_BASE + i * MEGAPAGE_SIZE;
        map_megapage(root, address, address, PTE_R | PTE_W | PTE_X | kernel);
    }
    uint32_t uart = VMSIM_UART0_BASE & ~(MEGAPAGE_SIZE - 1);
    uint32_t finisher = VMSIM_FINISHER_BASE & ~(MEGAPAGE_SIZE - 1);
    map_megapage(root, uart, uart, PTE_R | PTE_W | kernel);
    map_megapage(root, finisher, finisher, PTE_R | PTE_W | kernel);
}

void enter_supervisor(uint32_t satp, void (*fn)(void))
{
    csr_write(medeleg, MEDELEG_PAGING);
    csr_write(mideleg, 0);
    csr_write(stvec, (uint32_t)(uintptr_t)supervisor_trap_entry);
    csr_write(satp, satp);
    sfence_vma_all();
    run_at_privilege(PRIV_LEVEL_S, fn);
    print("FAIL: the S-mode part returned instead of ending the run\n");
    exit(92);
}

__attribute__((weak)) bool page_fault_hook(uint32_t scause, uint32_t stval)
{
    (void)scause, (void)stval;
    return false;
}

void supervisor_trap(struct trap_frame *frame)
{
    uint32_t scause = frame->mcause;
    if (scause == CAUSE_USER_ECALL) {
        return_to_caller(frame, PRIV_LEVEL_S, frame->x[10]);
        return;
    }
    if (scause == CAUSE_FETCH_PAGE_FAULT || scause == CAUSE_LOAD_PAGE_FAULT ||
        scause == CAUSE_STORE_PAGE_FAULT) {
        record_trap(&last_fault, frame);
        if (page_fault_hook(scause, frame->mtval))
            return; /* sret retries the instruction */
        if (fault_from_user()) {
            return_to_caller(frame, PRIV_LEVEL_S, USER_FAULTED);
            return;
        }
        if (scause != CAUSE_FETCH_PAGE_FAULT) {
            frame->mepc += 4; /* supervisor_load: skip the lw, keep the sentinel */
            return;
        }
    }
    fail_unexpected_trap('S', frame, 91);
}
