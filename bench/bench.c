/* The end of every benchmark workload: report the checksum, compare it with the embedded
 * expected value, and leave through the test finisher. */
#include "bench.h"

void bench_finish(const char *name, uint32_t checksum, uint32_t expected)
{
    print("bench ");
    print(name);
    print(": checksum ");
    print_hex(checksum);
    if (checksum == expected) {
        print(" ok\n");
        exit(0);
    }
    print(" WRONG, expected ");
    print_hex(expected);
    print("\n");
    exit(1);
}
