/* A virtio block device on the virtio-mmio transport, version 2 (virtio 1.x "modern"),
 * with one request queue, backed by a disk image file. Requests are carried out when the
 * driver writes QueueNotify, so they complete before the notifying store retires.
 *
 *   offset  register             access   offset  register             access
 *   0x000   MagicValue "virt"    R        0x050   QueueNotify          W
 *   0x004   Version = 2          R        0x060   InterruptStatus      R
 *   0x008   DeviceID (2; 0 when  R        0x064   InterruptACK         W
 *           no disk is attached)          0x070   Status               RW
 *   0x00c   VendorID "VSIM"      R        0x080   QueueDescLow/High    RW  (+0x84)
 *   0x010   DeviceFeatures       R        0x090   QueueDriverLow/High  RW  (+0x94)
 *   0x014   DeviceFeaturesSel    W        0x0a0   QueueDeviceLow/High  RW  (+0xa4)
 *   0x020   DriverFeatures       W        0x0fc   ConfigGeneration = 0 R
 *   0x024   DriverFeaturesSel    W        0x100+  config space (below) R
 *   0x030   QueueSel             W
 *   0x034   QueueNumMax = 128    R        config: +0x00 capacity (u64, 512-byte sectors)
 *   0x038   QueueNum             W                +0x08 size_max (0)  +0x0c seg_max
 *   0x044   QueueReady           RW               +0x14 blk_size (512)
 *
 * Registers below 0x100 take aligned 32-bit accesses only; config space takes 1, 2 or 4
 * bytes. Every address and length the guest gives is checked against RAM before use: a bad
 * request gets VIRTIO_BLK_S_IOERR, a queue the device cannot use at all sets
 * DEVICE_NEEDS_RESET (status bit 6) with a configuration-change interrupt. */
#ifndef VMSIM_DEVICES_VIRTIO_BLK_H
#define VMSIM_DEVICES_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/disk_image.h"
#include "mmu/bus.h"

#define VIRTIO_BLK_QUEUE_NUM_MAX 128
#define VIRTIO_BLK_BOUNCE_SIZE 65536

struct virtio_blk_stats {
    uint64_t reads, writes, flushes, get_ids;
    uint64_t sectors_read, sectors_written;
    uint64_t errors;       /* requests answered with IOERR or UNSUPP */
    uint64_t interrupts;   /* used-buffer notifications raised */
};

struct virtio_blk {
    struct bus *bus;
    struct disk_image *image; /* NULL: no disk attached */

    uint32_t status;
    uint32_t device_features_sel, driver_features_sel;
    uint64_t driver_features;
    uint32_t queue_sel;
    uint32_t interrupt_status;

    /* The one queue (queue 0). */
    uint32_t queue_num;
    bool queue_ready;
    uint64_t queue_desc, queue_driver, queue_device;
    uint16_t last_avail; /* next available-ring entry to take */
    uint16_t next_used;  /* next used-ring entry to fill */

    /* Interrupt line to the interrupt controller; may be NULL. */
    void (*set_irq)(void *opaque, bool level);
    void *irq_opaque;

    struct virtio_blk_stats stats;
    uint8_t bounce[VIRTIO_BLK_BOUNCE_SIZE]; /* image -> RAM transfers go through here */
};

extern const struct bus_device_ops virtio_blk_ops;

/* `image` may be NULL: the transport is there, with DeviceID 0, as on QEMU's virt board. */
void virtio_blk_init(struct virtio_blk *v, struct bus *bus, struct disk_image *image);

#endif
