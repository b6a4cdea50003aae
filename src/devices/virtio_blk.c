/* virtio-blk: the virtio-mmio registers, feature negotiation, the split virtqueue (walking
 * descriptor chains with every guest address checked) and the block requests. */
#include "devices/virtio_blk.h"
#include "devices/virtio_mmio.h"

#include <string.h>

/* A request needs a header and a status descriptor and a chain never holds more
 * descriptors than the queue, so every well-formed chain is within seg_max. */
#define SEG_MAX (VIRTIO_BLK_QUEUE_NUM_MAX - 2)

static uint64_t device_features(const struct virtio_blk *v)
{
    uint64_t features = VIRTIO_F_VERSION_1 | VIRTIO_BLK_F_FLUSH | VIRTIO_BLK_F_SEG_MAX |
                        VIRTIO_BLK_F_BLK_SIZE;
    if (v->image && v->image->read_only)
        features |= VIRTIO_BLK_F_RO;
    return features;
}

static void update_irq(struct virtio_blk *v)
{
    if (v->set_irq)
        v->set_irq(v->irq_opaque, v->interrupt_status != 0);
}

static void reset(struct virtio_blk *v)
{
    v->status = 0;
    v->device_features_sel = v->driver_features_sel = 0;
    v->driver_features = 0;
    v->queue_sel = 0;
    v->queue_num = 0;
    v->queue_ready = false;
    v->queue_desc = v->queue_driver = v->queue_device = 0;
    v->last_avail = v->next_used = 0;
    v->interrupt_status = 0;
    update_irq(v);
}

void virtio_blk_init(struct virtio_blk *v, struct bus *bus, struct disk_image *image)
{
    memset(v, 0, sizeof *v);
    v->bus = bus;
    v->image = image;
}

/* The device cannot go on with this queue; the driver must reset it. */
static void needs_reset(struct virtio_blk *v)
{
    v->status |= STATUS_NEEDS_RESET;
    v->interrupt_status |= INTERRUPT_CONFIG_CHANGE;
    update_irq(v);
}

/* --- guest memory: every range is checked with bus_in_ram before it is touched -------- */

/* True if [address, address + size) is in RAM; `address` is a 64-bit guest value. */
static bool in_ram(const struct virtio_blk *v, uint64_t address, uint64_t size)
{
    return address <= UINT32_MAX && size <= UINT32_MAX &&
           bus_in_ram(v->bus, (uint32_t)address, (uint32_t)size);
}

static uint32_t ram_load(const struct virtio_blk *v, uint64_t address, unsigned size)
{
    const uint8_t *p = bus_ram_pointer(v->bus, (uint32_t)address);
    uint32_t value = 0;
    for (unsigned i = 0; i < size; i++)
        value |= (uint32_t)p[i] << (8 * i);
    return value;
}

static void ram_store(struct virtio_blk *v, uint64_t address, uint32_t value, unsigned size)
{
    uint8_t bytes[4];
    for (unsigned i = 0; i < size; i++)
        bytes[i] = (uint8_t)(value >> (8 * i));
    bus_write_ram(v->bus, (uint32_t)address, bytes, size);
}

/* --- descriptor chains ---------------------------------------------------------------- */

struct segment {
    uint32_t address, length;
    bool writable;
    bool in_ram;
};

/* The buffers of one request in chain order: the device-readable ones, then the
 * device-writable ones. `valid` is false when the chain is malformed in any way; the
 * segments seen are still kept so that the status byte can be found. */
struct chain {
    struct segment segment[VIRTIO_BLK_QUEUE_NUM_MAX];
    unsigned count;
    uint64_t readable, writable; /* byte totals */
    bool valid;
};

