/* Swapping: the swap area after the file system (abi/swap_format.h), its slots, and
 * moving pages between frames and slots. The replacement policies (swap_policy.c) only
 * choose; everything that changes a PTE or touches the disk is here. */
#include "swap.h"

#include "abi/fs_format.h"
#include "abi/kernel_options.h"
#include "abi/pte_software.h"
#include "abi/swap_format.h"
#include "annotate.h"
#include "boot_args.h"
#include "devices/annotation.h"
#include "fs.h"
#include "kalloc.h"
#include "printf.h"
#include "string.h"
#include "swap_policy.h"
#include "virtio_disk.h"
#include "vm.h"

#define SECTORS_PER_SLOT (SWAP_PAGE_SIZE / 512u)
/* Below LOW_WATER free frames a page fault first moves pages out, up to HIGH_WATER free:
 * a batch at a time, so a policy's pass over the resident pages serves several faults,
 * and a few frames stay free for page tables and fork. */
#define LOW_WATER 8u
#define HIGH_WATER 32u

struct swap_counters swap_counters;

static const struct swap_policy *policy = &swap_policy_clock;
static uint32_t limit_slots = SWAP_MAX_SLOTS; /* kernel option swap=MIB */
static uint64_t first_slot_sector;
static uint32_t slots_total, slots_used, next_slot;
static uint8_t slot_refs[SWAP_MAX_SLOTS]; /* PTEs that hold each slot (0: free) */

bool swap_select_policy(const char *name)
{
    const struct swap_policy *p = swap_policy_named(name);
    if (!p)
        return false;
    policy = p;
    return true;
}

const char *swap_policy_name(void)
{
    return policy->name;
}

bool swap_set_limit(const char *mib)
{
    uint32_t n;
    if (!boot_option_number(mib, 0, KERNEL_SWAP_MAX_MIB, &n))
        return false;
    limit_slots = n * (1024u * 1024u / SWAP_PAGE_SIZE);
    return true;
}

/* Why the header cannot be used, or NULL if it is sound. */
static const char *header_problem(const struct swap_header *h, uint64_t slots_on_disk)
{
    if (h->magic != SWAP_MAGIC)
        return "no swap signature";
    if (h->version != SWAP_VERSION)
        return "unknown version";
    if (h->check != swap_header_check(h))
        return "header checksum wrong";
    if (h->slots == 0 || h->slots > SWAP_MAX_SLOTS || h->slots > slots_on_disk)
        return "more slots than the disk holds";
    return NULL;
}

void swap_init(void)
{
    uint32_t fs_blocks = fs_size_blocks();
    if (!fs_blocks)
        return; /* no file system: fs_mount said why */
    uint64_t start = (uint64_t)fs_blocks * FS_SECTORS_PER_BLOCK;
    uint64_t sectors = disk_sectors();
    if (sectors < start + 2 * SECTORS_PER_SLOT) {
        if (!boot_quiet)
            kprintf("swap: none (the disk ends with the file system)\n");
        return;
    }
    struct swap_header *h = page_alloc();
    if (!h)
        return;
    bool read = disk_transfer(start, h, SECTORS_PER_SLOT, false);
    bool blank = read && h->magic == 0 && h->version == 0 && h->slots == 0 && h->check == 0;
    const char *problem = !read ? "cannot read its header" : header_problem(h, (sectors - start) / SECTORS_PER_SLOT - 1);
    uint32_t slots = h->slots;
    page_free(h);
    if (blank) {
        if (!boot_quiet)
            kprintf("swap: none (no swap area after the file system)\n");
        return;
    }
    if (problem) {
        kprintf("swap: the swap area after the file system is damaged (%s); running without swap\n", problem);
        return;
    }
    first_slot_sector = start + SECTORS_PER_SLOT;
    slots_total = slots < limit_slots ? slots : limit_slots;
    if (boot_quiet)
        return;
    if (slots_total < slots)
        kprintf("swap: %u KiB of the %u KiB swap area (swap=), replacement policy %s\n",
                (unsigned)slots_total * 4, (unsigned)slots * 4, policy->name);
    else
        kprintf("swap: %u KiB after the file system, replacement policy %s\n", (unsigned)slots_total * 4,
                policy->name);
}

uint32_t swap_slots_total(void)
{
    return slots_total;
}

uint32_t swap_slots_used(void)
{
    return slots_used;
}

