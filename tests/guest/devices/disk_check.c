/* Reads and writes sectors through virtio-blk with interrupts through the PLIC, and checks
 * them. The test script gives it a 64-sector image whose sector s holds the 32-byte line
 * "sector SSSS of the vmsim image.\n" 16 times; the program rewrites sectors 10 to 13 with
 * "guest wrote sector SSSS, pass 1\n" lines, reads them back, and the script then checks
 * the image file from the host. */
#include "guest_devices.h"

#define IMAGE_SECTORS 64
#define LINE 32

static uint8_t buffer[4 * SECTOR_SIZE];

/* Writes the 32-byte line `prefix` SSSS `suffix` into `out`. */
static void make_line(uint8_t *out, const char *prefix, unsigned sector, const char *suffix)
{
    unsigned n = 0;
    while (*prefix)
        out[n++] = (uint8_t)*prefix++;
    for (unsigned divisor = 1000; divisor; divisor /= 10)
        out[n++] = (uint8_t)('0' + (sector / divisor) % 10);
    while (*suffix)
        out[n++] = (uint8_t)*suffix++;
    CHECK(n == LINE, "lines are 32 bytes");
}

static void fill_sector(uint8_t *sector_bytes, const char *prefix, unsigned sector, const char *suffix)
{
    for (unsigned i = 0; i < SECTOR_SIZE; i += LINE)
        make_line(sector_bytes + i, prefix, sector, suffix);
}

static bool sectors_hold(const uint8_t *bytes, unsigned first, unsigned count, const char *prefix,
                         const char *suffix)
{
    static uint8_t expected[SECTOR_SIZE];
    for (unsigned s = 0; s < count; s++) {
        fill_sector(expected, prefix, first + s, suffix);
        for (unsigned i = 0; i < SECTOR_SIZE; i++)
            if (bytes[s * SECTOR_SIZE + i] != expected[i])
                return false;
    }
    return true;
}

int main(void)
{
    uint64_t capacity = virtio_blk_start(true);
    print("capacity: ");
    print_udec64(capacity);
    print(" sectors\n");
    CHECK(capacity == IMAGE_SECTORS, "the capacity is the image's size");

    char id[21] = {0};
    CHECK(virtio_blk_request(BLK_T_GET_ID, 0, id, 20) == BLK_S_OK, "GET_ID succeeds");
    print("id: ");
    print(id);
    print("\n");

    CHECK(virtio_blk_request(BLK_T_IN, 0, buffer, sizeof buffer) == BLK_S_OK, "read sectors 0-3");
    CHECK(sectors_hold(buffer, 0, 4, "sector ", " of the vmsim image.\n"), "sectors 0-3 as made");
    CHECK(virtio_blk_request(BLK_T_IN, IMAGE_SECTORS - 1, buffer, SECTOR_SIZE) == BLK_S_OK,
          "read the last sector");
    CHECK(sectors_hold(buffer, IMAGE_SECTORS - 1, 1, "sector ", " of the vmsim image.\n"),
          "the last sector as made");
    print("read: sectors 0-3 and 63 hold what the host wrote\n");

    for (unsigned s = 0; s < 4; s++)
        fill_sector(buffer + s * SECTOR_SIZE, "guest wrote sector ", 10 + s, ", pass 1\n");
    CHECK(virtio_blk_request(BLK_T_OUT, 10, buffer, sizeof buffer) == BLK_S_OK, "write sectors 10-13");
    CHECK(virtio_blk_request(BLK_T_FLUSH, 0, 0, 0) == BLK_S_OK, "flush");
    memset(buffer, 0, sizeof buffer);
    CHECK(virtio_blk_request(BLK_T_IN, 9, buffer, sizeof buffer) == BLK_S_OK, "read sectors 9-12");
    CHECK(sectors_hold(buffer, 9, 1, "sector ", " of the vmsim image.\n"), "sector 9 untouched");
    CHECK(sectors_hold(buffer + SECTOR_SIZE, 10, 3, "guest wrote sector ", ", pass 1\n"),
          "sectors 10-12 as written");
    print("write: sectors 10-13 written, flushed and read back\n");

    CHECK(virtio_blk_request(BLK_T_IN, IMAGE_SECTORS, buffer, SECTOR_SIZE) == BLK_S_IOERR,
          "reading past the end fails");
    CHECK(virtio_blk_request(BLK_T_OUT, IMAGE_SECTORS - 1, buffer, 2 * SECTOR_SIZE) == BLK_S_IOERR,
          "writing across the end fails");
    print("errors: reads and writes past the end fail with IOERR\n");

    print("interrupts: ");
    print_dec((int32_t)virtio_blk_interrupts());
    print("\n");
    CHECK(virtio_blk_interrupts() == 8, "one interrupt per request");
    print("virtio disk: all checks passed\n");
    return 0;
}
