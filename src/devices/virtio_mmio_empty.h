/* An empty virtio-mmio slot: the transport is there but no device sits behind it, as in the
 * unused slots of QEMU's virt board. A driver that probes the slots reads the magic value
 * and version 2 and then DeviceID 0, which the virtio spec (4.2.3.1.1) defines as "no
 * device": it must stop there. Every other register reads 0 and ignores writes. */
#ifndef VMSIM_DEVICES_VIRTIO_MMIO_EMPTY_H
#define VMSIM_DEVICES_VIRTIO_MMIO_EMPTY_H

#include "mmu/bus.h"

/* The slot needs no state: register it with any opaque (NULL). */
extern const struct bus_device_ops virtio_mmio_empty_ops;

#endif
