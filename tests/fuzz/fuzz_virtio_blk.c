/* libFuzzer target: the virtio-blk device's queue handling (src/devices/virtio_blk.c).
 * The harness brings the device up as a driver would, with the queue's three areas in a
 * small RAM; the input is then guest memory and register traffic:
 *
 *   bytes 0 .. 4095     copied to the first page of RAM: descriptors at +0, the driver
 *                       (available) ring at +0x800, the device (used) ring at +0xc00, and
 *                       whatever buffers the descriptors point at
 *   then 5 bytes each   a register access: offset / 4 (one byte; the top bit makes it a
 *                       read), then a little-endian 32-bit value
 *   at the end          QueueNotify
 *
 * Every address, length and index in RAM is the guest's: the device must answer bad ones
 * with an error status or DEVICE_NEEDS_RESET, never reach outside RAM or the 32 KiB disk
 * image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_target.h"
#include "devices/disk_image.h"
#include "devices/virtio_blk.h"
#include "devices/virtio_mmio.h"
#include "machine_map.h"
#include "mmu/bus.h"

#define RAM_SIZE (64u * 1024u)
#define DISK_BYTES (64u * DISK_SECTOR_SIZE)

static struct bus bus;
static struct disk_image image;
static struct virtio_blk device;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; /* libFuzzer's own options; the target has none */
    (void)argv;
    char path[] = "/tmp/vmsim-fuzz-disk.XXXXXX";
    char err[256];
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz_virtio_blk: mkstemp");
        exit(1);
    }
    close(fd);
    unlink(path); /* disk_image_open creates it again, with DISK_BYTES zero bytes */
    if (disk_image_open(&image, path, DISK_BYTES, false, err, sizeof err) != DISK_IMAGE_OK ||
        !bus_init(&bus, VMSIM_RAM_BASE, RAM_SIZE, err, sizeof err)) {
        fprintf(stderr, "fuzz_virtio_blk: cannot set up: %s\n", err);
        exit(1);
    }
    unlink(path); /* the open descriptor keeps the file while the fuzzer runs */
    return 0;
}

static void reg_write(uint32_t offset, uint32_t value)
{
    virtio_blk_ops.write(&device, offset, 4, value);
}

static void bring_up(void)
{
    virtio_blk_init(&device, &bus, &image);
    reg_write(MMIO_STATUS, 0);
    reg_write(MMIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
    reg_write(MMIO_DRIVER_FEATURES_SEL, 1);
    reg_write(MMIO_DRIVER_FEATURES, (uint32_t)(VIRTIO_F_VERSION_1 >> 32));
    reg_write(MMIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
    reg_write(MMIO_QUEUE_SEL, 0);
    reg_write(MMIO_QUEUE_NUM, 8);
    reg_write(MMIO_QUEUE_DESC_LOW, VMSIM_RAM_BASE);
    reg_write(MMIO_QUEUE_DRIVER_LOW, VMSIM_RAM_BASE + 0x800);
    reg_write(MMIO_QUEUE_DEVICE_LOW, VMSIM_RAM_BASE + 0xc00);
    reg_write(MMIO_QUEUE_READY, 1);
    reg_write(MMIO_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    memset(bus.ram.bytes, 0, RAM_SIZE);
    bring_up();
    size_t ram_part = size < 4096 ? size : 4096;
    memcpy(bus.ram.bytes, data, ram_part);
    for (size_t at = ram_part; size - at >= 5; at += 5) {
        uint32_t offset = (uint32_t)(data[at] & 0x7f) * 4u;
        uint32_t value = (uint32_t)data[at + 1] | (uint32_t)data[at + 2] << 8 | (uint32_t)data[at + 3] << 16 |
                         (uint32_t)data[at + 4] << 24;
        if (data[at] & 0x80) {
            uint32_t ignored;
            virtio_blk_ops.read(&device, offset, 4, &ignored);
        } else {
            reg_write(offset, value);
        }
    }
    reg_write(MMIO_QUEUE_NOTIFY, 0);
    return 0;
}
