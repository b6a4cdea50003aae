/* An index from keys to the row numbers of a table its user keeps (the per-process
 * accounts, the process times): open addressing with linear probing, grown so that it is
 * never more than half full. A guest chooses how many processes it reports, and every
 * report looks its process up, so a lookup must look at a few slots on average however
 * many rows came before. The user says what a key's hash is and which row is the key's. */
#ifndef VMSIM_TRACE_ROW_INDEX_H
#define VMSIM_TRACE_ROW_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ROW_INDEX_NONE SIZE_MAX

/* A key: its hash, and a test that row `row` of the user's table is the one it names. */
struct row_key {
    uint32_t hash;
    bool (*names_row)(const void *key, size_t row);
    const void *key; /* passed to names_row: the key itself, with its table */
};

struct row_index_slot {
    uint32_t hash;
    size_t row; /* ROW_INDEX_NONE: free */
};

struct row_index {
    struct row_index_slot *slots;
    size_t size;     /* a power of two, or 0 before the first row */
    size_t used;     /* slots that hold a row */
    uint64_t probes; /* slots looked at, all lookups: the host work done, for tests */
};

void row_index_init(struct row_index *ix);
void row_index_destroy(struct row_index *ix);

/* The row entered for `key`, or ROW_INDEX_NONE. */
size_t row_index_find(struct row_index *ix, const struct row_key *key);

/* Enters `row` for `key`, in place of the row entered for it before, if any. False (the
 * index as it was) when memory ran out. */
bool row_index_put(struct row_index *ix, const struct row_key *key, size_t row);

#endif
