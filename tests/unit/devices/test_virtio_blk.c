/* virtio-blk driven by a fake guest driver: the test sets the device up through its
 * registers as a guest would, builds descriptor chains in the fixture's RAM, notifies, and
 * checks the status byte, the used ring, the interrupt, and the bytes in the image file.
 * Malformed requests must fail with IOERR (or UNSUPP) and never touch the image. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/disk_image.h"
#include "devices/virtio_blk.h"
#include "hart_fixture.h"

/* virtio-mmio registers and bits, written out here from the specification rather than
 * taken from the device, so that the two cannot share a mistake. */
#define MAGIC 0x000
#define VERSION 0x004
#define DEVICE_ID 0x008
#define VENDOR_ID 0x00c
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
#define QUEUE_DEVICE_LOW 0x0a0
#define CONFIG 0x100

#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_NEEDS_RESET 64

#define F_RO (1u << 5)
#define F_BLK_SIZE (1u << 6)
#define F_FLUSH (1u << 9)
#define F_SEG_MAX (1u << 2)
#define F_VERSION_1_HIGH (1u << 0) /* bit 32, in the high word */

#define D_NEXT 1
#define D_WRITE 2
#define D_INDIRECT 4

#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define T_GET_ID 8
#define T_BOGUS 77
#define ST_OK 0
#define ST_IOERR 1
#define ST_UNSUPP 2

#define DISK_SECTORS 16
#define QUEUE_SIZE 8

/* Guest RAM layout (the fixture has 64 KiB at 0x80000000; code lives below 0x1000). */
#define DESC_TABLE (FIXTURE_RAM_BASE + 0x1000)
#define AVAIL_RING (FIXTURE_RAM_BASE + 0x1100)
#define USED_RING (FIXTURE_RAM_BASE + 0x1200)
#define HEADER (FIXTURE_RAM_BASE + 0x2000)
#define STATUS_BYTE (FIXTURE_RAM_BASE + 0x2100)
#define DATA (FIXTURE_RAM_BASE + 0x3000)
#define RAM_END (FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE)

struct blk_test {
    void *fixture_state;
    struct hart_fixture *f;
    struct virtio_blk *v;
    struct disk_image image;
    char path[64];
    bool irq;
    unsigned queue_size;
    uint16_t avail_idx;
};

static uint8_t sector_byte(unsigned sector, unsigned i)
{
    return (uint8_t)(sector * 16 + i % 13);
}

static void follow_irq(void *opaque, bool level)
{
    ((struct blk_test *)opaque)->irq = level;
}

/* A fresh image of DISK_SECTORS sectors with a known pattern, opened as `read_only`. */
static void make_image(struct blk_test *t, bool read_only)
{
    strcpy(t->path, "/tmp/vmsim-blk-test.XXXXXX");
    int fd = mkstemp(t->path);
    assert_true(fd >= 0);
    uint8_t sector[DISK_SECTOR_SIZE];
    for (unsigned s = 0; s < DISK_SECTORS; s++) {
        for (unsigned i = 0; i < DISK_SECTOR_SIZE; i++)
            sector[i] = sector_byte(s, i);
        assert_int_equal(write(fd, sector, sizeof sector), sizeof sector);
    }
    close(fd);
    char err[256];
    assert_int_equal(disk_image_open(&t->image, t->path, 0, read_only, err, sizeof err), DISK_IMAGE_OK);
}

static int setup_with(void **state, bool read_only, bool with_disk)
{
    struct blk_test *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_int_equal(hart_fixture_setup(&t->fixture_state), 0);
    t->f = t->fixture_state;
    t->v = calloc(1, sizeof *t->v);
    assert_non_null(t->v);
    t->image.fd = -1;
    if (with_disk)
        make_image(t, read_only);
    virtio_blk_init(t->v, &t->f->bus, with_disk ? &t->image : NULL);
    t->v->set_irq = follow_irq;
    t->v->irq_opaque = t;
    *state = t;
    return 0;
}

static int blk_setup(void **state)
{
    return setup_with(state, false, true);
}

static int blk_setup_read_only(void **state)
{
    return setup_with(state, true, true);
}

static int blk_setup_no_disk(void **state)
{
    return setup_with(state, false, false);
}

static int blk_teardown(void **state)
{
    struct blk_test *t = *state;
    disk_image_close(&t->image);
    if (t->path[0])
        unlink(t->path);
    free(t->v);
    hart_fixture_teardown(&t->fixture_state);
    free(t);
    return 0;
}

