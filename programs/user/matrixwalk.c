/* matrixwalk row|column [ROUNDS]: adds 1 to every element of a 1024 x 1024 matrix of ints
 * (4 MiB: one row per 4 KiB page), ROUNDS times (default 1), in row order or in column
 * order. Row order stays on a page for 1024 elements, so it misses the TLB about once
 * per page; column order goes to another page at every element, so with a TLB smaller
 * than 1024 pages every access misses. Under vmsim's timing model (--stats: cycles, CPI
 * and the share of cycles spent walking page tables) the column walk takes several times
 * the guest time of the row walk for the same instructions. */
#include "lib/user.h"

#define N 1024

int main(int argc, char **argv)
{
    int column = argc > 1 && strcmp(argv[1], "column") == 0;
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    if (argc < 2 || (!column && strcmp(argv[1], "row") != 0) || rounds < 1) {
        dprintf(2, "usage: matrixwalk row|column [ROUNDS]\n");
        return 2;
    }
    int(*m)[N] = sbrk(N * N * (int)sizeof(int));
    if (sbrk_failed(m)) {
        dprintf(2, "matrixwalk: out of memory\n");
        return 1;
    }
    /* Every page gets its frame here, in the same order for both walks. */
    for (int i = 0; i < N; i++)
        m[i][0] = i;
    int start = uptime();
    for (int r = 0; r < rounds; r++)
        for (int a = 0; a < N; a++)
            for (int b = 0; b < N; b++) {
                if (column)
                    m[b][a] += 1;
                else
                    m[a][b] += 1;
            }
    int elapsed = uptime() - start;
    unsigned sum = 0;
    for (int i = 0; i < N; i++)
        sum += (unsigned)m[i][0] + (unsigned)m[i][N - 1];
    printf("matrixwalk: %s order, %d round(s): %d ms of guest time (checksum %u)\n", column ? "column" : "row",
           rounds, elapsed, sum);
    return 0;
}
