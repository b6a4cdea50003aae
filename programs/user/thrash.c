/* thrash [ROUNDS]: OSTEP's thrashing curve. Working sets from a quarter of free RAM to
 * twice it are each swept ROUNDS times (default 3), a page after another, after one
 * sweep that brings them in; for each size it prints the page faults of the sweeps per
 * millisecond of guest time and the pages swept per millisecond. Within RAM the sweeps
 * fault no more; once the set is larger, every page the sweep comes back to has been
 * swapped out (by every replacement policy: a cyclic sweep is their worst case), faults
 * per ms jump and the work done per ms collapses. Run it on a small machine with a swap
 * area: vmsim --memory 8 build/os/user/thrash.elf (and --append evict=lru ...). */
#include "lib/user.h"

/* Words read in each page per sweep: enough work per page that a sweep within RAM takes
 * whole milliseconds of guest time. */
#define WORDS_READ_PER_PAGE 256

static const int percents[] = {25, 50, 75, 90, 110, 125, 150, 200};

static uint32_t faults_now(void)
{
    struct meminfo m;
    meminfo(&m);
    return m.swap_ins + m.demand_zero_faults;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 3;
    if (rounds < 1 || rounds > 100) {
        dprintf(2, "usage: thrash [ROUNDS 1..100]\n");
        return 2;
    }
    struct meminfo m;
    meminfo(&m);
    uint32_t ram = m.free_frames;
    if (m.swap_slots_total == 0)
        printf("thrash: no swap area: working sets beyond RAM will be killed (vmsim's private disk has one)\n");
    printf("thrash: %u KiB of free RAM, %u KiB of swap free; %d sweeps per working set\n", (unsigned)ram * 4,
           (unsigned)(m.swap_slots_total - m.swap_slots_used) * 4, rounds);
    printf("thrash: %9s %7s %10s %9s %12s %12s\n", "set (KiB)", "of RAM", "faults", "ms", "faults/ms", "pages/ms");
    uint32_t swap_outs = m.swap_outs, swap_ins = m.swap_ins;
    int began = uptime();
    uint32_t most_within = 0, least_beyond = 0xffffffffu;
    for (unsigned i = 0; i < sizeof percents / sizeof percents[0]; i++) {
        uint32_t pages = ram * (uint32_t)percents[i] / 100;
        meminfo(&m);
        if (pages + 64 > m.free_frames + m.swap_slots_total - m.swap_slots_used) {
            printf("thrash: %9u %6d%% (skipped: more than RAM and swap together)\n", (unsigned)pages * 4, percents[i]);
            continue;
        }
        uint32_t *set = sbrk((int)(pages * 4096));
        if (set == (void *)-1) {
            printf("thrash: sbrk of %u KiB failed\n", (unsigned)pages * 4);
            return 1;
        }
        for (uint32_t p = 0; p < pages; p++)
            set[p * 1024] = p;
        uint32_t faults = faults_now();
        int start = uptime();
        uint32_t sum = 0;
        for (int r = 0; r < rounds; r++)
            for (uint32_t p = 0; p < pages; p++)
                for (uint32_t w = 0; w < 1024; w += 1024 / WORDS_READ_PER_PAGE)
                    sum += set[p * 1024 + w];
        int ms = uptime() - start;
        faults = faults_now() - faults;
        if (ms < 1)
            ms = 1;
        uint32_t per_ms = faults / (uint32_t)ms;
        printf("thrash: %9u %6d%% %10u %9d %12u %12u\n", (unsigned)pages * 4, percents[i], (unsigned)faults, ms,
               (unsigned)per_ms, (unsigned)(pages * (uint32_t)rounds / (uint32_t)ms));
        if (percents[i] < 100 && per_ms > most_within)
            most_within = per_ms;
        if (percents[i] > 100 && per_ms < least_beyond)
            least_beyond = per_ms;
        if (sum == 0x12345678u)
            printf(" "); /* keeps the reads */
        sbrk(-(int)(pages * 4096));
    }
    meminfo(&m);
    printf("thrash: %u pages written to swap and %u read back in %d ms of guest time\n",
           (unsigned)(m.swap_outs - swap_outs), (unsigned)(m.swap_ins - swap_ins), uptime() - began);
    if (least_beyond != 0xffffffffu && least_beyond > 4 * most_within + 1)
        printf("thrash: page faults per ms jumped once the working set passed RAM (at most %u within, at least %u "
               "beyond)\n", (unsigned)most_within, (unsigned)least_beyond);
    else
        printf("thrash: no jump in page faults per ms (at most %u within RAM, at least %u beyond)\n",
               (unsigned)most_within, least_beyond == 0xffffffffu ? 0u : (unsigned)least_beyond);
    return 0;
}