static uint32_t reg_read(struct blk_test *t, uint32_t offset)
{
    uint32_t value = 0xdeadbeef;
    assert_true(virtio_blk_ops.read(t->v, offset, 4, &value));
    return value;
}

static void reg_write(struct blk_test *t, uint32_t offset, uint32_t value)
{
    assert_true(virtio_blk_ops.write(t->v, offset, 4, value));
}

static void ram_write(struct blk_test *t, uint32_t address, const void *data, uint32_t size)
{
    assert_true(bus_write_ram(&t->f->bus, address, data, size));
}

static void ram_write16(struct blk_test *t, uint32_t address, uint16_t value)
{
    uint8_t b[2] = {(uint8_t)value, (uint8_t)(value >> 8)};
    ram_write(t, address, b, 2);
}

static uint8_t ram_byte(struct blk_test *t, uint32_t address)
{
    return *bus_ram_pointer(&t->f->bus, address);
}

static uint32_t ram_word(struct blk_test *t, uint32_t address)
{
    return fixture_read_word(t->f, address);
}

static uint16_t used_idx(struct blk_test *t)
{
    return (uint16_t)(ram_word(t, USED_RING) >> 16);
}

/* The driver initialisation sequence of virtio 1.x, 3.1.1, with a queue of `size`. */
static void driver_start(struct blk_test *t, unsigned size, uint32_t desc, uint32_t avail, uint32_t used)
{
    reg_write(t, STATUS, 0);
    reg_write(t, STATUS, S_ACKNOWLEDGE);
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER);
    reg_write(t, DEVICE_FEATURES_SEL, 0);
    uint32_t low = reg_read(t, DEVICE_FEATURES);
    reg_write(t, DEVICE_FEATURES_SEL, 1);
    uint32_t high = reg_read(t, DEVICE_FEATURES);
    reg_write(t, DRIVER_FEATURES_SEL, 0);
    reg_write(t, DRIVER_FEATURES, low & (F_FLUSH | F_BLK_SIZE | F_SEG_MAX | F_RO));
    reg_write(t, DRIVER_FEATURES_SEL, 1);
    reg_write(t, DRIVER_FEATURES, high & F_VERSION_1_HIGH);
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    assert_true(reg_read(t, STATUS) & S_FEATURES_OK);
    reg_write(t, QUEUE_SEL, 0);
    assert_int_equal(reg_read(t, QUEUE_READY), 0);
    reg_write(t, QUEUE_NUM, size);
    reg_write(t, QUEUE_DESC_LOW, desc);
    reg_write(t, QUEUE_DESC_HIGH, 0);
    reg_write(t, QUEUE_DRIVER_LOW, avail);
    reg_write(t, QUEUE_DEVICE_LOW, used);
    reg_write(t, QUEUE_READY, 1);
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    /* Clear the rings, as a driver allocating them zeroed would. */
    uint8_t zero[0x100] = {0};
    ram_write(t, AVAIL_RING, zero, sizeof zero);
    ram_write(t, USED_RING, zero, sizeof zero);
    t->queue_size = size;
    t->avail_idx = 0;
}

static int blk_setup_started(void **state)
{
    blk_setup(state);
    struct blk_test *t = *state;
    driver_start(t, QUEUE_SIZE, DESC_TABLE, AVAIL_RING, USED_RING);
    return 0;
}

static void set_desc(struct blk_test *t, unsigned index, uint64_t address, uint32_t length,
                     uint16_t flags, uint16_t next)
{
    uint8_t d[16];
    for (int i = 0; i < 8; i++)
        d[i] = (uint8_t)(address >> (8 * i));
    for (int i = 0; i < 4; i++)
        d[8 + i] = (uint8_t)(length >> (8 * i));
    d[12] = (uint8_t)flags;
    d[13] = (uint8_t)(flags >> 8);
    d[14] = (uint8_t)next;
    d[15] = (uint8_t)(next >> 8);
    ram_write(t, DESC_TABLE + 16 * index, d, sizeof d);
}

static void set_header(struct blk_test *t, uint32_t type, uint64_t sector)
{
    uint8_t h[16] = {0};
    for (int i = 0; i < 4; i++)
        h[i] = (uint8_t)(type >> (8 * i));
    for (int i = 0; i < 8; i++)
        h[8 + i] = (uint8_t)(sector >> (8 * i));
    ram_write(t, HEADER, h, sizeof h);
    ram_write(t, STATUS_BYTE, (uint8_t[]){0xee}, 1); /* a value the device must overwrite */
}

