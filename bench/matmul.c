/* Benchmark workload: integer matrix multiplication, 96 x 96 32-bit matrices, repeated with
 * each product folded back into an operand. Mostly loads, multiplies and adds in a short
 * inner loop. */
#include "bench.h"

#define N 96
#define ROUNDS 60
#define EXPECTED_CHECKSUM 0xe318c005u

static uint32_t a[N][N] BENCH_DATA, b[N][N] BENCH_DATA, c[N][N] BENCH_DATA;

/* c = a * b, modulo 2^32. The inner loop walks a row of a and a column of b. */
static void multiply(void)
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            uint32_t sum = 0;
            for (int k = 0; k < N; k++)
                sum += a[i][k] * b[k][j];
            c[i][j] = sum;
        }
    }
}

int main(void)
{
    uint32_t seed = 0x9e3779b9u;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            /* Small entries keep the products from being dominated by wrap-around. */
            a[i][j] = bench_random(&seed) & 0xff;
            b[i][j] = bench_random(&seed) & 0xff;
        }
    }

    uint32_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        multiply();
        uint32_t trace = 0;
        for (int i = 0; i < N; i++) {
            trace += c[i][i];
            /* The next round multiplies a scrambled product, so no two rounds are alike. */
            for (int j = 0; j < N; j++)
                a[i][j] = (c[i][j] >> 7) ^ (c[i][j] & 0x3f);
        }
        checksum = bench_mix(checksum, trace);
        checksum = bench_mix(checksum, c[round % N][(round * 7) % N]);
    }
    bench_finish("matmul", checksum, EXPECTED_CHECKSUM);
}
