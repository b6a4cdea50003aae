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
#include "proc.h"
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

/* The reverse map. A page one address space maps has its owner and address recorded
 * (kalloc.h page_set_owner). A page that fork shared copy-on-write has no list of its
 * sharers: fork maps a shared page at the same address in parent and child, so the pager
 * looks at that address in every live process's page table. That costs a page-table walk
 * per process for each shared page the pager looks at; it keeps fork and exit as they
 * are, which is the trade a teaching kernel wants. The kernel runs on one hart and is
 * never preempted, so what a walk finds stays true until the kernel acts on it. */
struct mapper_walk {
    void *page;
    uint32_t va;
    struct address_space *owner; /* the one mapper, when the recorded owner is right */
    uint32_t left;               /* references not yet found: none left, no more to look for */
    int next_proc;
    bool done;
    struct address_space *as; /* where the PTE last returned is */
};

static bool maps_frame(const pte_t *pte, const void *page)
{
    return pte && (*pte & (PTE_V | PTE_U)) == (PTE_V | PTE_U) && PA_FROM_PTE(*pte) == (uint32_t)page;
}

static void mapper_walk_start(struct mapper_walk *w, void *page)
{
    w->page = page;
    w->next_proc = 0;
    w->left = page_ref_count(page);
    w->owner = page_owner(page, &w->va);
    w->done = !w->owner || !w->left; /* never had an owner: not a user page the pager may move */
    if (w->owner && !(w->left == 1 && w->owner->root &&
                      maps_frame(vm_walk(w->owner->root, w->va, false), page)))
        w->owner = NULL; /* shared, or the record is stale: look everywhere */
}

/* The next PTE that maps the page, or NULL after the last. */
static pte_t *mapper_walk_next(struct mapper_walk *w)
{
    if (w->done)
        return NULL;
    if (w->owner) {
        w->done = true;
        w->as = w->owner;
        return vm_walk(w->owner->root, w->va, false);
    }
    while (w->left && w->next_proc < NPROC) {
        struct address_space *as = &procs[w->next_proc++].as;
        if (!as->root || !as->in_process)
            continue;
        pte_t *pte = vm_walk(as->root, w->va, false);
        if (maps_frame(pte, w->page)) {
            w->left--;
            w->as = as;
            return pte;
        }
    }
    w->done = true;
    return NULL;
}

bool swap_evictable(void *page)
{
    uint32_t refs = page_ref_count(page);
    struct mapper_walk w;
    mapper_walk_start(&w, page);
    uint32_t found = 0;
    struct address_space *first = NULL;
    for (pte_t *pte = mapper_walk_next(&w); pte; pte = mapper_walk_next(&w))
        if (found++ == 0)
            first = w.as;
    /* A free page is no candidate; a reference that is no PTE found here (the kernel
     * holds the page for a moment) keeps it in RAM. */
    if (refs == 0 || found != refs)
        return false;
    if (refs == 1 && first != w.owner)
        page_set_owner(page, first, w.va); /* the owner left; the next look is quick */
    return true;
}

bool swap_test_and_clear_accessed(void *page)
{
    bool accessed = false;
    struct mapper_walk w;
    mapper_walk_start(&w, page);
    for (pte_t *pte = mapper_walk_next(&w); pte; pte = mapper_walk_next(&w)) {
        if (!(*pte & PTE_A))
            continue;
        accessed = true;
        *pte &= ~(pte_t)PTE_A;
        sfence_vma_page(w.va, w.as->asid); /* so that the next touch walks and sets A again */
    }
    return accessed;
}

/* Writes the page to a free slot and puts the slot in every PTE that maps it, each with
 * its permissions (W for a copy-on-write page: swap_in decides again whether the page
 * comes back shared). Precondition: swap_evictable(page). */
static bool evict(void *page)
{
    uint32_t slot;
    if (!slot_alloc(&slot))
        return false;
    if (!slot_transfer(slot, page, true)) {
        slot_drop(slot);
        return false;
    }
    slot_refs[slot] = 0;
    struct mapper_walk w;
    mapper_walk_start(&w, page);
    for (pte_t *pte = mapper_walk_next(&w); pte; pte = mapper_walk_next(&w)) {
        pte_t kept = *pte & (PTE_R | PTE_X | PTE_U);
        if (*pte & (PTE_W | PTE_COW))
            kept |= PTE_W;
        *pte = ((pte_t)slot << PTE_SWAP_SLOT_SHIFT) | PTE_SWAPPED | kept;
        sfence_vma_page(w.va, w.as->asid);
        slot_refs[slot]++;
        page_free(page); /* the last of them frees the frame */
    }
    if (slot_refs[slot] == 0) { /* nothing mapped it after all */
        slots_used--;
        return false;
    }
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
        if (!swap_evictable(victims[i]) || !evict(victims[i]))
            break;
    }
    annotate_memory();
}

/* The PTE for a swapped-out page back in a frame: its permissions, W made copy-on-write
 * when other address spaces map the frame too. */
static pte_t resident_pte(const void *page, pte_t swapped, bool shared)
{
    pte_t flags = swapped & (PTE_R | PTE_X | PTE_U);
    if (swapped & PTE_W)
        flags |= shared ? PTE_COW : PTE_W;
    return PTE_FROM_PA(page) | flags | PTE_V;
}

/* The other PTEs that hold the slot (fork shared it, or it went out while shared) are at
 * the same address in other processes: the page comes back once, into one frame that all
 * of them map again, copy-on-write, so a store by any of them still copies. */
enum fault_result swap_in(struct address_space *as, uint32_t va, pte_t *pte, struct fault_report *report)
{
    swap_make_room();
    void *page = page_alloc();
    if (!page)
        return FAULT_OUT_OF_MEMORY;
    pte_t swapped = *pte;
    uint32_t slot = swapped >> PTE_SWAP_SLOT_SHIFT;
    if (!slot_transfer(slot, page, false)) {
        page_free(page);
        return FAULT_SWAP_READ_ERROR;
    }
    uint32_t others = 0;
    for (int i = 0; i < NPROC && slot_refs[slot] > 1; i++) {
        struct address_space *other = &procs[i].as;
        if (other == as || !other->root || !other->in_process)
            continue;
        pte_t *held = vm_walk(other->root, va, false);
        if (!held || (*held & PTE_V) || !(*held & PTE_SWAPPED) || *held >> PTE_SWAP_SLOT_SHIFT != slot)
            continue;
        *held = resident_pte(page, *held, true);
        sfence_vma_page(va, other->asid);
        page_ref(page);
        slot_drop(slot);
        others++;
    }
    *pte = resident_pte(page, swapped, others > 0);
    slot_drop(slot);
    sfence_vma_page(va, as->asid);
    if (as->in_process)
        page_set_owner(page, as, va);
    swap_counters.swap_ins++;
    report->kind = ANNOTATION_FAULT_SWAP_IN;
    report->frame = (uint32_t)page;
    return FAULT_HANDLED;
}
