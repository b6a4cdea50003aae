/* The kernel's page table and page-table mechanics. The kernel sees RAM and devices at
 * their physical addresses through megapages (one root entry each) marked global, so
 * the same entries appear in every address space and survive every ASID switch; user
 * mappings are 4 KiB pages under level-1 tables that belong to one address space. */
#include "vm.h"

#include "kalloc.h"
#include "memlayout.h"
#include "printf.h"
#include "string.h"

#define ROOT_ENTRIES 1024

/* The root table of no process: the kernel mappings only. */
static pte_t kernel_root[ROOT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

/* A and D are preset: the kernel does not track them for its own pages, and the walk
 * then never needs to write them back. */
static void map_kernel_megapage(uint32_t address, uint32_t flags)
{
    kernel_root[VPN1(address)] = PTE_FROM_PA(address & ~(MEGAPAGE_SIZE - 1)) | flags | PTE_V | PTE_G |
                                 PTE_A | PTE_D;
}

void vm_init(void)
{
    /* The finisher's megapage, the PLIC (6 MiB: two megapages) and the megapage holding
     * the UART, virtio disk, framebuffer, keyboard and annotation device. */
    map_kernel_megapage(VMSIM_FINISHER_BASE, PTE_R | PTE_W);
    for (uint32_t a = VMSIM_PLIC_BASE; a < VMSIM_PLIC_BASE + VMSIM_PLIC_SIZE; a += MEGAPAGE_SIZE)
        map_kernel_megapage(a, PTE_R | PTE_W);
    map_kernel_megapage(VMSIM_UART0_BASE, PTE_R | PTE_W);
    /* All of RAM, so the kernel can reach every physical page (page tables, user pages)
     * at its own address. Counted by offset: near the top of the address space the end
     * of the last megapage wraps to 0. */
    for (uint32_t offset = 0; offset < RAM_END - VMSIM_RAM_BASE; offset += MEGAPAGE_SIZE)
        map_kernel_megapage(VMSIM_RAM_BASE + offset, PTE_R | PTE_W | PTE_X);
    csr_write(satp, vm_kernel_satp());
    sfence_vma_all();
}

uint32_t vm_kernel_satp(void)
{
    return MAKE_SATP(kernel_root, 0);
}

pte_t *vm_create_root(void)
{
    pte_t *root = page_alloc();
    if (root)
        memcpy(root, kernel_root, PAGE_SIZE);
    return root;
}

static bool is_user_root_index(uint32_t index)
{
    return index >= VPN1(USER_BASE) && index <= VPN1(USER_TOP - 1);
}

pte_t *vm_walk(pte_t *root, uint32_t va, bool create)
{
    if (va < USER_BASE || va >= USER_TOP)
        panic("vm_walk: %p is not a user address", (void *)va);
    pte_t *entry = &root[VPN1(va)];
    if (!(*entry & PTE_V)) {
        if (!create)
            return NULL;
        pte_t *table = page_alloc();
        if (!table)
            return NULL;
        *entry = PTE_FROM_PA(table) | PTE_V; /* R = W = X = 0: a pointer to the next level */
    }
    pte_t *table = (pte_t *)PA_FROM_PTE(*entry);
    return &table[VPN0(va)];
}

bool vm_map_page(pte_t *root, uint32_t va, uint32_t pa, uint32_t flags)
{
    pte_t *pte = vm_walk(root, va, true);
    if (!pte)
        return false;
    if (*pte & PTE_V)
        panic("vm_map_page: %p is already mapped", (void *)va);
    *pte = PTE_FROM_PA(pa) | flags | PTE_V;
    return true;
}

void vm_free_root(pte_t *root)
{
    for (uint32_t i = 0; i < ROOT_ENTRIES; i++) {
        if (!is_user_root_index(i) || !(root[i] & PTE_V))
            continue;
        pte_t *table = (pte_t *)PA_FROM_PTE(root[i]);
        for (uint32_t j = 0; j < ROOT_ENTRIES; j++)
            if ((table[j] & PTE_V) && page_is_managed(PA_FROM_PTE(table[j]))) /* not the pixels */
                page_free((void *)PA_FROM_PTE(table[j])); /* one reference: others may share it */
        page_free(table);
    }
    page_free(root);
}