static void walk_chain(const struct virtio_blk *v, uint16_t head, struct chain *c)
{
    uint8_t visited[VIRTIO_BLK_QUEUE_NUM_MAX / 8] = {0};
    *c = (struct chain){.valid = true};
    uint32_t index = head;
    for (;;) {
        /* A next index outside the table, or one already seen (a loop), ends the walk.
         * Seen descriptors are distinct, so a chain is never longer than the queue. */
        if (index >= v->queue_num || (visited[index / 8] & (1u << (index % 8)))) {
            c->valid = false;
            return;
        }
        visited[index / 8] |= (uint8_t)(1u << (index % 8));
        uint64_t at = v->queue_desc + (uint64_t)DESC_SIZE * index;
        uint64_t address = ram_load(v, at, 4) | (uint64_t)ram_load(v, at + 4, 4) << 32;
        uint32_t length = ram_load(v, at + 8, 4);
        uint32_t flags = ram_load(v, at + 12, 2);
        uint32_t next = ram_load(v, at + 14, 2);
        struct segment *s = &c->segment[c->count++];
        *s = (struct segment){.address = (uint32_t)address, .length = length,
                              .writable = (flags & DESC_F_WRITE) != 0,
                              .in_ram = in_ram(v, address, length)};
        if (!s->in_ram || (flags & DESC_F_INDIRECT))
            c->valid = false;
        if (s->writable) {
            c->writable += length;
        } else {
            c->readable += length;
            if (c->writable)
                c->valid = false; /* a readable buffer after a writable one */
        }
        if (!(flags & DESC_F_NEXT))
            return;
        index = next;
    }
}

/* Copies `size` bytes at `offset` of the chain's readable bytes into `out`. */
static void chain_gather(const struct virtio_blk *v, const struct chain *c, uint64_t offset,
                         void *out, size_t size)
{
    uint8_t *o = out;
    for (unsigned i = 0; i < c->count && size > 0; i++) {
        const struct segment *s = &c->segment[i];
        if (s->writable)
            break;
        if (offset >= s->length) {
            offset -= s->length;
            continue;
        }
        size_t n = s->length - offset < size ? (size_t)(s->length - offset) : size;
        memcpy(o, bus_ram_pointer(v->bus, s->address + (uint32_t)offset), n);
        o += n;
        size -= n;
        offset = 0;
    }
}

/* Copies `size` bytes into the chain's writable bytes at `offset`, through bus_write_ram
 * so that decoded instructions in those pages are dropped. */
static void chain_scatter(struct virtio_blk *v, const struct chain *c, uint64_t offset,
                          const void *in, size_t size)
{
    const uint8_t *p = in;
    for (unsigned i = 0; i < c->count && size > 0; i++) {
        const struct segment *s = &c->segment[i];
        if (!s->writable)
            continue;
        if (offset >= s->length) {
            offset -= s->length;
            continue;
        }
        size_t n = s->length - offset < size ? (size_t)(s->length - offset) : size;
        bus_write_ram(v->bus, s->address + (uint32_t)offset, p, (uint32_t)n);
        p += n;
        size -= n;
        offset = 0;
    }
}

