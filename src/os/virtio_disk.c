/* A virtio-blk driver over virtio-mmio: version 2 (virtio 1.x, vmsim's device; the
 * initialisation sequence of the virtio spec, section 3.1.1) and the legacy version 1
 * (QEMU's default transport; spec 4.2.4). One queue of a few descriptors, laid out so that
 * both versions can use it, and one request at a time made of three descriptors (header,
 * data, status byte).
 *
 * It polls the used ring instead of sleeping until an interrupt. vmsim completes a request
 * before the store to QueueNotify retires, so the first look finds it done; QEMU takes a
 * little longer and the loop waits. Polling keeps every file-system call free of sleeps, so
 * no other thread can run in the middle of one (the kernel is not preemptible), and the
 * file system needs no locks. */
#include "virtio_disk.h"

#include "devices/virtio_mmio.h"
#include "machine_map.h"
#include "printf.h"
#include "string.h"

/* The slot the disk was found in: vmsim uses slot 0, QEMU fills the slots from 7 down. */
static uint32_t slot_base;
#define SLOT_REG(base, offset) (*(volatile uint32_t *)((base) + (offset)))
#define REG(offset) SLOT_REG(slot_base, offset)
#define FEATURE_VERSION_1_HIGH ((uint32_t)(VIRTIO_F_VERSION_1 >> 32))

#define QUEUE_SIZE 4

/* Legacy (version 1) transport registers that version 2 replaced (spec 4.2.4). */
#define LEGACY_GUEST_PAGE_SIZE 0x028
#define LEGACY_QUEUE_ALIGN 0x03c
#define LEGACY_QUEUE_PFN 0x040
#define LEGACY_PAGE_SIZE 4096

struct descriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags, next;
};

/* The queue, laid out as the legacy interface requires (descriptors, then the driver
 * ring right after them, the device ring on the next page) and version 2 allows. */
static struct {
    struct descriptor descriptors[QUEUE_SIZE];
    struct {
        uint16_t flags, idx, ring[QUEUE_SIZE], used_event;
    } avail;
    struct {
        uint16_t flags, idx;
        struct {
            uint32_t id, length;
        } ring[QUEUE_SIZE];
        uint16_t avail_event;
    } used __attribute__((aligned(LEGACY_PAGE_SIZE)));
} queue __attribute__((aligned(LEGACY_PAGE_SIZE)));
_Static_assert(__builtin_offsetof(__typeof__(queue), avail) == QUEUE_SIZE * DESC_SIZE,
               "the legacy layout puts the driver ring right after the descriptors");

static struct {
    struct {
        uint32_t type, reserved;
        uint64_t sector;
    } header;
    volatile uint8_t status;
    uint16_t used_seen;
    uint64_t sectors;
    bool present;
} disk;

/* Looks at every virtio-mmio slot as a driver on real virt hardware does: a slot with the
 * magic value and DeviceID 0 is empty (virtio 4.2.3.1.1), so go on to the next. The first
 * block device wins. */