/* Makes the chain starting at `head` available and notifies. */
static void submit(struct blk_test *t, uint16_t head)
{
    ram_write16(t, AVAIL_RING + 4 + 2 * (t->avail_idx % t->queue_size), head);
    t->avail_idx++;
    ram_write16(t, AVAIL_RING + 2, t->avail_idx);
    reg_write(t, QUEUE_NOTIFY, 0);
}

/* The usual three-descriptor request: header, data, status. */
static void request(struct blk_test *t, uint32_t type, uint64_t sector, uint32_t data, uint32_t length)
{
    set_header(t, type, sector);
    set_desc(t, 0, HEADER, 16, D_NEXT, 1);
    set_desc(t, 1, data, length, (uint16_t)(D_NEXT | (type == T_IN || type == T_GET_ID ? D_WRITE : 0)), 2);
    set_desc(t, 2, STATUS_BYTE, 1, D_WRITE, 0);
    submit(t, 0);
}

/* The used element for the request just completed: its id and length. */
static void expect_used(struct blk_test *t, uint32_t id, uint32_t length)
{
    assert_int_equal(used_idx(t), t->avail_idx);
    uint32_t element = USED_RING + 4 + 8 * ((t->avail_idx - 1u) % t->queue_size);
    assert_int_equal(ram_word(t, element), id);
    assert_int_equal(ram_word(t, element + 4), length);
}

static void file_bytes(struct blk_test *t, uint64_t offset, void *out, size_t size)
{
    int fd = open(t->path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(pread(fd, out, size, (off_t)offset), (ssize_t)size);
    close(fd);
}

/* True if every byte of the image still holds the pattern make_image() wrote. */
static bool image_untouched(struct blk_test *t)
{
    uint8_t all[DISK_SECTORS * DISK_SECTOR_SIZE];
    file_bytes(t, 0, all, sizeof all);
    for (unsigned i = 0; i < sizeof all; i++)
        if (all[i] != sector_byte(i / DISK_SECTOR_SIZE, i % DISK_SECTOR_SIZE))
            return false;
    return true;
}

/* --- identity and negotiation --------------------------------------------------------- */

static void identity_registers_say_virtio_mmio_2_block_device(void **state)
{
    struct blk_test *t = *state;
    assert_int_equal(reg_read(t, MAGIC), 0x74726976);
    assert_int_equal(reg_read(t, VERSION), 2);
    assert_int_equal(reg_read(t, DEVICE_ID), 2);
    assert_int_equal(reg_read(t, VENDOR_ID), 0x4d495356);
    assert_int_equal(reg_read(t, QUEUE_NUM_MAX), VIRTIO_BLK_QUEUE_NUM_MAX);
    reg_write(t, DEVICE_FEATURES_SEL, 0);
    uint32_t low = reg_read(t, DEVICE_FEATURES);
    assert_int_equal(low & (F_FLUSH | F_BLK_SIZE | F_SEG_MAX), F_FLUSH | F_BLK_SIZE | F_SEG_MAX);
    assert_false(low & F_RO);
    reg_write(t, DEVICE_FEATURES_SEL, 1);
    assert_int_equal(reg_read(t, DEVICE_FEATURES), F_VERSION_1_HIGH);
    reg_write(t, DEVICE_FEATURES_SEL, 2);
    assert_int_equal(reg_read(t, DEVICE_FEATURES), 0);
}

static void config_space_holds_capacity_seg_max_and_block_size(void **state)
{
    struct blk_test *t = *state;
    assert_int_equal(reg_read(t, CONFIG + 0), DISK_SECTORS);
    assert_int_equal(reg_read(t, CONFIG + 4), 0);
    assert_int_equal(reg_read(t, CONFIG + 0x0c), VIRTIO_BLK_QUEUE_NUM_MAX - 2);
    assert_int_equal(reg_read(t, CONFIG + 0x14), DISK_SECTOR_SIZE);
    uint32_t value;
    assert_true(virtio_blk_ops.read(t->v, CONFIG, 1, &value));
    assert_int_equal(value, DISK_SECTORS);
    assert_true(virtio_blk_ops.read(t->v, CONFIG + 0x14, 2, &value));
    assert_int_equal(value, DISK_SECTOR_SIZE);
    assert_int_equal(reg_read(t, CONFIG + 0x40), 0);
}

static void registers_below_config_take_words_only(void **state)
{
    struct blk_test *t = *state;
    uint32_t value;
    assert_false(virtio_blk_ops.read(t->v, MAGIC, 1, &value));
    assert_false(virtio_blk_ops.write(t->v, STATUS, 2, 1));
}

static void without_a_disk_the_device_id_is_0(void **state)
{
    struct blk_test *t = *state;
    assert_int_equal(reg_read(t, MAGIC), 0x74726976);
    assert_int_equal(reg_read(t, VERSION), 2);
    assert_int_equal(reg_read(t, DEVICE_ID), 0);
    assert_int_equal(reg_read(t, QUEUE_NUM_MAX), 0);
    reg_write(t, QUEUE_NOTIFY, 0); /* nothing to do, nothing breaks */
}

static void features_ok_sticks_only_for_offered_features(void **state)
{
    struct blk_test *t = *state;
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER);
    reg_write(t, DRIVER_FEATURES_SEL, 0);
    reg_write(t, DRIVER_FEATURES, F_FLUSH | (1u << 28)); /* 28 is not offered */
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    assert_false(reg_read(t, STATUS) & S_FEATURES_OK);
    reg_write(t, STATUS, 0);
    assert_int_equal(reg_read(t, STATUS), 0);
    /* xv6's driver: low word only, VERSION_1 never accepted; served anyway. */
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER);
    reg_write(t, DRIVER_FEATURES, F_FLUSH);
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    assert_true(reg_read(t, STATUS) & S_FEATURES_OK);
}

