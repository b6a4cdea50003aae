/* Paging basics, seen from a guest kernel: user code runs in U mode through a 4 KiB
 * mapping beside identity-mapped kernel megapages; a load page fault on an unmapped page
 * is caught in S mode with scause 13 and stval = the address, the handler maps the page and
 * srets, and the load then succeeds; a store or an AMO to a read-only page gives 15 and a
 * fetch from a page without X gives 12; A and D appear in the PTE after a load and a store;
 * MPRV makes M-mode loads use the user mapping; SUM gates supervisor access to user pages;
 * and a PTE change becomes visible after sfence.vma. */
#include "paging.h"

#define USER_CODE_VA 0x40001000u
#define VA_DATA 0x40002000u        /* U R W */
#define VA_AD 0x40003000u          /* U R W, A and D clear until used */
#define VA_DEMAND 0x40004000u      /* unmapped until its first load faults */
#define VA_READ_ONLY 0x40005000u   /* U R */
#define VA_REMAPPED 0x40006000u    /* U R W, moved from one frame to another */
#define VA_KERNEL_ONLY 0x40007000u /* R W without U */
#define USER_CODE_ALIAS_VA 0x40008000u /* the user code page again */

enum { FRAME_DATA, FRAME_AD, FRAME_DEMAND, FRAME_READ_ONLY, FRAME_OLD, FRAME_NEW, FRAME_KERNEL,
       FRAMES };
/* volatile: user code and the MMU change them behind the compiler's back. */
static volatile uint32_t frames[FRAMES][PAGE_SIZE / 4] __attribute__((aligned(PAGE_SIZE)));
static pte_t *root;
static pte_t *other_root; /* maps the user code, VA_DATA and VA_REMAPPED (to FRAME_NEW) */

static uint32_t frame_address(unsigned frame)
{
    return (uint32_t)(uintptr_t)frames[frame];
}

static uint32_t user_load(uint32_t vaddr)
{
    return run_user(user_routine(USER_CODE_VA, user_load_word), vaddr, 0);
}

static uint32_t user_store(uint32_t vaddr, uint32_t value)
{
    return run_user(user_routine(USER_CODE_VA, user_store_word), vaddr, value);
}

/* Demand paging for VA_DEMAND only: map it on its first load fault and retry. */
bool page_fault_hook(uint32_t scause, uint32_t stval)
{
    if (scause != CAUSE_LOAD_PAGE_FAULT || stval != VA_DEMAND)
        return false;
    map_page(root, VA_DEMAND, frame_address(FRAME_DEMAND), PTE_U | PTE_R | PTE_W);
    sfence_vma_page(VA_DEMAND);
    return true;
}

static void expect_user_fault(uint32_t result, uint32_t scause, uint32_t stval, uint32_t sepc)
{
    CHECK_EQUAL(result, USER_FAULTED, "result of the faulting user code");
    CHECK_EQUAL(last_fault.cause, scause, "scause");
    CHECK_EQUAL(last_fault.tval, stval, "stval");
    CHECK_EQUAL(last_fault.epc, sepc, "sepc");
    CHECK_EQUAL(fault_from_user(), 1, "fault came from U mode");
}

static void user_code_loads_and_stores_through_the_mapping(void)
{
    frames[FRAME_DATA][0] = 0x11112222u;
    CHECK_EQUAL(user_load(VA_DATA), 0x11112222u, "user load");
    CHECK_EQUAL(user_store(VA_DATA + 4, 0x33334444u), 0, "user store");
    CHECK_EQUAL(frames[FRAME_DATA][1], 0x33334444u, "the frame after the user store");
    print("user mode: load and store through a 4 KiB mapping: ok\n");
}

static void accessed_and_dirty_bits_appear_in_the_pte(void)
{
    volatile pte_t *pte = leaf_pte(root, VA_AD);
    CHECK_EQUAL(*pte & (PTE_A | PTE_D), 0, "A and D before any access");
    user_load(VA_AD);
    CHECK_EQUAL(*pte & (PTE_A | PTE_D), PTE_A, "A and D after a load");
    user_store(VA_AD, 1);
    CHECK_EQUAL(*pte & (PTE_A | PTE_D), PTE_A | PTE_D, "A and D after a store");
    print("A/D: A set by the load, D set by the store\n");
}