/* The last writable byte of the chain, where the status goes, if it can be written. */
static bool status_address(const struct chain *c, uint32_t *address)
{
    if (c->count == 0)
        return false;
    const struct segment *s = &c->segment[c->count - 1];
    if (!s->writable || s->length == 0 || !s->in_ram)
        return false;
    *address = s->address + s->length - 1;
    return true;
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* --- block requests ------------------------------------------------------------------- */

static bool sectors_in_range(const struct virtio_blk *v, uint64_t sector, uint64_t bytes)
{
    return bytes % DISK_SECTOR_SIZE == 0 && sector <= v->image->sectors &&
           bytes / DISK_SECTOR_SIZE <= v->image->sectors - sector;
}

static uint8_t read_sectors(struct virtio_blk *v, const struct chain *c, uint64_t sector,
                            uint32_t *written)
{
    uint64_t bytes = c->writable - 1;
    if (!sectors_in_range(v, sector, bytes))
        return BLK_S_IOERR;
    for (uint64_t done = 0; done < bytes;) {
        size_t n = bytes - done < sizeof v->bounce ? (size_t)(bytes - done) : sizeof v->bounce;
        if (!disk_image_read(v->image, sector * DISK_SECTOR_SIZE + done, v->bounce, n))
            return BLK_S_IOERR;
        chain_scatter(v, c, done, v->bounce, n);
        done += n;
    }
    *written = (uint32_t)bytes;
    v->stats.reads++;
    v->stats.sectors_read += bytes / DISK_SECTOR_SIZE;
    return BLK_S_OK;
}

static uint8_t write_sectors(struct virtio_blk *v, const struct chain *c, uint64_t sector)
{
    uint64_t bytes = c->readable - BLK_HEADER_SIZE;
    if (v->image->read_only || !sectors_in_range(v, sector, bytes))
        return BLK_S_IOERR;
    for (uint64_t done = 0; done < bytes;) {
        size_t n = bytes - done < sizeof v->bounce ? (size_t)(bytes - done) : sizeof v->bounce;
        chain_gather(v, c, BLK_HEADER_SIZE + done, v->bounce, n);
        if (!disk_image_write(v->image, sector * DISK_SECTOR_SIZE + done, v->bounce, n))
            return BLK_S_IOERR;
        done += n;
    }
    v->stats.writes++;
    v->stats.sectors_written += bytes / DISK_SECTOR_SIZE;
    return BLK_S_OK;
}

/* The serial number a driver reads with GET_ID: 20 bytes, NUL-padded. */
static uint8_t get_id(struct virtio_blk *v, const struct chain *c, uint32_t *written)
{
    static const char id[BLK_ID_BYTES] = "vmsim-virtio-blk";
    uint64_t room = c->writable - 1;
    uint32_t n = room < BLK_ID_BYTES ? (uint32_t)room : BLK_ID_BYTES;
    chain_scatter(v, c, 0, id, n);
    *written = n;
    v->stats.get_ids++;
    return BLK_S_OK;
}

/* Carries out one request; returns the bytes written into its writable buffers. */
static uint32_t execute_request(struct virtio_blk *v, uint16_t head)
{
    struct chain c;
    walk_chain(v, head, &c);
    uint32_t status_at;
    if (!status_address(&c, &status_at)) {
        v->stats.errors++;
        return 0; /* nowhere to say what went wrong */
    }
    uint8_t status = BLK_S_IOERR;
    uint32_t written = 0;
    uint8_t header[BLK_HEADER_SIZE];
    if (c.valid && c.readable >= BLK_HEADER_SIZE) {
        chain_gather(v, &c, 0, header, sizeof header);
        uint32_t type = le32(header);
        uint64_t sector = le32(header + 8) | (uint64_t)le32(header + 12) << 32;
        switch (type) {
        case BLK_T_IN: status = read_sectors(v, &c, sector, &written); break;
        case BLK_T_OUT: status = write_sectors(v, &c, sector); break;
        case BLK_T_FLUSH:
            status = disk_image_flush(v->image) ? BLK_S_OK : BLK_S_IOERR;
            v->stats.flushes++;
            break;
        case BLK_T_GET_ID: status = get_id(v, &c, &written); break;
        default: status = BLK_S_UNSUPP; break;
        }
    }
    if (status != BLK_S_OK)
        v->stats.errors++;
    bus_write_ram(v->bus, status_at, &status, 1);
    return written + 1;
}

/* --- the queue ------------------------------------------------------------------------ */

/* True if the three areas of the queue lie in RAM, suitably aligned (virtio 1.x, 2.6). */
static bool queue_areas_usable(const struct virtio_blk *v)
{
    uint64_t num = v->queue_num;
    return in_ram(v, v->queue_desc, DESC_SIZE * num) && v->queue_desc % 16 == 0 &&
           in_ram(v, v->queue_driver, 6 + 2 * num) && v->queue_driver % 2 == 0 &&
           in_ram(v, v->queue_device, 6 + 8 * num) && v->queue_device % 4 == 0;
}

static void push_used(struct virtio_blk *v, uint16_t head, uint32_t length)
{
    uint64_t element = v->queue_device + 4 + 8 * (uint64_t)(v->next_used % v->queue_num);
    ram_store(v, element, head, 4);
    ram_store(v, element + 4, length, 4);
    v->next_used++;
    ram_store(v, v->queue_device + 2, v->next_used, 2);
}

/* Takes every request the driver has made available since the last notification. */
static void process_queue(struct virtio_blk *v)
{
    if (!(v->status & STATUS_DRIVER_OK) || (v->status & STATUS_NEEDS_RESET) || !v->queue_ready ||
        !v->image)
        return;
    if (!queue_areas_usable(v)) {
        needs_reset(v);
        return;
    }
    uint16_t available = (uint16_t)ram_load(v, v->queue_driver + 2, 2);
    if ((uint16_t)(available - v->last_avail) > v->queue_num) {
        needs_reset(v); /* more requests than the queue can hold: the ring is garbage */
        return;
    }
    bool completed = false;
    while (v->last_avail != available) {
        uint64_t slot = v->queue_driver + 4 + 2 * (uint64_t)(v->last_avail % v->queue_num);
        uint16_t head = (uint16_t)ram_load(v, slot, 2);
        if (head >= v->queue_num) {
            needs_reset(v); /* no descriptor to complete, so nothing to report an error in */
            return;
        }
        uint32_t written = execute_request(v, head);
        push_used(v, head, written);
        v->last_avail++;
        completed = true;
    }
    if (completed && !(ram_load(v, v->queue_driver, 2) & AVAIL_F_NO_INTERRUPT)) {
        v->interrupt_status |= INTERRUPT_USED_BUFFER;
        v->stats.interrupts++;
        update_irq(v);
    }
}

/* --- registers ------------------------------------------------------------------------ */

static uint32_t config_byte(const struct virtio_blk *v, uint32_t offset)
{
    uint64_t value;
    switch (offset & ~7u) {
    case 0x00: value = v->image->sectors; break;             /* capacity */
    case 0x08: value = (uint64_t)SEG_MAX << 32; break;       /* size_max = 0, seg_max */
    case 0x10: value = (uint64_t)DISK_SECTOR_SIZE << 32; break; /* geometry = 0, blk_size */
    default: value = 0; break;
    }
    return (uint32_t)(value >> (8 * (offset & 7))) & 0xff;
}

static uint32_t queue_register(const struct virtio_blk *v, uint32_t offset)
{
    switch (offset) {
    case MMIO_QUEUE_NUM_MAX: return VIRTIO_BLK_QUEUE_NUM_MAX;
    case MMIO_QUEUE_NUM: return v->queue_num;
    case MMIO_QUEUE_READY: return v->queue_ready;
    case MMIO_QUEUE_DESC_LOW: return (uint32_t)v->queue_desc;
    case MMIO_QUEUE_DESC_HIGH: return (uint32_t)(v->queue_desc >> 32);
    case MMIO_QUEUE_DRIVER_LOW: return (uint32_t)v->queue_driver;
    case MMIO_QUEUE_DRIVER_HIGH: return (uint32_t)(v->queue_driver >> 32);
    case MMIO_QUEUE_DEVICE_LOW: return (uint32_t)v->queue_device;
    case MMIO_QUEUE_DEVICE_HIGH: return (uint32_t)(v->queue_device >> 32);
    default: return 0;
    }
}

static bool virtio_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    struct virtio_blk *v = opaque;
    if (offset >= MMIO_CONFIG) {
        *value = 0;
        for (unsigned i = 0; v->image && i < size; i++)
            *value |= config_byte(v, offset - MMIO_CONFIG + i) << (8 * i);
        return true;
    }
    if (size != 4)
        return false;
    switch (offset) {
    case MMIO_MAGIC: *value = VIRTIO_MAGIC; break;
    case MMIO_VERSION: *value = 2; break;
    case MMIO_DEVICE_ID: *value = v->image ? VIRTIO_ID_BLOCK : 0; break;
    case MMIO_VENDOR_ID: *value = VIRTIO_VENDOR; break;
    case MMIO_DEVICE_FEATURES:
        *value = v->device_features_sel < 2
                     ? (uint32_t)(device_features(v) >> (32 * v->device_features_sel))
                     : 0;
        break;
    case MMIO_INTERRUPT_STATUS: *value = v->interrupt_status; break;
    case MMIO_STATUS: *value = v->status; break;
    case MMIO_CONFIG_GENERATION: *value = 0; break;
    default: *value = v->queue_sel == 0 && v->image ? queue_register(v, offset) : 0; break;
    }
    return true;
}

