/* Writes the disk over and over, polling for completions, so that the test scripts can stop
 * vmsim at an unknown moment and then check the image from the host. Sector 0 holds the
 * orders: its first byte is 'F' (write forever), 'T' (after three passes, jump to address 0
 * with mtvec 0: a trap loop, exit 121), or anything else (after three passes, wait in wfi
 * for nothing: exit 122). Each request writes 8 sectors; in pass p every byte of them is
 * pass_byte(p), which is never 0, so that the host can tell a written group from a fresh one
 * however many passes ran (p & 0xff was 0 in pass 256). */
#include "guest_devices.h"

#define GROUP_SECTORS 8

static uint8_t orders[SECTOR_SIZE];
static uint8_t group[GROUP_SECTORS * SECTOR_SIZE];

/* 1, 2, ... 255, then 1 again: pass 3 is 3, as the trap-loop and create cases expect. */
static uint8_t pass_byte(uint32_t pass)
{
    return (uint8_t)(1 + (pass - 1) % 255);
}

int main(void)
{
    uint64_t capacity = virtio_blk_start(false);
    CHECK(virtio_blk_request(BLK_T_IN, 0, orders, SECTOR_SIZE) == BLK_S_OK, "read the orders");
    CHECK(capacity > GROUP_SECTORS, "room for a group after sector 0");
    uint64_t groups = (capacity - 1) / GROUP_SECTORS;
    print("writer: orders ");
    print_hex(orders[0]);
    print(", ");
    print_udec64(groups);
    print(" groups of 8 sectors per pass\n");
    for (uint32_t pass = 1;; pass++) {
        memset(group, pass_byte(pass), sizeof group);
        for (uint64_t g = 0; g < groups; g++)
            CHECK(virtio_blk_request(BLK_T_OUT, 1 + g * GROUP_SECTORS, group, sizeof group) == BLK_S_OK,
                  "write a group");
        if (pass == 1)
            print("writer: first pass done\n");
        if (pass == 3 && orders[0] == 'T') {
            print("writer: jumping to address 0\n");
            csr_write(mtvec, 0);
            ((void (*)(void))0)();
        }
        if (pass == 3 && orders[0] != 'F') {
            print("writer: waiting for nothing\n");
            csr_write(mie, 0);
            for (;;)
                __asm__ volatile("wfi");
        }
    }
}