static bool slot_alloc(uint32_t *slot)
{
    if (slots_used == slots_total)
        return false;
    for (uint32_t tried = 0; tried < slots_total; tried++) {
        uint32_t s = next_slot;
        next_slot = next_slot + 1 == slots_total ? 0 : next_slot + 1;
        if (slot_refs[s] == 0) {
            slot_refs[s] = 1;
            slots_used++;
            *slot = s;
            return true;
        }
    }
    return false;
}

static void slot_drop(uint32_t slot)
{
    if (slot >= slots_total || slot_refs[slot] == 0)
        panic("swap: slot %u is not in use", (unsigned)slot);
    if (--slot_refs[slot] == 0)
        slots_used--;
}

static bool slot_transfer(uint32_t slot, void *page, bool write)
{
    return disk_transfer(first_slot_sector + (uint64_t)slot * SECTORS_PER_SLOT, page, SECTORS_PER_SLOT, write);
}

void swap_slot_share(pte_t pte)
{
    uint32_t slot = pte >> PTE_SWAP_SLOT_SHIFT;
    if (slot >= slots_total || slot_refs[slot] == 0 || slot_refs[slot] == 0xff)
        panic("swap_slot_share: slot %u has %u references", (unsigned)slot,
              (unsigned)(slot < slots_total ? slot_refs[slot] : 0));
    slot_refs[slot]++;
}

void swap_slot_release(pte_t pte)
{
    slot_drop(pte >> PTE_SWAP_SLOT_SHIFT);
}

pte_t *swap_victim_pte(void *page)
{
    if (page_ref_count(page) != 1)
        return NULL;
    uint32_t va;
    struct address_space *as = page_owner(page, &va);
    if (!as || !as->root)
        return NULL;
    pte_t *pte = vm_walk(as->root, va, false);
    if (!pte || !(*pte & PTE_V) || !(*pte & PTE_U) || PA_FROM_PTE(*pte) != (uint32_t)page)
        return NULL;
    return pte;
}

bool swap_test_and_clear_accessed(void *page, pte_t *pte)
{
    if (!(*pte & PTE_A))
        return false;
    uint32_t va;
    struct address_space *as = page_owner(page, &va);
    *pte &= ~(pte_t)PTE_A;
    sfence_vma_page(va, as->asid); /* so that the next touch walks and sets A again */
    return true;
}

/* Writes the page to a free slot and leaves the slot in its PTE (the permissions kept:
 * a copy-on-write page is this address space's alone now, so it comes back writable). */
static bool evict(void *page, pte_t *pte)
{
    uint32_t slot;
    if (!slot_alloc(&slot))
        return false;
    if (!slot_transfer(slot, page, true)) {
        slot_drop(slot);
        return false;
    }
    uint32_t va;
    struct address_space *as = page_owner(page, &va);
    pte_t kept = *pte & (PTE_R | PTE_X | PTE_U);
    if (*pte & (PTE_W | PTE_COW))
        kept |= PTE_W;
    *pte = ((pte_t)slot << PTE_SWAP_SLOT_SHIFT) | PTE_SWAPPED | kept;
    sfence_vma_page(va, as->asid);
    page_free(page);
    swap_counters.swap_outs++;
    return true;
}

void swap_make_room(void)
{
    uint32_t free = pages_free_count();
    if (!slots_total || free >= LOW_WATER)
        return;
    void *victims[HIGH_WATER];
    unsigned chosen = policy->choose(victims, HIGH_WATER - free);
    for (unsigned i = 0; i < chosen; i++) {
        pte_t *pte = swap_victim_pte(victims[i]);
        if (!pte || !evict(victims[i], pte))
            break;
    }
    annotate_memory();
}

enum fault_result swap_in(struct address_space *as, uint32_t va, pte_t *pte, struct fault_report *report)
{
    swap_make_room();
    void *page = page_alloc();
    if (!page)
        return FAULT_OUT_OF_MEMORY;
    uint32_t slot = *pte >> PTE_SWAP_SLOT_SHIFT;
    if (!slot_transfer(slot, page, false)) {
        page_free(page);
        return FAULT_SWAP_READ_ERROR;
    }
    *pte = PTE_FROM_PA(page) | (*pte & (PTE_R | PTE_W | PTE_X | PTE_U)) | PTE_V;
    slot_drop(slot);
    sfence_vma_page(va, as->asid);
    if (as->in_process)
        page_set_owner(page, as, va);
    swap_counters.swap_ins++;
    report->kind = ANNOTATION_FAULT_SWAP_IN;
    report->frame = (uint32_t)page;
    return FAULT_HANDLED;
}