static void set_half(uint64_t *reg, bool high, uint32_t value)
{
    *reg = high ? (*reg & 0xffffffffu) | (uint64_t)value << 32
                : (*reg & ~(uint64_t)0xffffffffu) | value;
}

/* Queue configuration registers: the driver sets them while the queue is not ready. */
static void write_queue_register(struct virtio_blk *v, uint32_t offset, uint32_t value)
{
    if (v->queue_sel != 0 || !v->image)
        return;
    if (offset == MMIO_QUEUE_READY) {
        v->queue_ready = (value & 1) && v->queue_num != 0;
        if (v->queue_ready)
            v->last_avail = v->next_used = 0;
        return;
    }
    if (v->queue_ready)
        return;
    switch (offset) {
    case MMIO_QUEUE_NUM:
        v->queue_num = value <= VIRTIO_BLK_QUEUE_NUM_MAX ? value : 0;
        break;
    case MMIO_QUEUE_DESC_LOW: set_half(&v->queue_desc, false, value); break;
    case MMIO_QUEUE_DESC_HIGH: set_half(&v->queue_desc, true, value); break;
    case MMIO_QUEUE_DRIVER_LOW: set_half(&v->queue_driver, false, value); break;
    case MMIO_QUEUE_DRIVER_HIGH: set_half(&v->queue_driver, true, value); break;
    case MMIO_QUEUE_DEVICE_LOW: set_half(&v->queue_device, false, value); break;
    case MMIO_QUEUE_DEVICE_HIGH: set_half(&v->queue_device, true, value); break;
    default: break;
    }
}