static void load_page_fault_is_fixed_by_the_handler_and_retried(void)
{
    frames[FRAME_DEMAND][0] = 0xcafef00du;
    unsigned faults = last_fault.count;
    uint32_t value = user_load(VA_DEMAND);
    CHECK_EQUAL(last_fault.count, faults + 1, "page faults taken");
    CHECK_EQUAL(last_fault.cause, CAUSE_LOAD_PAGE_FAULT, "scause");
    CHECK_EQUAL(last_fault.tval, VA_DEMAND, "stval");
    CHECK_EQUAL(last_fault.epc, user_routine(USER_CODE_VA, user_load_word), "sepc");
    CHECK_EQUAL(value, 0xcafef00du, "value loaded after the fault was fixed");
    print("fault, recover: load page fault scause 13 stval ");
    print_hex(VA_DEMAND);
    print(", handler mapped the page, sret, load returned ");
    print_hex(value);
    print("\n");
}

static void store_to_a_read_only_page_faults_with_15(void)
{
    frames[FRAME_READ_ONLY][0] = 0x0badf00du;
    CHECK_EQUAL(user_load(VA_READ_ONLY), 0x0badf00du, "load from the read-only page");
    uint32_t result = user_store(VA_READ_ONLY, 0xffffffffu);
    expect_user_fault(result, CAUSE_STORE_PAGE_FAULT, VA_READ_ONLY,
                      user_routine(USER_CODE_VA, user_store_word));
    CHECK_EQUAL(frames[FRAME_READ_ONLY][0], 0x0badf00du, "the read-only frame");
    print("store to a read-only page: scause 15, stval ");
    print_hex(last_fault.tval);
    print("\n");
}

/* An AMO needs write permission: on a read-only page it is a store/AMO page fault. */
static void amo_on_a_read_only_page_faults_with_15(void)
{
    uint32_t amoadd = user_routine(USER_CODE_VA, user_amoadd_word);
    frames[FRAME_DATA][2] = 40;
    CHECK_EQUAL(run_user(amoadd, VA_DATA + 8, 2), 40, "old value returned by amoadd.w");
    CHECK_EQUAL(frames[FRAME_DATA][2], 42, "the word after amoadd.w");
    uint32_t result = run_user(amoadd, VA_READ_ONLY, 1);
    expect_user_fault(result, CAUSE_STORE_PAGE_FAULT, VA_READ_ONLY, amoadd);
    CHECK_EQUAL(frames[FRAME_READ_ONLY][0], 0x0badf00du, "the read-only frame");
    print("amoadd.w on a read-only page: scause 15, stval ");
    print_hex(last_fault.tval);
    print("\n");
}

static void fetch_from_a_page_without_x_faults_with_12(void)
{
    uint32_t result = run_user(user_routine(USER_CODE_VA, user_jump), VA_DATA, 0);
    expect_user_fault(result, CAUSE_FETCH_PAGE_FAULT, VA_DATA, VA_DATA);
    print("fetch from a page without X: scause 12, stval ");
    print_hex(last_fault.tval);
    print("\n");
}

static void user_access_to_a_supervisor_page_faults(void)
{
    /* The supervisor uses the page first: its translation, now cached, must not serve U. */
    frames[FRAME_KERNEL][0] = 0x5u;
    CHECK_EQUAL(supervisor_load(VA_KERNEL_ONLY), 0x5u, "S-mode load from a page without U");
    uint32_t result = user_load(VA_KERNEL_ONLY);
    expect_user_fault(result, CAUSE_LOAD_PAGE_FAULT, VA_KERNEL_ONLY,
                      user_routine(USER_CODE_VA, user_load_word));
    result = user_store(VA_KERNEL_ONLY, 1);
    expect_user_fault(result, CAUSE_STORE_PAGE_FAULT, VA_KERNEL_ONLY,
                      user_routine(USER_CODE_VA, user_store_word));
    print("user access to a page without U: scause 13 and 15\n");
}

