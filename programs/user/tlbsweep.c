/* tlbsweep [PAGES] [ROUNDS]: sweeps a working set of PAGES 4 KiB pages (default 64) ROUNDS
 * times. Below the TLB's reach (32 entries by default) nearly every access hits; above it,
 * every page misses in turn. Run it with vmsim --stats and compare the hit rates of
 * `tlbsweep 16` and `tlbsweep 64`. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    int pages = argc > 1 ? atoi(argv[1]) : 64;
    int rounds = argc > 2 ? atoi(argv[2]) : 200;
    if (pages < 1 || pages > 4096 || rounds < 1) {
        dprintf(2, "usage: tlbsweep [PAGES 1..4096] [ROUNDS]\n");
        return 2;
    }
    printf("tlbsweep: sweeping %d pages, %d rounds\n", pages, rounds);
    volatile char *memory = malloc((size_t)pages * 4096);
    if (!memory) {
        dprintf(2, "tlbsweep: out of memory\n");
        return 1;
    }
    unsigned sum = 0;
    for (int r = 0; r < rounds; r++)
        for (int p = 0; p < pages; p++) {
            memory[p * 4096 + (r % 64)] += 1;
            sum += (unsigned)memory[p * 4096];
        }
    printf("tlbsweep: %d pages x %d rounds (checksum %u)\n", pages, rounds, sum);
    return 0;
}
