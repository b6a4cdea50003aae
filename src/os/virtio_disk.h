/* The disk: a driver for the virtio-mmio block device (machine_map.h). */
#ifndef OS_VIRTIO_DISK_H
#define OS_VIRTIO_DISK_H

#include "types.h"

/* Finds and starts the device; false (with a line on the console) when there is no disk. */
bool disk_init(void);

/* The disk's size in 512-byte sectors (0 without a disk). */
uint64_t disk_sectors(void);

/* Reads or writes `count` 512-byte sectors from `sector` to or from `buffer` (kernel
 * memory). Returns false when the device reports an error. */
bool disk_transfer(uint64_t sector, void *buffer, uint32_t count, bool write);

#endif
