/* Benchmark workload: strings and a hash table. Generates pseudo-random words, counts them
 * in an open-addressing table keyed by string (FNV-1a hash, linear probing, byte-by-byte
 * compares), then looks up a second stream of words. Byte loads, short variable-length
 * loops and unpredictable branches. */
#include "bench.h"

#define TABLE_SLOTS (1u << 18) /* a power of two; at most about half full */
#define WORDS_PER_ROUND 150000
#define LOOKUPS_PER_ROUND 150000
#define ROUNDS 6
#define MAX_WORD 8
#define ARENA_BYTES (WORDS_PER_ROUND * (MAX_WORD + 1))
#define EXPECTED_CHECKSUM 0x14ecc083u

struct slot {
    const char *word; /* NULL: empty */
    uint32_t hash;    /* the full hash, compared before the bytes */
    uint32_t count;
};

static struct slot table[TABLE_SLOTS] BENCH_DATA;

/* The distinct words, each NUL-terminated. The counters live here too, not as separate
 * small globals that the linker would put next to the code. */
static struct {
    uint32_t used;
    uint32_t distinct;
    char bytes[ARENA_BYTES];
} arena BENCH_DATA;

static uint32_t string_length(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

static int string_equal(const char *p, const char *q)
{
    while (*p && *p == *q)
        p++, q++;
    return *p == *q;
}

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 0x811c9dc5u;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 0x01000193u;
    return h;
}

/* Writes a word of 2 to MAX_WORD letters from a small alphabet, so that words repeat. */
static void random_word(uint32_t *seed, char *out)
{
    uint32_t r = bench_random(seed);
    uint32_t length = 2 + r % (MAX_WORD - 1);
    for (uint32_t i = 0; i < length; i++) {
        if (i % 8 == 0)
            r = bench_random(seed);
        out[i] = (char)('a' + (r & 7));
        r >>= 3;
    }
    out[length] = 0;
}

/* The slot holding `word`, or the empty slot where it belongs. */
static struct slot *find(const char *word, uint32_t hash)
{
    uint32_t i = hash & (TABLE_SLOTS - 1);
    for (;;) {
        struct slot *s = &table[i];
        if (!s->word || (s->hash == hash && string_equal(s->word, word)))
            return s;
        i = (i + 1) & (TABLE_SLOTS - 1);
    }
}

static void count_word(const char *word)
{
    uint32_t hash = fnv1a(word);
    struct slot *s = find(word, hash);
    if (!s->word) {
        uint32_t length = string_length(word);
        char *copy = &arena.bytes[arena.used];
        memcpy(copy, word, length + 1);
        arena.used += length + 1;
        *s = (struct slot){.word = copy, .hash = hash};
        arena.distinct++;
    }
    s->count++;
}

int main(void)
{
    uint32_t seed = 0xdeadbeefu;
    uint32_t checksum = 0;
    char word[MAX_WORD + 1];
    for (int round = 0; round < ROUNDS; round++) {
        memset(table, 0, sizeof table);
        arena.used = 0;
        arena.distinct = 0;
        for (int i = 0; i < WORDS_PER_ROUND; i++) {
            random_word(&seed, word);
            count_word(word);
        }
        uint32_t found = 0, occurrences = 0;
        for (int i = 0; i < LOOKUPS_PER_ROUND; i++) {
            random_word(&seed, word);
            struct slot *s = find(word, fnv1a(word));
            if (s->word) {
                found++;
                occurrences += s->count;
            }
        }
        checksum = bench_mix(checksum, arena.distinct);
        checksum = bench_mix(checksum, found);
        checksum = bench_mix(checksum, occurrences);
        checksum = bench_mix(checksum, arena.used);
    }
    bench_finish("hashtab", checksum, EXPECTED_CHECKSUM);
}
