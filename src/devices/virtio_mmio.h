/* The virtio-mmio transport (version 2) and virtio-blk as vmsim's device implements them:
 * register offsets, status, feature and interrupt bits, split-virtqueue flags and block
 * requests (virtio 1.x, sections 2, 4.2 and 5.2). Plain constants, no other headers, so
 * that the device (virtio_blk.c) and the drivers that talk to it (the guest kernel's
 * src/os/virtio_disk.c, the device test programs) name them once. The unit tests of the
 * device keep their own copy, written from the specification, on purpose. */
#ifndef VMSIM_DEVICES_VIRTIO_MMIO_H
#define VMSIM_DEVICES_VIRTIO_MMIO_H

/* Register offsets. */
enum {
    MMIO_MAGIC = 0x000, MMIO_VERSION = 0x004, MMIO_DEVICE_ID = 0x008, MMIO_VENDOR_ID = 0x00c,
    MMIO_DEVICE_FEATURES = 0x010, MMIO_DEVICE_FEATURES_SEL = 0x014,
    MMIO_DRIVER_FEATURES = 0x020, MMIO_DRIVER_FEATURES_SEL = 0x024,
    MMIO_QUEUE_SEL = 0x030, MMIO_QUEUE_NUM_MAX = 0x034, MMIO_QUEUE_NUM = 0x038,
    MMIO_QUEUE_READY = 0x044, MMIO_QUEUE_NOTIFY = 0x050,
    MMIO_INTERRUPT_STATUS = 0x060, MMIO_INTERRUPT_ACK = 0x064, MMIO_STATUS = 0x070,
    MMIO_QUEUE_DESC_LOW = 0x080, MMIO_QUEUE_DESC_HIGH = 0x084,
    MMIO_QUEUE_DRIVER_LOW = 0x090, MMIO_QUEUE_DRIVER_HIGH = 0x094,
    MMIO_QUEUE_DEVICE_LOW = 0x0a0, MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
    MMIO_CONFIG_GENERATION = 0x0fc, MMIO_CONFIG = 0x100,
};

#define VIRTIO_MAGIC 0x74726976u  /* "virt" */
#define VIRTIO_VENDOR 0x4d495356u /* "VSIM" */
#define VIRTIO_ID_BLOCK 2

/* Device status bits. */
#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER 2u
#define STATUS_DRIVER_OK 4u
#define STATUS_FEATURES_OK 8u
#define STATUS_NEEDS_RESET 64u

#define INTERRUPT_USED_BUFFER 1u
#define INTERRUPT_CONFIG_CHANGE 2u

/* Feature bits (64-bit numbering; the high word is selected with FEATURES_SEL = 1). */
#define VIRTIO_BLK_F_SEG_MAX (1ull << 2)
#define VIRTIO_BLK_F_RO (1ull << 5)
#define VIRTIO_BLK_F_BLK_SIZE (1ull << 6)
#define VIRTIO_BLK_F_FLUSH (1ull << 9)
#define VIRTIO_F_VERSION_1 (1ull << 32)

/* Split virtqueue layout:
 *   descriptor i at desc + 16*i: addr (u64) | len (u32) | flags (u16) | next (u16)
 *   driver area (avail): flags (u16) | idx (u16) | ring[num] (u16) | used_event (u16)
 *   device area (used):  flags (u16) | idx (u16) | ring[num] {id (u32), len (u32)} | avail_event
 */
#define DESC_SIZE 16
#define DESC_F_NEXT 1u
#define DESC_F_WRITE 2u
#define DESC_F_INDIRECT 4u
#define AVAIL_F_NO_INTERRUPT 1u

/* Block request: header type (u32) | reserved (u32) | sector (u64); the data; one status
 * byte the device writes. */
#define BLK_HEADER_SIZE 16
#define BLK_T_IN 0
#define BLK_T_OUT 1
#define BLK_T_FLUSH 4
#define BLK_T_GET_ID 8
#define BLK_S_OK 0
#define BLK_S_IOERR 1
#define BLK_S_UNSUPP 2
#define BLK_ID_BYTES 20

#endif
