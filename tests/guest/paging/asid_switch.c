/* Two address spaces with different ASIDs map the same user address to different frames.
 * The kernel switches satp between them, round after round, and checks that user code
 * always reads and writes the frame of the address space it runs in. The ASIDs are used
 * for the first time, so no sfence.vma is needed between switches; a TLB without ASIDs
 * must flush on every switch instead (vmsim --tlb-no-asid does), which the statistics of
 * the ctest runs show. At the end, an sfence.vma for one ASID issued while the other is
 * current makes a PTE change visible in the flushed address space only. */
#include "paging.h"

#define ROUNDS 100 /* the ctest checks (CMakeLists.txt) count on this number */
#define ASID_A 1
#define ASID_B 2
#define USER_CODE_VA 0x40001000u
#define VA_SHARED 0x40002000u /* same address, different frame in each space */
#define VALUE_A 0xaaaa0000u
#define VALUE_B 0xbbbb0000u
#define VALUE_C 0xcccc0000u

static volatile uint32_t frame_a[PAGE_SIZE / 4] __attribute__((aligned(PAGE_SIZE)));
static volatile uint32_t frame_b[PAGE_SIZE / 4] __attribute__((aligned(PAGE_SIZE)));
static volatile uint32_t frame_c[PAGE_SIZE / 4] __attribute__((aligned(PAGE_SIZE)));
static pte_t *root_a, *root_b;

static uint32_t user_load(uint32_t vaddr)
{
    return run_user(user_routine(USER_CODE_VA, user_load_word), vaddr, 0);
}

static void user_store(uint32_t vaddr, uint32_t value)
{
    CHECK_EQUAL(run_user(user_routine(USER_CODE_VA, user_store_word), vaddr, value), 0,
                "user store");
}

static void switch_to(const pte_t *root, unsigned asid)
{
    csr_write(satp, satp_of(root, asid));
}

/* The kernel moves A's shared page to another frame while B runs, and flushes A's
 * translations with sfence.vma rs2 = ASID 1 from there: A must then see the new frame, B
 * its own as before. */
static void asid_specific_sfence_from_another_address_space(void)
{
    frame_c[0] = VALUE_C;
    *leaf_pte(root_a, VA_SHARED) = pte_of((uint32_t)(uintptr_t)frame_c, PTE_U | PTE_R | PTE_W);
    switch_to(root_a, ASID_A);
    uint32_t before = user_load(VA_SHARED);
    if (before == VALUE_A)
        print("asid: A's PTE changed, no sfence.vma yet: old frame still used (stale TLB entry)\n");
    else
        CHECK_EQUAL(before, VALUE_C, "user load in A before sfence.vma");
    switch_to(root_b, ASID_B);
    sfence_vma_asid(ASID_A);
    CHECK_EQUAL(user_load(VA_SHARED), VALUE_B, "user load in B after flushing A");
    switch_to(root_a, ASID_A);
    CHECK_EQUAL(user_load(VA_SHARED), VALUE_C, "user load in A after sfence.vma of ASID 1");
    print("asid: sfence.vma for ASID 1 issued in ASID 2: A sees its new frame, B its own\n");
}

static void supervisor_main(void)
{
    for (uint32_t round = 1; round <= ROUNDS; round++) {
        switch_to(root_a, ASID_A);
        CHECK_EQUAL(user_load(VA_SHARED), VALUE_A, "user load in address space A");
        user_store(VA_SHARED + 4, round);
        switch_to(root_b, ASID_B);
        CHECK_EQUAL(user_load(VA_SHARED), VALUE_B, "user load in address space B");
        user_store(VA_SHARED + 4, round + 1000);
        CHECK_EQUAL(frame_a[1], round, "the frame of A after A's store");
        CHECK_EQUAL(frame_b[1], round + 1000, "the frame of B after B's store");
    }
    print("asid: ");
    print_dec(ROUNDS);
    print(" rounds of satp switches between ASID 1 and ASID 2, right frame every time\n");
    asid_specific_sfence_from_another_address_space();
    print("asid: all checks passed\n");
    exit(0);
}

static pte_t *address_space(volatile uint32_t *frame)
{
    pte_t *root = page_table_alloc();
    map_kernel(root);
    map_page(root, USER_CODE_VA, (uint32_t)(uintptr_t)user_code_start, PTE_U | PTE_R | PTE_X);
    map_page(root, VA_SHARED, (uint32_t)(uintptr_t)frame, PTE_U | PTE_R | PTE_W);
    return root;
}

int main(void)
{
    frame_a[0] = VALUE_A;
    frame_b[0] = VALUE_B;
    root_a = address_space(frame_a);
    root_b = address_space(frame_b);
    enter_supervisor(satp_of(root_a, ASID_A), supervisor_main);
}