static void supervisor_reaches_user_pages_only_with_sum(void)
{
    unsigned faults = last_fault.count;
    CHECK_EQUAL(supervisor_load(VA_DATA), SUPERVISOR_FAULTED, "S-mode load with SUM clear");
    CHECK_EQUAL(last_fault.count, faults + 1, "page faults taken");
    CHECK_EQUAL(last_fault.cause, CAUSE_LOAD_PAGE_FAULT, "scause");
    CHECK_EQUAL(last_fault.tval, VA_DATA, "stval");
    CHECK_EQUAL(fault_from_user(), 0, "fault came from U mode");
    csr_set(sstatus, MSTATUS_SUM);
    CHECK_EQUAL(supervisor_load(VA_DATA), 0x11112222u, "S-mode load with SUM set");
    csr_clear(sstatus, MSTATUS_SUM);
    print("supervisor access to a user page: faults with SUM clear, works with SUM set\n");
}

static void pte_change_is_visible_after_sfence_vma(void)
{
    frames[FRAME_OLD][0] = 0xaaaa0001u;
    frames[FRAME_NEW][0] = 0xbbbb0002u;
    CHECK_EQUAL(user_load(VA_REMAPPED), 0xaaaa0001u, "load through the first mapping");
    *leaf_pte(root, VA_REMAPPED) = pte_of(frame_address(FRAME_NEW), PTE_U | PTE_R | PTE_W);
    /* Without sfence.vma either frame is allowed: a TLB may still hold the old entry. */
    uint32_t before = user_load(VA_REMAPPED);
    if (before == 0xaaaa0001u)
        print("PTE changed, no sfence.vma yet: old frame still used (stale TLB entry)\n");
    else if (before == 0xbbbb0002u)
        print("PTE changed, no sfence.vma yet: new frame already used\n");
    else
        CHECK_EQUAL(before, 0xaaaa0001u, "load before sfence.vma");
    sfence_vma_page(VA_REMAPPED);
    CHECK_EQUAL(user_load(VA_REMAPPED), 0xbbbb0002u, "load after sfence.vma");
    print("sfence.vma: PTE change visible after sfence.vma\n");
}

/* A load whose address another load gave, run in turn in two address spaces that map its
 * page to different frames. (A translator that remembers where such a load found its page
 * last must check that the page is still there: each space's own TLB entry is a hit.) */
static void pointer_followed_in_two_address_spaces_reaches_each_ones_frame(void)
{
    uint32_t load_through = user_routine(USER_CODE_VA, user_load_through_pointer);
    *leaf_pte(root, VA_REMAPPED) = pte_of(frame_address(FRAME_OLD), PTE_U | PTE_R | PTE_W);
    sfence_vma_all();
    frames[FRAME_DATA][4] = VA_REMAPPED + 4;
    frames[FRAME_OLD][1] = 0xaaaa0003u;
    frames[FRAME_NEW][1] = 0xbbbb0004u;
    for (unsigned round = 0; round < 3; round++) {
        csr_write(satp, satp_of(root, 1));
        CHECK_EQUAL(run_user(load_through, VA_DATA + 16, 0), 0xaaaa0003u,
                    "load through a pointer in the first address space");
        csr_write(satp, satp_of(other_root, 2));
        CHECK_EQUAL(run_user(load_through, VA_DATA + 16, 0), 0xbbbb0004u,
                    "load through a pointer in the second address space");
    }
    csr_write(satp, satp_of(root, 1));
    print("pointer followed in two address spaces: each reaches its own frame\n");
}

/* One page of code at two virtual addresses: what runs through either mapping sees the
 * address it runs at, even where both mappings' routines jump to the same instruction.
 * (A translator that keeps a page's translated code for the address it first ran at must
 * not chain the second mapping's code into it.) */
