/* Benchmark workload: table-driven CRC-32 (the reflected IEEE 802.3 polynomial, as in zlib
 * and Ethernet) over a 256 KiB buffer, many passes. A tight loop of byte loads, table
 * loads, shifts and xors, with one well-predicted branch per byte. */
#include "bench.h"

#define BUFFER_BYTES (256 * 1024)
#define PASSES 150
#define EXPECTED_CHECKSUM 0x0a03e220u

#define CRC32_POLYNOMIAL 0xedb88320u /* 0x04c11db7 bit-reversed */

static uint32_t table[256] BENCH_DATA;
static uint8_t buffer[BUFFER_BYTES] BENCH_DATA;

/* Each table entry is the CRC of one byte, computed bit by bit. */
static void build_table(void)
{
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t crc = byte;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (CRC32_POLYNOMIAL & -(crc & 1));
        table[byte] = crc;
    }
}

static uint32_t crc32(const uint8_t *data, uint32_t length)
{
    uint32_t crc = 0xffffffffu;
    for (uint32_t i = 0; i < length; i++)
        crc = (crc >> 8) ^ table[(crc ^ data[i]) & 0xff];
    return crc ^ 0xffffffffu;
}

int main(void)
{
    build_table();
    /* The standard check value: a wrong table or loop fails here, before the long run. */
    static const uint8_t check_input[] = "123456789";
    CHECK(crc32(check_input, 9) == 0xcbf43926u, "CRC-32 of \"123456789\" is not 0xcbf43926");

    uint32_t seed = 0x2545f491u;
    for (uint32_t i = 0; i < BUFFER_BYTES; i += 4) {
        uint32_t r = bench_random(&seed);
        memcpy(&buffer[i], &r, 4);
    }

    uint32_t checksum = 0;
    for (uint32_t pass = 0; pass < PASSES; pass++) {
        uint32_t crc = crc32(buffer, BUFFER_BYTES);
        checksum = bench_mix(checksum, crc);
        /* Changes the data between passes so that every pass computes something new. */
        buffer[(crc >> 8) % BUFFER_BYTES] ^= (uint8_t)crc;
    }
    bench_finish("crc32", checksum, EXPECTED_CHECKSUM);
}
