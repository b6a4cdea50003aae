/* An empty virtio-mmio slot (virtio_mmio_empty.h): magic, version and vendor, DeviceID 0. */
#include "devices/virtio_mmio_empty.h"

#include "devices/virtio_mmio.h"

static bool empty_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    (void)opaque;
    if (offset < MMIO_CONFIG && size != 4)
        return false; /* the transport's registers take aligned words only, as a real slot's */
    switch (offset) {
    case MMIO_MAGIC: *value = VIRTIO_MAGIC; break;
    case MMIO_VERSION: *value = 2; break;
    case MMIO_VENDOR_ID: *value = VIRTIO_VENDOR; break;
    default: *value = 0; break; /* DeviceID 0: no device */
    }
    return true;
}

static bool empty_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    (void)opaque;
    (void)value;
    return offset >= MMIO_CONFIG || size == 4;
}

const struct bus_device_ops virtio_mmio_empty_ops = {.read = empty_read, .write = empty_write};
