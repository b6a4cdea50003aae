/* Benchmark workload: quicksort of 200 000 pseudo-random 32-bit numbers, several rounds.
 * Data-dependent branches that a predictor cannot learn, recursion, and swaps. */
#include "bench.h"

#define COUNT 200000
#define ROUNDS 10
#define SMALL_PARTITION 16 /* below this, insertion sort is cheaper than partitioning */
#define EXPECTED_CHECKSUM 0x73942047u

static uint32_t values[COUNT] BENCH_DATA;

static void insertion_sort(uint32_t *v, int n)
{
    for (int i = 1; i < n; i++) {
        uint32_t key = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > key) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = key;
    }
}

static inline void swap(uint32_t *p, uint32_t *q)
{
    uint32_t t = *p;
    *p = *q;
    *q = t;
}

/* Sorts v[0..n) ascending. Median-of-three pivots keep runs that happen to be ordered from
 * going quadratic; recursing into the smaller side bounds the stack at log2(n) frames. */
static void quicksort(uint32_t *v, int n)
{
    while (n > SMALL_PARTITION) {
        int mid = n / 2;
        if (v[mid] < v[0])
            swap(&v[mid], &v[0]);
        if (v[n - 1] < v[0])
            swap(&v[n - 1], &v[0]);
        if (v[n - 1] < v[mid])
            swap(&v[n - 1], &v[mid]);
        uint32_t pivot = v[mid];
        int i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i >= j)
                break;
            swap(&v[i], &v[j]);
            i++;
            j--;
        }
        /* v[0..j] <= pivot <= v[j+1..n) */
        int left = j + 1;
        if (left < n - left) {
            quicksort(v, left);
            v += left;
            n -= left;
        } else {
            quicksort(v + left, n - left);
            n = left;
        }
    }
    insertion_sort(v, n);
}

int main(void)
{
    uint32_t seed = 0x1234567u;
    uint32_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        /* Odd rounds draw from a narrow range, so there are many equal keys as well. */
        uint32_t range_mask = (round & 1) ? 0xfff : 0xffffffffu;
        for (int i = 0; i < COUNT; i++)
            values[i] = bench_random(&seed) & range_mask;
        quicksort(values, COUNT);
        for (int i = 1; i < COUNT; i++)
            CHECK(values[i - 1] <= values[i], "the array is not sorted");
        for (int i = 0; i < COUNT; i += 997)
            checksum = bench_mix(checksum, values[i]);
    }
    bench_finish("qsort", checksum, EXPECTED_CHECKSUM);
}
