/* Page tables, entry into S mode, and the C half of the S-mode trap handler for the paging
 * test programs (the assembly half is in paging_entry.S). */
#include "paging.h"

#define PAGE_TABLE_POOL 8
#define KERNEL_RAM_MEGAPAGES 4
#define MEDELEG_PAGING ((1u << SCAUSE_USER_ECALL) | (1u << SCAUSE_FETCH_PAGE_FAULT) |           \
                        (1u << SCAUSE_LOAD_PAGE_FAULT) | (1u << SCAUSE_STORE_PAGE_FAULT))
#define SSTATUS_SPP (1u << 8)

static pte_t page_tables[PAGE_TABLE_POOL][1024] __attribute__((aligned(PAGE_SIZE)));
static unsigned page_tables_used;

/* The stack the S-mode trap handler runs on: sscratch points at its top. */
static uint8_t trap_stack[PAGE_SIZE] __attribute__((aligned(16)));

volatile struct fault_record last_fault;

void supervisor_trap_entry(void);
void user_return(uint32_t value) __attribute__((noreturn));

pte_t *page_table_alloc(void)
{
    if (page_tables_used == PAGE_TABLE_POOL) {
        print("FAIL: page-table pool exhausted\n");
        exit(90);
    }
    return page_tables[page_tables_used++]; /* .bss: already zero */
}

static uint32_t leaf(uint32_t paddr, uint32_t flags)
{
    return ((paddr >> 12) << 10) | flags | PTE_V;
}

void map_megapage(pte_t *root, uint32_t vaddr, uint32_t paddr, uint32_t flags)
{
    root[vaddr >> 22] = leaf(paddr, flags);
}

pte_t *leaf_pte(pte_t *root, uint32_t vaddr)
{
    pte_t *entry = &root[vaddr >> 22];
    if (!(*entry & PTE_V)) {
        pte_t *table = page_table_alloc();
        *entry = (((uint32_t)(uintptr_t)table >> 12) << 10) | PTE_V;
    }
    pte_t *table = (pte_t *)(uintptr_t)((*entry >> 10) << 12);
    return &table[(vaddr >> 12) & 0x3ff];
}

void map_page(pte_t *root, uint32_t vaddr, uint32_t paddr, uint32_t flags)
{
    *leaf_pte(root, vaddr) = leaf(paddr, flags);
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

void open_pmp(void)
{
    /* One NAPOT region over all of memory, RWX. */
    csr_write(pmpaddr0, 0xffffffffu);
    csr_write(pmpcfg0, 0x1f);
}

void enter_supervisor(uint32_t satp, void (*fn)(void))
{
    csr_write(medeleg, MEDELEG_PAGING);
    csr_write(mideleg, 0);
    csr_write(stvec, (uint32_t)(uintptr_t)supervisor_trap_entry);
    csr_write(sscratch, (uint32_t)(uintptr_t)(trap_stack + sizeof trap_stack));
    open_pmp();
    csr_write(satp, satp);
    sfence_vma_all();
    csr_clear(mstatus, MSTATUS_MPP_MASK);
    csr_set(mstatus, MSTATUS_MPP_S);
    csr_write(mepc, (uint32_t)(uintptr_t)fn);
    __asm__ volatile("mret");
    __builtin_unreachable();
}

void print_value(const char *label, uint32_t value)
{
    print(label);
    print(": ");
    print_hex(value);
    print("\n");
}

__attribute__((weak)) bool page_fault_hook(uint32_t scause, uint32_t stval)
{
    (void)scause, (void)stval;
    return false;
}

/* struct trap_frame as paging_entry.S fills it: mepc, mcause, mtval and mstatus hold
 * sepc, scause, stval and sstatus. */
void supervisor_trap(struct trap_frame *frame)
{
    uint32_t scause = frame->mcause;
    bool from_user = !(frame->mstatus & SSTATUS_SPP);
    if (scause == SCAUSE_USER_ECALL)
        user_return(frame->x[10]);
    if (scause == SCAUSE_FETCH_PAGE_FAULT || scause == SCAUSE_LOAD_PAGE_FAULT ||
        scause == SCAUSE_STORE_PAGE_FAULT) {
        last_fault.count++;
        last_fault.scause = scause;
        last_fault.stval = frame->mtval;
        last_fault.sepc = frame->mepc;
        last_fault.from_user = from_user;
        if (page_fault_hook(scause, frame->mtval))
            return; /* sret retries the instruction */
        if (from_user)
            user_return(USER_FAULTED);
        if (scause != SCAUSE_FETCH_PAGE_FAULT) {
            frame->mepc += 4; /* supervisor_load: skip the lw, keep the sentinel */
            return;
        }
    }
    print("FAIL: unexpected S-mode trap: scause ");
    print_hex(scause);
    print(" sepc ");
    print_hex(frame->mepc);
    print(" stval ");
    print_hex(frame->mtval);
    print("\n");
    exit(91);
}