/* Writing 0 resets the device. FEATURES_OK sticks only if the driver took no feature the
 * device did not offer. VERSION_1 is not required: xv6's driver never writes the high
 * feature word, and QEMU serves it anyway. */
static void write_status(struct virtio_blk *v, uint32_t value)
{
    if (value == 0) {
        reset(v);
        return;
    }
    if ((value & STATUS_FEATURES_OK) && !(v->status & STATUS_FEATURES_OK) &&
        (v->driver_features & ~device_features(v)))
        value &= ~STATUS_FEATURES_OK;
    v->status = (value & 0xff & ~STATUS_NEEDS_RESET) | (v->status & STATUS_NEEDS_RESET);
}

static bool virtio_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct virtio_blk *v = opaque;
    if (offset >= MMIO_CONFIG)
        return true; /* nothing in the block config is writable without CONFIG_WCE */
    if (size != 4)
        return false;
    switch (offset) {
    case MMIO_DEVICE_FEATURES_SEL: v->device_features_sel = value; break;
    case MMIO_DRIVER_FEATURES_SEL: v->driver_features_sel = value; break;
    case MMIO_DRIVER_FEATURES:
        if (v->driver_features_sel < 2 && !(v->status & STATUS_FEATURES_OK))
            set_half(&v->driver_features, v->driver_features_sel == 1, value);
        break;
    case MMIO_QUEUE_SEL: v->queue_sel = value; break;
    case MMIO_QUEUE_NOTIFY:
        if (value == 0)
            process_queue(v);
        break;
    case MMIO_INTERRUPT_ACK:
        v->interrupt_status &= ~value;
        update_irq(v);
        break;
    case MMIO_STATUS: write_status(v, value); break;
    default: write_queue_register(v, offset, value); break;
    }
    return true;
}

const struct bus_device_ops virtio_blk_ops = {.read = virtio_read, .write = virtio_write};
