/* The open-addressing index of src/trace/row_index.h. */
#include "trace/row_index.h"

#include <stdlib.h>
#include <string.h>

void row_index_init(struct row_index *ix)
{
    memset(ix, 0, sizeof *ix);
}

void row_index_destroy(struct row_index *ix)
{
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

/* The slot that holds `key`'s row, or the free slot where it would go. The index is never
 * full, so the loop ends. */
static struct row_index_slot *slot_of(struct row_index *ix, const struct row_key *key)
{
    size_t mask = ix->size - 1;
    for (size_t i = key->hash & mask;; i = (i + 1) & mask) {
        struct row_index_slot *slot = &ix->slots[i];
        ix->probes++;
        if (slot->row == ROW_INDEX_NONE ||
            (slot->hash == key->hash && key->names_row(key->key, slot->row)))
            return slot;
    }
}

size_t row_index_find(struct row_index *ix, const struct row_key *key)
{
    return ix->size ? slot_of(ix, key)->row : ROW_INDEX_NONE;
}

/* Room for one more row with the index at most half full; false if memory ran out. */
static bool make_room(struct row_index *ix)
{
    if (2 * (ix->used + 1) <= ix->size)
        return true;
    size_t size = ix->size ? 2 * ix->size : 64;
    struct row_index_slot *slots = malloc(size * sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < size; i++)
        slots[i].row = ROW_INDEX_NONE;
    /* Each row moves by its stored hash: no key is looked at twice. */
    for (size_t i = 0; i < ix->size; i++) {
        if (ix->slots[i].row == ROW_INDEX_NONE)
            continue;
        size_t at = ix->slots[i].hash & (size - 1);
        while (slots[at].row != ROW_INDEX_NONE)
            at = (at + 1) & (size - 1);
        slots[at] = ix->slots[i];
    }
    free(ix->slots);
    ix->slots = slots;
    ix->size = size;
    return true;
}

bool row_index_put(struct row_index *ix, const struct row_key *key, size_t row)
{
    if (!make_room(ix))
        return false;
    struct row_index_slot *slot = slot_of(ix, key);
    if (slot->row == ROW_INDEX_NONE)
        ix->used++;
    *slot = (struct row_index_slot){.hash = key->hash, .row = row};
    return true;
}