static void code_mapped_twice_sees_the_address_it_runs_at(void)
{
    uint32_t where = user_routine(0, user_where_first) + 8; /* user_where: two jumps on */
    CHECK_EQUAL(run_user(user_routine(USER_CODE_VA, user_where_first), 0, 0), USER_CODE_VA + where,
                "auipc through the first mapping");
    CHECK_EQUAL(run_user(user_routine(USER_CODE_ALIAS_VA, user_where_second), 0, 0),
                USER_CODE_ALIAS_VA + where, "auipc through the second mapping");
    CHECK_EQUAL(run_user(user_routine(USER_CODE_VA, user_where_second), 0, 0), USER_CODE_VA + where,
                "auipc through the first mapping again");
    print("code mapped at two addresses: each mapping sees its own pc\n");
}

/* M mode with MPRV set and MPP = U: loads translate as U mode's would, while fetches stay
 * untranslated. Only the one lw runs with MPRV set, as every other access of this M-mode
 * code (its stack, its globals) would be translated too. */
static void machine_mode_loads_through_the_user_mapping_with_mprv(void)
{
    frames[FRAME_DATA][3] = 0x600dc0deu;
    csr_write(satp, satp_of(root, 1));
    sfence_vma_all();
    csr_clear(mstatus, MSTATUS_MPP); /* MPP = U */
    uint32_t value;
    __asm__ volatile("csrs mstatus, %[mprv]\n\tlw %[value], 0(%[address])\n\tcsrc mstatus, %[mprv]"
                     : [value] "=&r"(value)
                     : [mprv] "r"(MSTATUS_MPRV), [address] "r"(VA_DATA + 12)
                     : "memory");
    CHECK_EQUAL(value, 0x600dc0deu, "M-mode load with MPRV through the user mapping");
    print("M mode with MPRV and MPP=U: load through the user mapping: ok\n");
}

static void supervisor_main(void)
{
    print("paging: S mode with Sv32 on, satp ");
    print_hex(csr_read(satp));
    print("\n");
    user_code_loads_and_stores_through_the_mapping();
    accessed_and_dirty_bits_appear_in_the_pte();
    load_page_fault_is_fixed_by_the_handler_and_retried();
    store_to_a_read_only_page_faults_with_15();
    amo_on_a_read_only_page_faults_with_15();
    fetch_from_a_page_without_x_faults_with_12();
    user_access_to_a_supervisor_page_faults();
    supervisor_reaches_user_pages_only_with_sum();
    pte_change_is_visible_after_sfence_vma();
    pointer_followed_in_two_address_spaces_reaches_each_ones_frame();
    code_mapped_twice_sees_the_address_it_runs_at();
    print("paging basics: all checks passed\n");
    exit(0);
}

int main(void)
{
    root = page_table_alloc();
    map_kernel(root);
    map_page(root, USER_CODE_VA, (uint32_t)(uintptr_t)user_code_start, PTE_U | PTE_R | PTE_X);
    map_page(root, USER_CODE_ALIAS_VA, (uint32_t)(uintptr_t)user_code_start, PTE_U | PTE_R | PTE_X);
    map_page(root, VA_DATA, frame_address(FRAME_DATA), PTE_U | PTE_R | PTE_W);
    map_page(root, VA_AD, frame_address(FRAME_AD), PTE_U | PTE_R | PTE_W);
    *leaf_pte(root, VA_DEMAND) = 0; /* its level-0 table exists, the entry is invalid */
    map_page(root, VA_READ_ONLY, frame_address(FRAME_READ_ONLY), PTE_U | PTE_R);
    map_page(root, VA_REMAPPED, frame_address(FRAME_OLD), PTE_U | PTE_R | PTE_W);
    map_page(root, VA_KERNEL_ONLY, frame_address(FRAME_KERNEL), PTE_R | PTE_W);
    other_root = page_table_alloc();
    map_kernel(other_root);
    map_page(other_root, USER_CODE_VA, (uint32_t)(uintptr_t)user_code_start, PTE_U | PTE_R | PTE_X);
    map_page(other_root, VA_DATA, frame_address(FRAME_DATA), PTE_U | PTE_R | PTE_W);
    map_page(other_root, VA_REMAPPED, frame_address(FRAME_NEW), PTE_U | PTE_R | PTE_W);
    machine_mode_loads_through_the_user_mapping_with_mprv();
    enter_supervisor(satp_of(root, 1), supervisor_main);
}
