/* The few bare-metal runtime calls the workloads make (print, print_hex, check_failed),
 * for running the same workload code as a guest OS user program (bench_<name>): console
 * output through write(), the end through exit(). The workloads' CPU work is unchanged,
 * so the program measures what the guest OS adds: U mode under Sv32, the TLB, timer
 * interrupts and the scheduler. */
#include <stdint.h>

#include "bench.h"
#include "lib/user.h"

static unsigned length_of(const char *s)
{
    unsigned n = 0;
    while (s[n])
        n++;
    return n;
}

void print(const char *s)
{
    write(1, s, length_of(s));
}

void print_hex(uint32_t v)
{
    char text[11] = "0x";
    for (int i = 0; i < 8; i++)
        text[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
    text[10] = 0;
    print(text);
}

void check_failed(int line, const char *message)
{
    print("FAIL ");
    print(message);
    print("\n");
    exit(line);
}
