/* A small virtio-blk driver for the device test programs: the initialisation sequence of
 * virtio 1.x section 3.1.1 over virtio-mmio version 2, one queue of 8 descriptors, and
 * three-descriptor requests (header, data, status). */
#include "guest_devices.h"

#define VIRTIO(offset) REG32(VMSIM_VIRTIO0_BASE + (offset))
#define F_VERSION_1_HIGH ((uint32_t)(VIRTIO_F_VERSION_1 >> 32))

#define QUEUE_SIZE 8

struct descriptor {
    uint64_t address;
    uint32_t length;
    uint16_t flags, next;
};

static struct descriptor descriptors[QUEUE_SIZE] __attribute__((aligned(16)));
static struct {
    uint16_t flags, idx, ring[QUEUE_SIZE], used_event;
} avail __attribute__((aligned(2)));
static struct {
    uint16_t flags, idx;
    struct {
        uint32_t id, length;
    } ring[QUEUE_SIZE];
    uint16_t avail_event;
} used __attribute__((aligned(4)));

static struct {
    uint32_t type, reserved;
    uint64_t sector;
} header;
static volatile uint8_t status;
static uint16_t used_seen;
static bool interrupts_on;
static volatile uint32_t interrupts;

static void set_status(uint32_t bits)
{
    VIRTIO(MMIO_STATUS) = bits;
}

uint64_t virtio_blk_start(bool use_interrupts)
{
    CHECK(VIRTIO(MMIO_MAGIC) == 0x74726976, "virtio magic value");
    CHECK(VIRTIO(MMIO_VERSION) == 2, "virtio-mmio version 2");
    CHECK(VIRTIO(MMIO_DEVICE_ID) == 2, "a block device (is --disk given?)");
    set_status(0);
    set_status(STATUS_ACKNOWLEDGE);
    set_status(STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    VIRTIO(MMIO_DEVICE_FEATURES_SEL) = 0;
    uint32_t low = VIRTIO(MMIO_DEVICE_FEATURES);
    VIRTIO(MMIO_DEVICE_FEATURES_SEL) = 1;
    uint32_t high = VIRTIO(MMIO_DEVICE_FEATURES);
    CHECK(low & (uint32_t)VIRTIO_BLK_F_FLUSH, "the device offers FLUSH");
    CHECK(high & F_VERSION_1_HIGH, "the device offers VERSION_1");
    VIRTIO(MMIO_DRIVER_FEATURES_SEL) = 0;
    VIRTIO(MMIO_DRIVER_FEATURES) = (uint32_t)VIRTIO_BLK_F_FLUSH;
    VIRTIO(MMIO_DRIVER_FEATURES_SEL) = 1;
    VIRTIO(MMIO_DRIVER_FEATURES) = F_VERSION_1_HIGH;
    set_status(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
    CHECK(VIRTIO(MMIO_STATUS) & STATUS_FEATURES_OK, "the device accepts our features");
    VIRTIO(MMIO_QUEUE_SEL) = 0;
    CHECK(VIRTIO(MMIO_QUEUE_READY) == 0, "queue 0 is not yet ready");
    CHECK(VIRTIO(MMIO_QUEUE_NUM_MAX) >= QUEUE_SIZE, "queue 0 holds 8 entries");
    VIRTIO(MMIO_QUEUE_NUM) = QUEUE_SIZE;
    VIRTIO(MMIO_QUEUE_DESC_LOW) = (uint32_t)(uintptr_t)descriptors;
    VIRTIO(MMIO_QUEUE_DESC_HIGH) = 0;
    VIRTIO(MMIO_QUEUE_DRIVER_LOW) = (uint32_t)(uintptr_t)&avail;
    VIRTIO(MMIO_QUEUE_DRIVER_HIGH) = 0;
    VIRTIO(MMIO_QUEUE_DEVICE_LOW) = (uint32_t)(uintptr_t)&used;
    VIRTIO(MMIO_QUEUE_DEVICE_HIGH) = 0;
    VIRTIO(MMIO_QUEUE_READY) = 1;
    interrupts_on = use_interrupts;
    if (use_interrupts) {
        plic_route_to_machine(VMSIM_IRQ_VIRTIO0);
        csr_set(mstatus, MSTATUS_MIE);
    } else {
        avail.flags = 1; /* VIRTQ_AVAIL_F_NO_INTERRUPT: we poll */
    }
    set_status(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK);
    return VIRTIO(MMIO_CONFIG) | (uint64_t)VIRTIO(MMIO_CONFIG + 4) << 32;
}

uint8_t virtio_blk_request(uint32_t type, uint64_t sector, void *buffer, uint32_t bytes)
{
    header.type = type;
    header.reserved = 0;
    header.sector = sector;
    status = 0xff;
    descriptors[0] = (struct descriptor){(uintptr_t)&header, sizeof header, DESC_F_NEXT, 1};
    uint16_t data_flags = (uint16_t)(DESC_F_NEXT | (type == BLK_T_OUT ? 0 : DESC_F_WRITE));
    descriptors[1] = (struct descriptor){(uintptr_t)buffer, bytes, data_flags, 2};
    descriptors[2] = (struct descriptor){(uintptr_t)&status, 1, DESC_F_WRITE, 0};
    const uint16_t head = 0;
    if (!bytes) /* flush: header and status only */
        descriptors[0].next = 2;
    avail.ring[avail.idx % QUEUE_SIZE] = head;
    __asm__ volatile("fence" ::: "memory");
    avail.idx++;
    __asm__ volatile("fence" ::: "memory");
    VIRTIO(MMIO_QUEUE_NOTIFY) = 0;
    while (*(volatile uint16_t *)&used.idx == used_seen) {
        if (interrupts_on)
            __asm__ volatile("wfi");
    }
    used_seen++;
    CHECK(used.ring[(used_seen - 1) % QUEUE_SIZE].id == head, "the used ring names our request");
    return status;
}

uint32_t virtio_blk_interrupts(void)
{
    return interrupts;
}

void virtio_blk_interrupt(void)
{
    VIRTIO(MMIO_INTERRUPT_ACK) = VIRTIO(MMIO_INTERRUPT_STATUS);
    interrupts++;
}
