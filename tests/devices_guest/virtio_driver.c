/* A small virtio-blk driver for the device test programs: the initialisation sequence of
 * virtio 1.x section 3.1.1 over virtio-mmio version 2, one queue of 8 descriptors, and
 * three-descriptor requests (header, data, status). */
#include "guest_devices.h"

#define VIRTIO(offset) REG32(VMSIM_VIRTIO0_BASE + (offset))
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
#define CONFIG 0x100

#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8

#define F_FLUSH (1u << 9)
#define F_VERSION_1_HIGH (1u << 0)

#define D_NEXT 1
#define D_WRITE 2

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
    VIRTIO(STATUS) = bits;
}

uint64_t virtio_blk_start(bool use_interrupts)
{
    CHECK(VIRTIO(MAGIC) == 0x74726976, "virtio magic value");
    CHECK(VIRTIO(VERSION) == 2, "virtio-mmio version 2");
    CHECK(VIRTIO(DEVICE_ID) == 2, "a block device (is --disk given?)");
    set_status(0);
    set_status(S_ACKNOWLEDGE);
    set_status(S_ACKNOWLEDGE | S_DRIVER);
    VIRTIO(DEVICE_FEATURES_SEL) = 0;
    uint32_t low = VIRTIO(DEVICE_FEATURES);
    VIRTIO(DEVICE_FEATURES_SEL) = 1;
    uint32_t high = VIRTIO(DEVICE_FEATURES);
    CHECK(low & F_FLUSH, "the device offers FLUSH");
    CHECK(high & F_VERSION_1_HIGH, "the device offers VERSION_1");
    VIRTIO(DRIVER_FEATURES_SEL) = 0;
    VIRTIO(DRIVER_FEATURES) = F_FLUSH;
    VIRTIO(DRIVER_FEATURES_SEL) = 1;
    VIRTIO(DRIVER_FEATURES) = F_VERSION_1_HIGH;
    set_status(S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    CHECK(VIRTIO(STATUS) & S_FEATURES_OK, "the device accepts our features");
    VIRTIO(QUEUE_SEL) = 0;
    CHECK(VIRTIO(QUEUE_READY) == 0, "queue 0 is not yet ready");
    CHECK(VIRTIO(QUEUE_NUM_MAX) >= QUEUE_SIZE, "queue 0 holds 8 entries");
    VIRTIO(QUEUE_NUM) = QUEUE_SIZE;
    VIRTIO(QUEUE_DESC_LOW) = (uint32_t)(uintptr_t)descriptors;
    VIRTIO(QUEUE_DESC_HIGH) = 0;
    VIRTIO(QUEUE_DRIVER_LOW) = (uint32_t)(uintptr_t)&avail;
    VIRTIO(QUEUE_DRIVER_HIGH) = 0;
    VIRTIO(QUEUE_DEVICE_LOW) = (uint32_t)(uintptr_t)&used;
    VIRTIO(QUEUE_DEVICE_HIGH) = 0;
    VIRTIO(QUEUE_READY) = 1;
    interrupts_on = use_interrupts;
    if (use_interrupts) {
        plic_route_to_machine(VMSIM_IRQ_VIRTIO0);
        csr_set(mstatus, MSTATUS_MIE);
    } else {
        avail.flags = 1; /* VIRTQ_AVAIL_F_NO_INTERRUPT: we poll */
    }
    set_status(S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    return VIRTIO(CONFIG) | (uint64_t)VIRTIO(CONFIG + 4) << 32;
}

uint8_t virtio_blk_request(uint32_t type, uint64_t sector, void *buffer, uint32_t bytes)
{
    header.type = type;
    header.reserved = 0;
    header.sector = sector;
    status = 0xff;
    descriptors[0] = (struct descriptor){(uintptr_t)&header, sizeof header, D_NEXT, 1};
    uint16_t data_flags = (uint16_t)(D_NEXT | (type == BLK_T_OUT ? 0 : D_WRITE));
    descriptors[1] = (struct descriptor){(uintptr_t)buffer, bytes, data_flags, 2};
    descriptors[2] = (struct descriptor){(uintptr_t)&status, 1, D_WRITE, 0};
    const uint16_t head = 0;
    if (!bytes) /* flush: header and status only */
        descriptors[0].next = 2;
    avail.ring[avail.idx % QUEUE_SIZE] = head;
    __asm__ volatile("fence" ::: "memory");
    avail.idx++;
    __asm__ volatile("fence" ::: "memory");
    VIRTIO(QUEUE_NOTIFY) = 0;
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
    VIRTIO(INTERRUPT_ACK) = VIRTIO(INTERRUPT_STATUS);
    interrupts++;
}
