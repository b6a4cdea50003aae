/* The index the per-process tables share (src/trace/row_index.c): every row entered stays
 * findable while the index grows, entering a key again replaces its row, keys with the same
 * hash are told apart by the table, and a lookup looks at a few slots however many rows
 * there are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "trace/row_index.h"

#define ROWS 5000

static uint32_t row_pids[ROWS];

struct pid_key {
    uint32_t pid;
    uint32_t hash;
};

static bool names_row(const void *key, size_t row)
{
    return row_pids[row] == ((const struct pid_key *)key)->pid;
}

static struct row_key key_for(const struct pid_key *k)
{
    return (struct row_key){.hash = k->hash, .names_row = names_row, .key = k};
}

static void rows_stay_findable_as_the_index_grows(void **state)
{
    (void)state;
    struct row_index ix;
    row_index_init(&ix);
    struct pid_key absent = {.pid = 7, .hash = 7};
    struct row_key key = key_for(&absent);
    assert_int_equal(row_index_find(&ix, &key), ROW_INDEX_NONE); /* empty, nothing allocated */
    for (uint32_t row = 0; row < ROWS; row++) {
        row_pids[row] = 1000 + row;
        struct pid_key k = {.pid = 1000 + row, .hash = (1000 + row) * 2654435761u};
        key = key_for(&k);
        assert_true(row_index_put(&ix, &key, row));
    }
    assert_true(2 * ix.used <= ix.size);
    ix.probes = 0;
    for (uint32_t row = 0; row < ROWS; row++) {
        struct pid_key k = {.pid = 1000 + row, .hash = (1000 + row) * 2654435761u};
        key = key_for(&k);
        assert_int_equal(row_index_find(&ix, &key), row);
    }
    print_message("%llu probes for %d lookups\n", (unsigned long long)ix.probes, ROWS);
    assert_true(ix.probes <= 4u * ROWS);
    row_index_destroy(&ix);
}

static void a_key_entered_again_gets_its_new_row(void **state)
{
    (void)state;
    struct row_index ix;
    row_index_init(&ix);
    row_pids[0] = 5;
    row_pids[1] = 6;
    row_pids[2] = 5; /* pid 5 again, after its first row was reaped */
    for (size_t row = 0; row < 3; row++) {
        struct pid_key k = {.pid = row_pids[row], .hash = row_pids[row]};
        struct row_key key = key_for(&k);
        assert_true(row_index_put(&ix, &key, row));
    }
    assert_int_equal(ix.used, 2);
    struct pid_key five = {.pid = 5, .hash = 5}, six = {.pid = 6, .hash = 6};
    struct row_key key = key_for(&five);
    assert_int_equal(row_index_find(&ix, &key), 2);
    key = key_for(&six);
    assert_int_equal(row_index_find(&ix, &key), 1);
    row_index_destroy(&ix);
}

static void keys_with_one_hash_are_told_apart(void **state)
{
    (void)state;
    struct row_index ix;
    row_index_init(&ix);
    for (uint32_t row = 0; row < 100; row++) {
        row_pids[row] = row;
        struct pid_key k = {.pid = row, .hash = 42};
        struct row_key key = key_for(&k);
        assert_true(row_index_put(&ix, &key, row));
    }
    for (uint32_t row = 0; row < 100; row++) {
        struct pid_key k = {.pid = row, .hash = 42};
        struct row_key key = key_for(&k);
        assert_int_equal(row_index_find(&ix, &key), row);
    }
    struct pid_key other = {.pid = 100, .hash = 42};
    struct row_key key = key_for(&other);
    assert_int_equal(row_index_find(&ix, &key), ROW_INDEX_NONE);
    row_index_destroy(&ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_stay_findable_as_the_index_grows),
        cmocka_unit_test(a_key_entered_again_gets_its_new_row),
        cmocka_unit_test(keys_with_one_hash_are_told_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
