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

#include "machine_map.h"
#include "printf.h"
#include "string.h"

#define REG(offset) (*(volatile uint32_t *)(VMSIM_VIRTIO0_BASE + (offset)))
#define MAGIC 0x000
#define VERSION 0x004
#define DEVICE_ID 0x008
#define DEVICE_FEATURES 0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES 0x020
#define DRIVER_FEATURES_SEL 0x024
#define QUEUE_SEL 0x030
#define QUEUE_NUM_MAX 0x034
#define QUEUE_NUM 0x038
#define QUEUE_READY 0x044
#define QUEUE_NOTIFY 0x050
#define INTERRUPT_STATUS 0x060
#define INTERRUPT_ACK 0x064
#define STATUS 0x070
#define QUEUE_DESC_LOW 0x080
#define QUEUE_DESC_HIGH 0x084
#define QUEUE_DRIVER_LOW 0x090
#define QUEUE_DRIVER_HIGH 0x094
#define QUEUE_DEVICE_LOW 0x0a0
#define QUEUE_DEVICE_HIGH 0x0a4
#define CONFIG_CAPACITY 0x100

#define MAGIC_VALUE 0x74726976u /* "virt" */
#define DEVICE_ID_BLOCK 2

#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8

#define FEATURE_VERSION_1_HIGH (1u << 0) /* bit 32 */

#define DESC_NEXT 1
#define DESC_WRITE 2 /* the device writes this buffer */
#define AVAIL_NO_INTERRUPT 1

#define REQUEST_IN 0  /* read */
#define REQUEST_OUT 1 /* write */

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

bool disk_init(void)
{
    if (REG(MAGIC) != MAGIC_VALUE || REG(VERSION) != 2 || REG(DEVICE_ID) != DEVICE_ID_BLOCK) {
        kprintf("disk: none attached (no file system; programs come from the kernel image)\n");
        return false;
    }
    REG(STATUS) = 0;
    REG(STATUS) = STATUS_ACKNOWLEDGE;
    REG(STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER;
    REG(DEVICE_FEATURES_SEL) = 1;
    if (!(REG(DEVICE_FEATURES) & FEATURE_VERSION_1_HIGH)) {
        kprintf("disk: the device does not offer VERSION_1; not using it\n");
        return false;
    }
    REG(DRIVER_FEATURES_SEL) = 0;
    REG(DRIVER_FEATURES) = 0;
    REG(DRIVER_FEATURES_SEL) = 1;
    REG(DRIVER_FEATURES) = FEATURE_VERSION_1_HIGH;
    REG(STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK;
    if (!(REG(STATUS) & STATUS_FEATURES_OK) || REG(QUEUE_NUM_MAX) < QUEUE_SIZE) {
        kprintf("disk: the device refuses our features or queue size; not using it\n");
        return false;
    }
    REG(QUEUE_SEL) = 0;
    REG(QUEUE_NUM) = QUEUE_SIZE;
    REG(QUEUE_DESC_LOW) = (uint32_t)disk.descriptors;
    REG(QUEUE_DESC_HIGH) = 0;
    REG(QUEUE_DRIVER_LOW) = (uint32_t)&disk.avail;
    REG(QUEUE_DRIVER_HIGH) = 0;
    REG(QUEUE_DEVICE_LOW) = (uint32_t)&disk.used;
    REG(QUEUE_DEVICE_HIGH) = 0;
    REG(QUEUE_READY) = 1;
    disk.avail.flags = AVAIL_NO_INTERRUPT; /* we poll */
    REG(STATUS) = STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK;
    disk.sectors = REG(CONFIG_CAPACITY) | (uint64_t)REG(CONFIG_CAPACITY + 4) << 32;
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
    disk.header.type = write ? REQUEST_OUT : REQUEST_IN;
    disk.header.reserved = 0;
    disk.header.sector = sector;
    disk.status = 0xff;
    /* Kernel addresses are physical addresses (the kernel is mapped one to one). */
    disk.descriptors[0] = (struct descriptor){(uint32_t)&disk.header, sizeof disk.header, DESC_NEXT, 1};
    disk.descriptors[1] = (struct descriptor){(uint32_t)buffer, count * 512u,
                                              (uint16_t)(DESC_NEXT | (write ? 0 : DESC_WRITE)), 2};
    disk.descriptors[2] = (struct descriptor){(uint32_t)&disk.status, 1, DESC_WRITE, 0};
    disk.avail.ring[disk.avail.idx % QUEUE_SIZE] = 0;
    __asm__ volatile("fence rw, rw" ::: "memory");
    disk.avail.idx++;
    __asm__ volatile("fence rw, rw" ::: "memory");
    REG(QUEUE_NOTIFY) = 0;
    while (*(volatile uint16_t *)&disk.used.idx == disk.used_seen)
        ;
    __asm__ volatile("fence rw, rw" ::: "memory");
    disk.used_seen++;
    REG(INTERRUPT_ACK) = REG(INTERRUPT_STATUS);
    return disk.status == 0;
}