static void read_only_disk_offers_ro_and_refuses_writes(void **state)
{
    struct blk_test *t = *state;
    reg_write(t, DEVICE_FEATURES_SEL, 0);
    assert_true(reg_read(t, DEVICE_FEATURES) & F_RO);
    driver_start(t, QUEUE_SIZE, DESC_TABLE, AVAIL_RING, USED_RING);
    request(t, T_OUT, 0, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    request(t, T_IN, 1, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    assert_true(image_untouched(t));
}

/* --- requests ------------------------------------------------------------------------- */

static void read_two_sectors_into_ram_and_interrupt(void **state)
{
    struct blk_test *t = *state;
    request(t, T_IN, 3, DATA, 2 * DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    expect_used(t, 0, 2 * DISK_SECTOR_SIZE + 1);
    for (unsigned i = 0; i < 2 * DISK_SECTOR_SIZE; i++)
        assert_int_equal(ram_byte(t, DATA + i), sector_byte(3 + i / DISK_SECTOR_SIZE, i % DISK_SECTOR_SIZE));
    assert_true(t->irq);
    assert_int_equal(reg_read(t, INTERRUPT_STATUS), 1);
    reg_write(t, INTERRUPT_ACK, 1);
    assert_false(t->irq);
    assert_int_equal(reg_read(t, INTERRUPT_STATUS), 0);
    assert_int_equal(t->v->stats.sectors_read, 2);
}

static void write_sectors_reach_the_image_file(void **state)
{
    struct blk_test *t = *state;
    uint8_t data[2 * DISK_SECTOR_SIZE];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(0xa0 ^ i);
    ram_write(t, DATA, data, sizeof data);
    request(t, T_OUT, DISK_SECTORS - 2, DATA, sizeof data);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    expect_used(t, 0, 1);
    uint8_t file[sizeof data];
    file_bytes(t, (DISK_SECTORS - 2) * DISK_SECTOR_SIZE, file, sizeof file);
    assert_memory_equal(file, data, sizeof data);
    uint8_t before[DISK_SECTOR_SIZE];
    file_bytes(t, (DISK_SECTORS - 3) * DISK_SECTOR_SIZE, before, sizeof before);
    assert_int_equal(before[0], sector_byte(DISK_SECTORS - 3, 0));
    assert_int_equal(t->v->stats.sectors_written, 2);
}

/* Version 1 drivers may split a request across descriptors however they like. */
static void request_split_across_many_descriptors_works(void **state)
{
    struct blk_test *t = *state;
    uint8_t data[DISK_SECTOR_SIZE];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7);
    ram_write(t, DATA, data, sizeof data);
    set_header(t, T_OUT, 5);
    set_desc(t, 3, HEADER, 10, D_NEXT, 6);             /* header, first part */
    set_desc(t, 6, HEADER + 10, 6, D_NEXT, 1);         /* header, rest */
    set_desc(t, 1, DATA, 100, D_NEXT, 7);              /* data in three pieces */
    set_desc(t, 7, DATA + 100, 400, D_NEXT, 0);
    set_desc(t, 0, DATA + 500, 12, D_NEXT, 2);
    set_desc(t, 2, STATUS_BYTE, 1, D_WRITE, 0);
    submit(t, 3);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    expect_used(t, 3, 1);
    uint8_t file[DISK_SECTOR_SIZE];
    file_bytes(t, 5 * DISK_SECTOR_SIZE, file, sizeof file);
    assert_memory_equal(file, data, sizeof data);

    /* Read it back into two pieces whose second one also holds the status byte. */
    memset(data, 0, sizeof data);
    ram_write(t, DATA, data, sizeof data);
    set_header(t, T_IN, 5);
    set_desc(t, 4, HEADER, 16, D_NEXT, 5);
    set_desc(t, 5, DATA, 300, D_NEXT | D_WRITE, 6);
    set_desc(t, 6, DATA + 300, 213, D_WRITE, 0);
    submit(t, 4);
    expect_used(t, 4, DISK_SECTOR_SIZE + 1);
    assert_int_equal(ram_byte(t, DATA + DISK_SECTOR_SIZE), ST_OK);
    for (unsigned i = 0; i < DISK_SECTOR_SIZE; i++)
        assert_int_equal(ram_byte(t, DATA + i), (uint8_t)(i * 7));
}

static void flush_succeeds_and_leaves_nothing_dirty(void **state)
{
    struct blk_test *t = *state;
    request(t, T_OUT, 0, DATA, DISK_SECTOR_SIZE);
    assert_true(t->image.dirty);
    set_header(t, T_FLUSH, 0);
    set_desc(t, 0, HEADER, 16, D_NEXT, 2);
    set_desc(t, 2, STATUS_BYTE, 1, D_WRITE, 0);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    expect_used(t, 0, 1);
    assert_false(t->image.dirty);
    assert_int_equal(t->v->stats.flushes, 1);
}

static void get_id_writes_a_20_byte_serial(void **state)
{
    struct blk_test *t = *state;
    uint8_t junk[32];
    memset(junk, 0x55, sizeof junk);
    ram_write(t, DATA, junk, sizeof junk);
    request(t, T_GET_ID, 0, DATA, 20);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    expect_used(t, 0, 21);
    const char expected[20] = "vmsim-virtio-blk";
    assert_memory_equal(bus_ram_pointer(&t->f->bus, DATA), expected, 20);
    assert_int_equal(ram_byte(t, DATA + 20), 0x55);
}

static void unknown_request_type_is_unsupported(void **state)
{
    struct blk_test *t = *state;
    request(t, T_BOGUS, 0, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_UNSUPP);
    expect_used(t, 0, 1);
    assert_true(image_untouched(t));
}

/* --- bad requests --------------------------------------------------------------------- */

static void sectors_past_the_end_are_an_io_error(void **state)
{
    struct blk_test *t = *state;
    request(t, T_OUT, DISK_SECTORS - 1, DATA, 2 * DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    expect_used(t, 0, 1);
    request(t, T_IN, DISK_SECTORS, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    /* A sector number that would wrap around when multiplied or added. */
    request(t, T_OUT, UINT64_MAX, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    request(t, T_OUT, UINT64_MAX / DISK_SECTOR_SIZE + 2, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    /* Exactly up to the end is fine. */
    request(t, T_IN, DISK_SECTORS - 1, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    assert_true(image_untouched(t));
    assert_int_equal(t->v->stats.errors, 4);
}

static void data_length_not_a_multiple_of_512_is_an_io_error(void **state)
{
    struct blk_test *t = *state;
    request(t, T_OUT, 0, DATA, 100);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    request(t, T_IN, 0, DATA, 513);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    assert_true(image_untouched(t));
}

static void buffers_outside_ram_are_an_io_error(void **state)
{
    struct blk_test *t = *state;
    uint8_t before[64];
    memcpy(before, bus_ram_pointer(&t->f->bus, RAM_END - 64), sizeof before);
    /* Entirely outside, straddling the end of RAM, above 4 GiB, and a device address. */
    request(t, T_IN, 0, 0x10000000, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    request(t, T_IN, 0, RAM_END - 64, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    assert_memory_equal(bus_ram_pointer(&t->f->bus, RAM_END - 64), before, sizeof before);
    set_header(t, T_OUT, 0);
    set_desc(t, 0, HEADER, 16, D_NEXT, 1);
    set_desc(t, 1, 0x100000000ull | DATA, DISK_SECTOR_SIZE, D_NEXT, 2);
    set_desc(t, 2, STATUS_BYTE, 1, D_WRITE, 0);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    request(t, T_OUT, 0, DATA, 0xfffffe00u);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    /* The header itself outside RAM. */
    set_desc(t, 0, 0x20000000, 16, D_NEXT, 2);
    set_desc(t, 2, STATUS_BYTE, 1, D_WRITE, 0);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    expect_used(t, 0, 1);
    assert_true(image_untouched(t));
}

static void chain_that_loops_is_an_io_error(void **state)
{
    struct blk_test *t = *state;
    set_header(t, T_IN, 0);
    set_desc(t, 0, HEADER, 16, D_NEXT, 1);
    set_desc(t, 1, DATA, DISK_SECTOR_SIZE, D_NEXT | D_WRITE, 2);
    set_desc(t, 2, STATUS_BYTE, 1, D_NEXT | D_WRITE, 1); /* back to the data */
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    expect_used(t, 0, 1);
    /* A descriptor that names itself as next. */
    set_desc(t, 0, HEADER, 16, D_NEXT, 0);
    submit(t, 0);
    expect_used(t, 0, 0); /* no writable descriptor: nowhere to put a status */
}

static void chain_running_off_the_table_is_an_io_error(void **state)
{
    struct blk_test *t = *state;
    /* Every descriptor of the queue used, the last one's next beyond the table. (A chain
     * longer than the queue must repeat a descriptor: that is the loop case.) */
    set_header(t, T_OUT, 0);
    set_desc(t, 0, HEADER, 16, D_NEXT, 1);
    for (unsigned i = 1; i < QUEUE_SIZE - 1; i++)
        set_desc(t, i, DATA, DISK_SECTOR_SIZE, D_NEXT, (uint16_t)(i + 1));
    set_desc(t, QUEUE_SIZE - 1, STATUS_BYTE, 1, D_NEXT | D_WRITE, QUEUE_SIZE);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    expect_used(t, 0, 1);
    assert_true(image_untouched(t));
}

static void malformed_chains_are_io_errors(void **state)
{
    struct blk_test *t = *state;
    /* A readable buffer after a writable one. */
    set_header(t, T_OUT, 0);
    set_desc(t, 0, HEADER, 16, D_NEXT, 1);
    set_desc(t, 1, DATA, DISK_SECTOR_SIZE, D_NEXT | D_WRITE, 3);
    set_desc(t, 3, DATA, DISK_SECTOR_SIZE, D_NEXT, 2);
    set_desc(t, 2, STATUS_BYTE, 1, D_WRITE, 0);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    /* An indirect descriptor (the feature was not offered). */
    set_desc(t, 1, DATA, 16, D_NEXT | D_INDIRECT, 2);
    set_header(t, T_OUT, 0);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    /* A header shorter than 16 bytes. */
    set_header(t, T_IN, 0);
    set_desc(t, 0, HEADER, 8, D_NEXT, 2);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_IOERR);
    /* A status descriptor the device may not write: nothing is written, length 0. */
    set_header(t, T_IN, 0);
    set_desc(t, 0, HEADER, 16, D_NEXT, 2);
    set_desc(t, 2, STATUS_BYTE, 1, 0, 0);
    submit(t, 0);
    assert_int_equal(ram_byte(t, STATUS_BYTE), 0xee);
    expect_used(t, 0, 0);
    assert_true(image_untouched(t));
}

/* --- the queue ------------------------------------------------------------------------ */

/* Requests of two descriptors each: the header, then one writable buffer holding the
 * sector and the status byte after it. */
static void several_requests_per_notify_and_the_used_ring_wraps(void **state)
{
    struct blk_test *t = *state;
    const uint32_t stride = 0x400;
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned r = 0; r < 4; r++) {
            uint8_t h[16] = {0};
            h[8] = (uint8_t)(round * 4 + r); /* sector */
            ram_write(t, HEADER + 16 * r, h, sizeof h);
            set_desc(t, 2 * r, HEADER + 16 * r, 16, D_NEXT, (uint16_t)(2 * r + 1));
            set_desc(t, 2 * r + 1, DATA + stride * r, DISK_SECTOR_SIZE + 1, D_WRITE, 0);
            ram_write16(t, AVAIL_RING + 4 + 2 * (t->avail_idx % QUEUE_SIZE), (uint16_t)(2 * r));
            t->avail_idx++;
        }
        ram_write16(t, AVAIL_RING + 2, t->avail_idx);
        reg_write(t, QUEUE_NOTIFY, 0);
        assert_int_equal(used_idx(t), t->avail_idx);
        for (unsigned r = 0; r < 4; r++) {
            uint32_t element = USED_RING + 4 + 8 * ((round * 4 + r) % QUEUE_SIZE);
            assert_int_equal(ram_word(t, element), 2 * r);
            assert_int_equal(ram_word(t, element + 4), DISK_SECTOR_SIZE + 1);
            assert_int_equal(ram_byte(t, DATA + stride * r + DISK_SECTOR_SIZE), ST_OK);
            assert_int_equal(ram_byte(t, DATA + stride * r + 100), sector_byte(round * 4 + r, 100));
        }
    }
    assert_int_equal(used_idx(t), 12);
    assert_int_equal(t->v->stats.reads, 12);
}

static void no_interrupt_flag_suppresses_the_interrupt(void **state)
{
    struct blk_test *t = *state;
    ram_write16(t, AVAIL_RING, 1);
    request(t, T_IN, 0, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    assert_false(t->irq);
    assert_int_equal(reg_read(t, INTERRUPT_STATUS), 0);
}

static void notify_before_driver_ok_does_nothing(void **state)
{
    struct blk_test *t = *state;
    reg_write(t, STATUS, 0);
    reg_write(t, STATUS, S_ACKNOWLEDGE | S_DRIVER);
    t->queue_size = QUEUE_SIZE;
    request(t, T_IN, 0, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), 0xee);
    assert_int_equal(used_idx(t), 0);
}

static void queue_outside_ram_needs_reset_and_reset_recovers(void **state)
{
    struct blk_test *t = *state;
    driver_start(t, QUEUE_SIZE, 0x40000000, AVAIL_RING, USED_RING);
    request(t, T_IN, 0, DATA, DISK_SECTOR_SIZE);
    assert_true(reg_read(t, STATUS) & S_NEEDS_RESET);
    assert_int_equal(reg_read(t, INTERRUPT_STATUS), 2);
    assert_true(t->irq);
    /* Once broken, further notifications are ignored until a reset. */
    reg_write(t, STATUS, reg_read(t, STATUS) | S_DRIVER_OK);
    assert_true(reg_read(t, STATUS) & S_NEEDS_RESET);
    reg_write(t, STATUS, 0);
    assert_int_equal(reg_read(t, STATUS), 0);
    assert_false(t->irq);
    driver_start(t, QUEUE_SIZE, DESC_TABLE, AVAIL_RING, USED_RING);
    request(t, T_IN, 0, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    /* A used ring that would run past the end of RAM, and a misaligned descriptor table. */
    driver_start(t, QUEUE_SIZE, DESC_TABLE, AVAIL_RING, RAM_END - 16);
    request(t, T_IN, 0, DATA, DISK_SECTOR_SIZE);
    assert_true(reg_read(t, STATUS) & S_NEEDS_RESET);
    driver_start(t, QUEUE_SIZE, DESC_TABLE + 8, AVAIL_RING, USED_RING);
    request(t, T_IN, 0, DATA, DISK_SECTOR_SIZE);
    assert_true(reg_read(t, STATUS) & S_NEEDS_RESET);
}

static void avail_index_running_ahead_of_the_queue_needs_reset(void **state)
{
    struct blk_test *t = *state;
    ram_write16(t, AVAIL_RING + 2, QUEUE_SIZE + 1);
    reg_write(t, QUEUE_NOTIFY, 0);
    assert_true(reg_read(t, STATUS) & S_NEEDS_RESET);
    assert_int_equal(used_idx(t), 0);
}

static void head_index_outside_the_table_needs_reset(void **state)
{
    struct blk_test *t = *state;
    set_header(t, T_IN, 0);
    submit(t, QUEUE_SIZE);
    assert_true(reg_read(t, STATUS) & S_NEEDS_RESET);
    assert_int_equal(used_idx(t), 0);
}

static void queue_settings_are_checked_and_frozen_while_ready(void **state)
{
    struct blk_test *t = *state;
    reg_write(t, STATUS, 0);
    reg_write(t, QUEUE_NUM, VIRTIO_BLK_QUEUE_NUM_MAX + 1);
    reg_write(t, QUEUE_READY, 1);
    assert_int_equal(reg_read(t, QUEUE_READY), 0); /* no valid size: stays not ready */
    reg_write(t, QUEUE_NUM, 4);
    reg_write(t, QUEUE_DESC_LOW, DESC_TABLE);
    reg_write(t, QUEUE_READY, 1);
    assert_int_equal(reg_read(t, QUEUE_READY), 1);
    reg_write(t, QUEUE_NUM, 2);
    reg_write(t, QUEUE_DESC_LOW, 0);
    assert_int_equal(reg_read(t, QUEUE_NUM), 4);
    assert_int_equal(reg_read(t, QUEUE_DESC_LOW), DESC_TABLE);
    reg_write(t, QUEUE_SEL, 1); /* there is no queue 1 */
    assert_int_equal(reg_read(t, QUEUE_NUM_MAX), 0);
    assert_int_equal(reg_read(t, QUEUE_READY), 0);
}

/* DMA into a page the hart has executed must replace the decoded instructions. */
static void read_into_code_is_seen_by_the_hart(void **state)
{
    struct blk_test *t = *state;
    struct hart_fixture *f = t->f;
    /* Sector 0 becomes "addi a0, a0, 5" repeated. */
    uint32_t insns[DISK_SECTOR_SIZE / 4];
    for (unsigned i = 0; i < DISK_SECTOR_SIZE / 4; i++)
        insns[i] = encode_i(OP_addi, A0, A0, 5);
    ram_write(t, DATA, insns, sizeof insns);
    request(t, T_OUT, 0, DATA, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    FIXTURE_PROGRAM(f, encode_i(OP_addi, A0, A0, 1), encode_i(OP_addi, A0, A0, 1));
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A0], 2);
    request(t, T_IN, 0, FIXTURE_CODE, DISK_SECTOR_SIZE);
    assert_int_equal(ram_byte(t, STATUS_BYTE), ST_OK);
    f->hart.pc = FIXTURE_CODE;
    fixture_run(f, 2);
    assert_int_equal(f->hart.x[A0], 12);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, blk_setup, blk_teardown)
#define STARTED(name) cmocka_unit_test_setup_teardown(name, blk_setup_started, blk_teardown)
    const struct CMUnitTest tests[] = {
        TEST(identity_registers_say_virtio_mmio_2_block_device),
        TEST(config_space_holds_capacity_seg_max_and_block_size),
        TEST(registers_below_config_take_words_only),
        cmocka_unit_test_setup_teardown(without_a_disk_the_device_id_is_0, blk_setup_no_disk,
                                        blk_teardown),
        TEST(features_ok_sticks_only_for_offered_features),
        cmocka_unit_test_setup_teardown(read_only_disk_offers_ro_and_refuses_writes,
                                        blk_setup_read_only, blk_teardown),
        STARTED(read_two_sectors_into_ram_and_interrupt),
        STARTED(write_sectors_reach_the_image_file),
        STARTED(request_split_across_many_descriptors_works),
        STARTED(flush_succeeds_and_leaves_nothing_dirty),
        STARTED(get_id_writes_a_20_byte_serial),
        STARTED(unknown_request_type_is_unsupported),
        STARTED(sectors_past_the_end_are_an_io_error),
        STARTED(data_length_not_a_multiple_of_512_is_an_io_error),
        STARTED(buffers_outside_ram_are_an_io_error),
        STARTED(chain_that_loops_is_an_io_error),
        STARTED(chain_running_off_the_table_is_an_io_error),
        STARTED(malformed_chains_are_io_errors),
        STARTED(several_requests_per_notify_and_the_used_ring_wraps),
        STARTED(no_interrupt_flag_suppresses_the_interrupt),
        STARTED(notify_before_driver_ok_does_nothing),
        TEST(queue_outside_ram_needs_reset_and_reset_recovers),
        STARTED(avail_index_running_ahead_of_the_queue_needs_reset),
        STARTED(head_index_outside_the_table_needs_reset),
        TEST(queue_settings_are_checked_and_frozen_while_ready),
        STARTED(read_into_code_is_seen_by_the_hart),
    };
    return cmocka_run_group_tests_name("virtio_blk", tests, NULL, NULL);
}
