/* A virtio-blk driver (virtio 1.x over virtio-mmio version 2): the initialisation sequence
 * of the virtio spec, section 3.1.1, one queue of a few descriptors, and one request at a
 * time made of three descriptors (header, data, status byte).
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

struct descriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags, next;
};

static struct {
    struct descriptor descriptors[QUEUE_SIZE] __attribute__((aligned(16)));
    struct {
        uint16_t flags, idx, ring[QUEUE_SIZE], used_event;
    } avail __attribute__((aligned(2)));
    struct {
        uint16_t flags, idx;
        struct {
            uint32_t id, length;
        } ring[QUEUE_SIZE];
        uint16_t avail_event;
    } used __attribute__((aligned(4)));
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
 * block device wins. A legacy (version 1) transport is named and skipped: this driver
 * speaks version 2 only. */
static bool find_block_device(void)
{
    for (uint32_t slot = 0; slot < VMSIM_VIRTIO_SLOTS; slot++) {
        uint32_t base = VMSIM_VIRTIO_SLOT_BASE(slot);
        if (SLOT_REG(base, MMIO_MAGIC) != VIRTIO_MAGIC || SLOT_REG(base, MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK)
            continue;
        if (SLOT_REG(base, MMIO_VERSION) != 2) {
            kprintf("disk: the block device in virtio slot %u is a legacy (version 1) transport; "
                    "on QEMU add -global virtio-mmio.force-legacy=false\n", (unsigned)slot);
            continue;
        }
        slot_base = base;
        return true;
    }
    return false;
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
    REG(MMIO_QUEUE_DESC_LOW) = (uint32_t)disk.descriptors;
    REG(MMIO_QUEUE_DESC_HIGH) = 0;
    REG(MMIO_QUEUE_DRIVER_LOW) = (uint32_t)&disk.avail;
    REG(MMIO_QUEUE_DRIVER_HIGH) = 0;
    REG(MMIO_QUEUE_DEVICE_LOW) = (uint32_t)&disk.used;
    REG(MMIO_QUEUE_DEVICE_HIGH) = 0;
    REG(MMIO_QUEUE_READY) = 1;
    disk.avail.flags = AVAIL_F_NO_INTERRUPT; /* we poll */
    REG(MMIO_STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK;
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
    disk.descriptors[0] = (struct descriptor){(uint32_t)&disk.header, sizeof disk.header, DESC_F_NEXT, 1};
    disk.descriptors[1] = (struct descriptor){(uint32_t)buffer, count * 512u,
                                              (uint16_t)(DESC_F_NEXT | (write ? 0 : DESC_F_WRITE)), 2};
    disk.descriptors[2] = (struct descriptor){(uint32_t)&disk.status, 1, DESC_F_WRITE, 0};
    disk.avail.ring[disk.avail.idx % QUEUE_SIZE] = 0;
    __asm__ volatile("fence rw, rw" ::: "memory");
    disk.avail.idx++;
    __asm__ volatile("fence rw, rw" ::: "memory");
    REG(MMIO_QUEUE_NOTIFY) = 0;
    while (*(volatile uint16_t *)&disk.used.idx == disk.used_seen)
        ;
    __asm__ volatile("fence rw, rw" ::: "memory");
    disk.used_seen++;
    REG(MMIO_INTERRUPT_ACK) = REG(MMIO_INTERRUPT_STATUS);
    return disk.status == 0;
}