static bool find_block_device(void)
{
    for (uint32_t slot = 0; slot < VMSIM_VIRTIO_SLOTS; slot++) {
        uint32_t base = VMSIM_VIRTIO_SLOT_BASE(slot);
        uint32_t version = SLOT_REG(base, MMIO_VERSION);
        if (SLOT_REG(base, MMIO_MAGIC) != VIRTIO_MAGIC || (version != 1 && version != 2) ||
            SLOT_REG(base, MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK)
            continue;
        slot_base = base;
        return true;
    }
    return false;
}

/* Version 2: feature negotiation with VERSION_1 and FEATURES_OK, the queue's three areas
 * by address. */
static bool start_modern(void)
{
    REG(MMIO_DEVICE_FEATURES_SEL) = 1;
    if (!(REG(MMIO_DEVICE_FEATURES) & FEATURE_VERSION_1_HIGH)) {
        kprintf("disk: the device does not offer VERSION_1; not using it\n");
        return false;
    }
    REG(MMIO_DRIVER_FEATURES_SEL) = 0;
    REG(MMIO_DRIVER_FEATURES) = 0;
    REG(MMIO_DRIVER_FEATURES_SEL) = 1;
    REG(MMIO_DRIVER_FEATURES) = FEATURE_VERSION_1_HIGH;
    REG(MMIO_STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK;
    if (!(REG(MMIO_STATUS) & STATUS_FEATURES_OK) || REG(MMIO_QUEUE_NUM_MAX) < QUEUE_SIZE) {
        kprintf("disk: the device refuses our features or queue size; not using it\n");
        return false;
    }
    REG(MMIO_QUEUE_SEL) = 0;
    REG(MMIO_QUEUE_NUM) = QUEUE_SIZE;
    REG(MMIO_QUEUE_DESC_LOW) = (uint32_t)queue.descriptors;
    REG(MMIO_QUEUE_DESC_HIGH) = 0;
    REG(MMIO_QUEUE_DRIVER_LOW) = (uint32_t)&queue.avail;
    REG(MMIO_QUEUE_DRIVER_HIGH) = 0;
    REG(MMIO_QUEUE_DEVICE_LOW) = (uint32_t)&queue.used;
    REG(MMIO_QUEUE_DEVICE_HIGH) = 0;
    REG(MMIO_QUEUE_READY) = 1;
    REG(MMIO_STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK;
    return true;
}

/* Legacy: no features taken, no FEATURES_OK step; the queue is one page-aligned block the
 * device finds by its page number. */
static bool start_legacy(void)
{
    REG(MMIO_DRIVER_FEATURES_SEL) = 0;
    REG(MMIO_DRIVER_FEATURES) = 0;
    REG(LEGACY_GUEST_PAGE_SIZE) = LEGACY_PAGE_SIZE;
    REG(MMIO_QUEUE_SEL) = 0;
    if (REG(MMIO_QUEUE_NUM_MAX) < QUEUE_SIZE || REG(LEGACY_QUEUE_PFN) != 0) {
        kprintf("disk: the legacy device refuses our queue; not using it\n");
        return false;
    }
    REG(MMIO_QUEUE_NUM) = QUEUE_SIZE;
    REG(LEGACY_QUEUE_ALIGN) = LEGACY_PAGE_SIZE;
    REG(LEGACY_QUEUE_PFN) = (uint32_t)&queue / LEGACY_PAGE_SIZE;
    REG(MMIO_STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_DRIVER_OK;
    return true;
}

bool disk_init(void)
{
    if (!find_block_device()) {
        kprintf("disk: none attached (no file system; programs come from the kernel image)\n");
        return false;
    }
    REG(MMIO_STATUS) = 0;
    REG(MMIO_STATUS) = STATUS_ACKNOWLEDGE;
    REG(MMIO_STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER;
    queue.avail.flags = AVAIL_F_NO_INTERRUPT; /* we poll */
    if (!(REG(MMIO_VERSION) == 2 ? start_modern() : start_legacy()))
        return false;
    disk.sectors = REG(MMIO_CONFIG) | (uint64_t)REG(MMIO_CONFIG + 4) << 32;
    disk.present = true;
    return true;
}

uint64_t disk_sectors(void)
{
    return disk.sectors;
}

bool disk_transfer(uint64_t sector, void *buffer, uint32_t count, bool write)
{
    if (!disk.present || sector + count > disk.sectors)
        return false;
    disk.header.type = write ? BLK_T_OUT : BLK_T_IN;
    disk.header.reserved = 0;
    disk.header.sector = sector;
    disk.status = 0xff;
    /* Kernel addresses are physical addresses (the kernel is mapped one to one). */
    queue.descriptors[0] = (struct descriptor){(uint32_t)&disk.header, sizeof disk.header, DESC_F_NEXT, 1};
    queue.descriptors[1] = (struct descriptor){(uint32_t)buffer, count * 512u,
                                              (uint16_t)(DESC_F_NEXT | (write ? 0 : DESC_F_WRITE)), 2};
    queue.descriptors[2] = (struct descriptor){(uint32_t)&disk.status, 1, DESC_F_WRITE, 0};
    queue.avail.ring[queue.avail.idx % QUEUE_SIZE] = 0;
    __asm__ volatile("fence rw, rw" ::: "memory");
    queue.avail.idx++;
    __asm__ volatile("fence rw, rw" ::: "memory");
    REG(MMIO_QUEUE_NOTIFY) = 0;
    while (*(volatile uint16_t *)&queue.used.idx == disk.used_seen)
        ;
    __asm__ volatile("fence rw, rw" ::: "memory");
    disk.used_seen++;
    REG(MMIO_INTERRUPT_ACK) = REG(MMIO_INTERRUPT_STATUS);
    return disk.status == 0;
}
