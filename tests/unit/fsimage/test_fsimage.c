/* src/fsimage/: a new file system checks clean; files (direct, indirect and double-indirect
 * blocks), directories and devices go in and come back out; a committed log is replayed;
 * corrupt images are refused at load with the right message, or reported by the checker
 * with the right line; and random damage never crashes either. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "abi/fs_format.h"
#include "fsimage/fsimage.h"

#define TEST_BLOCKS 2048u /* 2 MiB */

static struct fsimage *fresh(void)
{
    struct fsimage *fs;
    char err[256];
    assert_int_equal(fsimage_format(&fs, TEST_BLOCKS, 0, err, sizeof err), FSIMAGE_OK);
    return fs;
}

/* A malloc'd copy of the image's bytes, to damage and load again. */
static uint8_t *copy_of(struct fsimage *fs, size_t *size)
{
    const uint8_t *bytes = fsimage_bytes(fs, size);
    uint8_t *copy = malloc(*size);
    assert_non_null(copy);
    memcpy(copy, bytes, *size);
    return copy;
}

static struct fs_superblock *superblock_of(uint8_t *bytes)
{
    return (struct fs_superblock *)(bytes + FS_SUPERBLOCK_BLOCK * FS_BLOCK_SIZE);
}

static struct fs_inode *inode_of(uint8_t *bytes, uint32_t ino)
{
    struct fs_superblock *sb = superblock_of(bytes);
    return (struct fs_inode *)(bytes + (size_t)sb->inode_start * FS_BLOCK_SIZE) + ino;
}

static void set_bitmap(uint8_t *bytes, uint32_t b, bool used)
{
    uint8_t *byte = bytes + (size_t)superblock_of(bytes)->bitmap_start * FS_BLOCK_SIZE + b / 8;
    if (used)
        *byte |= (uint8_t)(1u << (b % 8));
    else
        *byte &= (uint8_t)~(1u << (b % 8));
}

/* Loading `bytes` fails as corrupt with a message holding `expected`. */
static void expect_load_refused(uint8_t *bytes, size_t size, const char *expected)
{
    struct fsimage *fs;
    char err[256] = "";
    assert_int_equal(fsimage_load(&fs, bytes, size, err, sizeof err), FSIMAGE_CORRUPT);
    assert_null(fs);
    if (!strstr(err, expected))
        fail_msg("message '%s' does not hold '%s'", err, expected);
}

struct problems {
    unsigned count;
    char lines[32][256];
};

static void collect(void *opaque, const char *line)
{
    struct problems *p = opaque;
    if (p->count < 32)
        snprintf(p->lines[p->count], sizeof p->lines[0], "%s", line);
    p->count++;
}

/* Loads `bytes` and checks it: at least one problem, one of them holding `expected`. */
static void expect_check_finds(uint8_t *bytes, size_t size, const char *expected)
{
    struct fsimage *fs;
    char err[256];
    assert_int_equal(fsimage_load(&fs, bytes, size, err, sizeof err), FSIMAGE_OK);
    struct problems p = {0};
    unsigned found = fsimage_check(fs, collect, &p);
    assert_int_equal(found, p.count);
    fsimage_close(fs);
    for (unsigned i = 0; i < p.count && i < 32; i++)
        if (strstr(p.lines[i], expected))
            return;
    for (unsigned i = 0; i < p.count && i < 32; i++)
        print_message("problem: %s\n", p.lines[i]);
    fail_msg("no problem line holds '%s' (%u problems)", expected, p.count);
}

static unsigned problems_in(struct fsimage *fs)
{
    struct problems p = {0};
    fsimage_check(fs, collect, &p);
    for (unsigned i = 0; i < p.count && i < 32; i++)
        print_message("problem: %s\n", p.lines[i]);
    return p.count;
}

static void new_file_system_is_consistent(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    assert_int_equal(problems_in(fs), 0);
    struct fsimage_stat st;
    assert_int_equal(fsimage_stat(fs, "/", &st), FSIMAGE_OK);
    assert_int_equal(st.type, FSIMAGE_TYPE_DIR);
    assert_int_equal(st.ino, FS_ROOT_INODE);
    assert_int_equal(st.nlink, 2);
    assert_int_equal(st.size, 2 * sizeof(struct fs_dirent));
    assert_int_equal(fsimage_stat(fs, "/..", &st), FSIMAGE_OK);
    assert_int_equal(st.ino, FS_ROOT_INODE);
    fsimage_close(fs);
}

static void format_refuses_a_tiny_size(void **state)
{
    (void)state;
    struct fsimage *fs;
    char err[256];
    assert_int_equal(fsimage_format(&fs, 10, 0, err, sizeof err), FSIMAGE_BAD_ARGUMENT);
    assert_non_null(strstr(err, "blocks"));
}

static uint8_t *pattern(size_t size, unsigned seed)
{
    uint8_t *data = malloc(size ? size : 1);
    assert_non_null(data);
    for (size_t i = 0; i < size; i++)
        data[i] = (uint8_t)((i * 131 + seed) ^ (i >> 10));
    return data;
}

static void round_trip(struct fsimage *fs, const char *path, size_t size)
{
    uint8_t *data = pattern(size, (unsigned)size);
    assert_int_equal(fsimage_write_file(fs, path, data, size, 7, 0640), FSIMAGE_OK);
    uint8_t *back;
    size_t back_size;
    assert_int_equal(fsimage_read_file(fs, path, &back, &back_size), FSIMAGE_OK);
    assert_int_equal(back_size, size);
    assert_memory_equal(back, data, size);
    struct fsimage_stat st;
    assert_int_equal(fsimage_stat(fs, path, &st), FSIMAGE_OK);
    assert_int_equal(st.type, FSIMAGE_TYPE_FILE);
    assert_int_equal(st.uid, 7);
    assert_int_equal(st.mode, 0640);
    assert_int_equal(st.nlink, 1);
    free(back);
    free(data);
}

static void files_of_every_size_round_trip(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    round_trip(fs, "/empty", 0);
    round_trip(fs, "/small", 100);
    round_trip(fs, "/direct", FS_NDIRECT * FS_BLOCK_SIZE);            /* fills the direct blocks */
    round_trip(fs, "/indirect", (FS_NDIRECT + 3) * FS_BLOCK_SIZE + 5);  /* single-indirect */
    round_trip(fs, "/double", (FS_NDIRECT + FS_NINDIRECT + 40) * FS_BLOCK_SIZE + 1); /* double */
    assert_int_equal(problems_in(fs), 0);
    fsimage_close(fs);
}

static void replacing_a_file_frees_its_old_blocks(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    uint32_t free_before, free_inodes, blocks, inodes, free_after;
    uint8_t *data = pattern(300 * 1024, 1);
    assert_int_equal(fsimage_write_file(fs, "/f", data, 300 * 1024, 0, 0644), FSIMAGE_OK);
    fsimage_usage(fs, &free_before, &free_inodes, &blocks, &inodes);
    assert_int_equal(fsimage_write_file(fs, "/f", data, 10, 0, 0644), FSIMAGE_OK);
    fsimage_usage(fs, &free_after, &free_inodes, &blocks, &inodes);
    assert_true(free_after > free_before + 290);
    assert_int_equal(problems_in(fs), 0);
    free(data);
    fsimage_close(fs);
}

static void directories_nest_and_count_links(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    assert_int_equal(fsimage_mkdir(fs, "/home", 0, 0755, false), FSIMAGE_OK);
    assert_int_equal(fsimage_mkdir(fs, "/home/ann", 5, 0700, false), FSIMAGE_OK);
    assert_int_equal(fsimage_mkdir(fs, "a/b/c", 0, 0755, true), FSIMAGE_OK);
    assert_int_equal(fsimage_mkdir(fs, "/a/b", 0, 0755, true), FSIMAGE_OK);
    assert_int_equal(fsimage_mkdir(fs, "/home", 0, 0755, false), FSIMAGE_EXISTS);
    assert_int_equal(fsimage_mkdir(fs, "/x/y", 0, 0755, false), FSIMAGE_NOT_FOUND);
    struct fsimage_stat st;
    assert_int_equal(fsimage_stat(fs, "/", &st), FSIMAGE_OK);
    assert_int_equal(st.nlink, 4); /* ".", "..", and the ".." of home and a */
    assert_int_equal(fsimage_stat(fs, "/home/ann/..", &st), FSIMAGE_OK);
    assert_int_equal(st.nlink, 3);
    assert_int_equal(fsimage_stat(fs, "/home/ann", &st), FSIMAGE_OK);
    assert_int_equal(st.uid, 5);
    assert_int_equal(st.mode, 0700);
    assert_int_equal(fsimage_mknod(fs, "/console", FS_DEV_CONSOLE, 0, 0666), FSIMAGE_OK);
    assert_int_equal(fsimage_stat(fs, "/console", &st), FSIMAGE_OK);
    assert_int_equal(st.type, FSIMAGE_TYPE_DEV);
    assert_int_equal(st.major, FS_DEV_CONSOLE);
    assert_int_equal(problems_in(fs), 0);
    fsimage_close(fs);
}

static void bad_paths_and_names_are_refused(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    assert_int_equal(fsimage_write_file(fs, "/f", "x", 1, 0, 0644), FSIMAGE_OK);
    assert_int_equal(fsimage_write_file(fs, "/f/g", "x", 1, 0, 0644), FSIMAGE_WRONG_TYPE);
    assert_int_equal(fsimage_write_file(fs, "/", "x", 1, 0, 0644), FSIMAGE_BAD_ARGUMENT);
    assert_int_equal(fsimage_write_file(fs, "/0123456789012345678901234567", "x", 1, 0, 0644),
                     FSIMAGE_BAD_ARGUMENT);
    assert_non_null(strstr(fsimage_error(fs), "1 to 27 bytes"));
    assert_int_equal(fsimage_write_file(fs, "/012345678901234567890123456", "x", 1, 0, 0644),
                     FSIMAGE_OK);
    assert_int_equal(fsimage_mkdir(fs, "/d", 0, 0755, false), FSIMAGE_OK);
    assert_int_equal(fsimage_write_file(fs, "/d", "x", 1, 0, 0644), FSIMAGE_WRONG_TYPE);
    uint8_t *data;
    size_t size;
    assert_int_equal(fsimage_read_file(fs, "/d", &data, &size), FSIMAGE_WRONG_TYPE);
    assert_int_equal(fsimage_read_file(fs, "/nope", &data, &size), FSIMAGE_NOT_FOUND);
    assert_non_null(strstr(fsimage_error(fs), "/nope: no such file or directory"));
    assert_int_equal(problems_in(fs), 0);
    fsimage_close(fs);
}

static void a_full_image_says_so(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    size_t size = TEST_BLOCKS * FS_BLOCK_SIZE;
    uint8_t *data = pattern(size, 3);
    assert_int_equal(fsimage_write_file(fs, "/big", data, size, 0, 0644), FSIMAGE_NO_SPACE);
    assert_non_null(strstr(fsimage_error(fs), "full"));
    free(data);
    fsimage_close(fs);
}

static bool count_entry(void *opaque, const struct fsimage_entry *entry)
{
    (void)entry;
    (*(int *)opaque)++;
    return true;
}

static void listing_gives_every_entry(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    char path[32];
    for (int i = 0; i < 100; i++) {
        snprintf(path, sizeof path, "/bin/p%d", i);
        if (i == 0)
            assert_int_equal(fsimage_mkdir(fs, "/bin", 0, 0755, false), FSIMAGE_OK);
        assert_int_equal(fsimage_write_file(fs, path, path, strlen(path), 0, 0755), FSIMAGE_OK);
    }
    int count = 0;
    assert_int_equal(fsimage_list(fs, "/bin", count_entry, &count), FSIMAGE_OK);
    assert_int_equal(count, 102);
    count = 0;
    assert_int_equal(fsimage_list(fs, "/bin/p7", count_entry, &count), FSIMAGE_OK);
    assert_int_equal(count, 1);
    assert_int_equal(problems_in(fs), 0);
    fsimage_close(fs);
}

/* A committed log (header n = 1, the new contents of a file block in the log) is replayed
 * at load: the file reads the logged bytes and the log is empty afterwards. */
static void a_committed_log_is_replayed(void **state)
{
    (void)state;
    struct fsimage *fs = fresh();
    assert_int_equal(fsimage_write_file(fs, "/f", "old contents", 12, 0, 0644), FSIMAGE_OK);
    size_t size;
    uint8_t *bytes = copy_of(fs, &size);
    fsimage_close(fs);
    struct fs_superblock *sb = superblock_of(bytes);
    uint32_t home = inode_of(bytes, 2)->addrs[0];
    struct fs_log_header *header = (struct fs_log_header *)(bytes + (size_t)sb->log_start * FS_BLOCK_SIZE);
    header->n = 1;
    header->target[0] = home;
    memcpy(bytes + (size_t)(sb->log_start + 1) * FS_BLOCK_SIZE, "new contents", 12);
    char err[256];
    assert_int_equal(fsimage_load(&fs, bytes, size, err, sizeof err), FSIMAGE_OK);
    assert_int_equal(fsimage_log_replayed(fs), 1);
    uint8_t *data;
    size_t data_size;
    assert_int_equal(fsimage_read_file(fs, "/f", &data, &data_size), FSIMAGE_OK);
    assert_memory_equal(data, "new contents", 12);
    free(data);
    const uint8_t *now = fsimage_bytes(fs, &size);
    assert_int_equal(((const struct fs_log_header *)(now + (size_t)sb->log_start * FS_BLOCK_SIZE))->n, 0);
    assert_int_equal(problems_in(fs), 0);
    fsimage_close(fs);
}

/* ---- corrupt images refused at load ---- */

static uint8_t *fresh_bytes(size_t *size)
{
    struct fsimage *fs = fresh();
    assert_int_equal(fsimage_mkdir(fs, "/d", 0, 0755, false), FSIMAGE_OK);
    assert_int_equal(fsimage_write_file(fs, "/d/f", "hello", 5, 0, 0644), FSIMAGE_OK);
    uint8_t *bytes = copy_of(fs, size);
    fsimage_close(fs);
    return bytes;
}

static void load_refuses_corrupt_superblocks(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    expect_load_refused(bytes, 1500, "too small for a file system");

    bytes = fresh_bytes(&size);
    superblock_of(bytes)->magic = 0x12345678;
    expect_load_refused(bytes, size, "not a vmsim file system");

    bytes = fresh_bytes(&size);
    superblock_of(bytes)->version = 9;
    expect_load_refused(bytes, size, "version 9");

    bytes = fresh_bytes(&size);
    expect_load_refused(bytes, size - FS_BLOCK_SIZE, "truncated image");

    bytes = fresh_bytes(&size);
    superblock_of(bytes)->inode_start = superblock_of(bytes)->log_start + 1;
    expect_load_refused(bytes, size, "the inodes overlap the log");

    bytes = fresh_bytes(&size);
    superblock_of(bytes)->data_start = superblock_of(bytes)->size;
    expect_load_refused(bytes, size, "no room for data blocks");

    bytes = fresh_bytes(&size);
    superblock_of(bytes)->nlog = 1000;
    expect_load_refused(bytes, size, "log of 1000 blocks");

    bytes = fresh_bytes(&size);
    superblock_of(bytes)->ninodes = 0xffffffffu;
    expect_load_refused(bytes, size, "inodes for");

    bytes = fresh_bytes(&size);
    inode_of(bytes, FS_ROOT_INODE)->type = FS_T_FILE;
    expect_load_refused(bytes, size, "root inode 1 is not a directory");
}

static void load_refuses_a_corrupt_log(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    struct fs_superblock *sb = superblock_of(bytes);
    struct fs_log_header *header = (struct fs_log_header *)(bytes + (size_t)sb->log_start * FS_BLOCK_SIZE);
    header->n = sb->nlog;
    expect_load_refused(bytes, size, "log header says");

    bytes = fresh_bytes(&size);
    sb = superblock_of(bytes);
    header = (struct fs_log_header *)(bytes + (size_t)sb->log_start * FS_BLOCK_SIZE);
    header->n = 1;
    header->target[0] = FS_SUPERBLOCK_BLOCK;
    expect_load_refused(bytes, size, "log entry 0 targets block 1");
}

/* ---- inconsistencies the checker reports ---- */

/* The first data block of "/d/f" (inode 3 in fresh_bytes). */
enum { DIR_D = 2, FILE_F = 3 };

static void check_finds_a_block_used_twice(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    inode_of(bytes, FILE_F)->addrs[1] = inode_of(bytes, DIR_D)->addrs[0];
    expect_check_finds(bytes, size, "is used twice");
}

static void check_finds_a_pointer_outside_the_data_blocks(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    inode_of(bytes, FILE_F)->addrs[0] = 3;
    expect_check_finds(bytes, size, "inode 3: direct block pointer 3 is outside the data blocks");
    bytes = fresh_bytes(&size);
    inode_of(bytes, FILE_F)->addrs[FS_INDIRECT] = 99999;
    expect_check_finds(bytes, size, "indirect block pointer 99999 is outside");
}

static void check_finds_bitmap_mismatches(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    uint32_t used = inode_of(bytes, FILE_F)->addrs[0];
    set_bitmap(bytes, used, false);
    expect_check_finds(bytes, size, "but marked free in the bitmap");

    bytes = fresh_bytes(&size);
    set_bitmap(bytes, superblock_of(bytes)->size - 1, true);
    expect_check_finds(bytes, size, "marked in use in the bitmap but nothing uses it");

    bytes = fresh_bytes(&size);
    set_bitmap(bytes, superblock_of(bytes)->inode_start, false);
    expect_check_finds(bytes, size, "bitmap marks metadata block");
}

static void check_finds_wrong_link_counts_and_orphans(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    inode_of(bytes, FILE_F)->nlink = 2;
    expect_check_finds(bytes, size, "inode 3 (file) has nlink 2 but 1 directory entries name it");

    bytes = fresh_bytes(&size);
    *inode_of(bytes, 9) = (struct fs_inode){.type = FS_T_FILE, .nlink = 1};
    expect_check_finds(bytes, size, "inode 9 (file) is an orphan");
}

/* The entries of directory /d: ".", "..", "f". */
static struct fs_dirent *entries_of_d(uint8_t *bytes)
{
    return (struct fs_dirent *)(bytes + (size_t)inode_of(bytes, DIR_D)->addrs[0] * FS_BLOCK_SIZE);
}

static void check_finds_bad_directories(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    entries_of_d(bytes)[0].ino = 0;
    expect_check_finds(bytes, size, "directory inode 2 has no '.' entry");

    bytes = fresh_bytes(&size);
    entries_of_d(bytes)[1].ino = DIR_D;
    expect_check_finds(bytes, size, "'..' names inode 2, not its parent 1");

    bytes = fresh_bytes(&size);
    memset(entries_of_d(bytes)[2].name, 'x', FS_NAME_MAX + 1);
    expect_check_finds(bytes, size, "bad name (not NUL-terminated)");

    bytes = fresh_bytes(&size);
    entries_of_d(bytes)[2].ino = 40;
    expect_check_finds(bytes, size, "'f' names free inode 40");

    bytes = fresh_bytes(&size);
    entries_of_d(bytes)[2].ino = 1u << 30;
    expect_check_finds(bytes, size, "beyond the");

    bytes = fresh_bytes(&size);
    inode_of(bytes, DIR_D)->size = 70;
    expect_check_finds(bytes, size, "size 70 is not a multiple of 32");

    bytes = fresh_bytes(&size);
    strcpy(entries_of_d(bytes)[2].name, ".");
    expect_check_finds(bytes, size, "the name '.' appears more than once");

    bytes = fresh_bytes(&size);
    *inode_of(bytes, 7) = (struct fs_inode){.type = 9};
    expect_check_finds(bytes, size, "inode 7: unknown type 9");
}

static void check_finds_a_directory_with_two_names(void **state)
{
    (void)state;
    size_t size;
    uint8_t *bytes = fresh_bytes(&size);
    /* Make /d/f a second name of /d itself. */
    entries_of_d(bytes)[2].ino = DIR_D;
    expect_check_finds(bytes, size, "directory inode 2 has more than one name");
}

/* ---- random damage: a clear answer, never a crash (ASan runs these too) ---- */

static bool ignore_entry(void *opaque, const struct fsimage_entry *entry)
{
    (void)opaque;
    (void)entry;
    return true;
}

static void ignore_problem(void *opaque, const char *line)
{
    (void)opaque;
    (void)line;
}

static void exercise(uint8_t *bytes, size_t size)
{
    struct fsimage *fs;
    char err[256];
    enum fsimage_status status = fsimage_load(&fs, bytes, size, err, sizeof err);
    if (status != FSIMAGE_OK) {
        assert_int_equal(status, FSIMAGE_CORRUPT);
        assert_true(err[0] != '\0');
        return;
    }
    fsimage_check(fs, ignore_problem, NULL);
    fsimage_list(fs, "/", ignore_entry, NULL);
    fsimage_list(fs, "/d", ignore_entry, NULL);
    uint8_t *data;
    size_t data_size;
    if (fsimage_read_file(fs, "/d/f", &data, &data_size) == FSIMAGE_OK)
        free(data);
    fsimage_mkdir(fs, "/d/new/deeper", 0, 0755, true);
    fsimage_write_file(fs, "/d/g", "data", 4, 0, 0644);
    static const uint8_t contents[20000];
    fsimage_write_file(fs, "/d/f", contents, sizeof contents, 0, 0644);
    fsimage_close(fs);
}

static void random_damage_never_crashes(void **state)
{
    (void)state;
    srand(12345);
    for (int round = 0; round < 300; round++) {
        size_t size;
        uint8_t *bytes = fresh_bytes(&size);
        struct fs_superblock *sb = superblock_of(bytes);
        /* Damage the metadata where it hurts most: inodes, bitmap, directory blocks,
         * sometimes the superblock or the log header. */
        uint32_t first = round % 10 == 0 ? FS_SUPERBLOCK_BLOCK : sb->inode_start;
        uint32_t last = sb->data_start + 8;
        int hits = 1 + rand() % 40;
        for (int i = 0; i < hits; i++) {
            size_t at = (size_t)(first + (uint32_t)rand() % (last - first)) * FS_BLOCK_SIZE +
                        (size_t)(rand() % FS_BLOCK_SIZE);
            bytes[at] = (uint8_t)rand();
        }
        size_t cut = round % 7 == 0 ? (size_t)rand() % size : size;
        exercise(bytes, cut);
    }
    for (int round = 0; round < 50; round++) {
        size_t size = (size_t)(rand() % 8 + 1) * FS_BLOCK_SIZE * 16;
        uint8_t *bytes = malloc(size);
        assert_non_null(bytes);
        for (size_t i = 0; i < size; i++)
            bytes[i] = (uint8_t)rand();
        if (round % 2) /* a plausible superblock over random contents */
            memcpy(bytes + FS_BLOCK_SIZE,
                   &(struct fs_superblock){FS_MAGIC, FS_VERSION, (uint32_t)(size / FS_BLOCK_SIZE), 64, 4, 2,
                                           6, 10, 11},
                   sizeof(struct fs_superblock));
        exercise(bytes, size);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_file_system_is_consistent),
        cmocka_unit_test(format_refuses_a_tiny_size),
        cmocka_unit_test(files_of_every_size_round_trip),
        cmocka_unit_test(replacing_a_file_frees_its_old_blocks),
        cmocka_unit_test(directories_nest_and_count_links),
        cmocka_unit_test(bad_paths_and_names_are_refused),
        cmocka_unit_test(a_full_image_says_so),
        cmocka_unit_test(listing_gives_every_entry),
        cmocka_unit_test(a_committed_log_is_replayed),
        cmocka_unit_test(load_refuses_corrupt_superblocks),
        cmocka_unit_test(load_refuses_a_corrupt_log),
        cmocka_unit_test(check_finds_a_block_used_twice),
        cmocka_unit_test(check_finds_a_pointer_outside_the_data_blocks),
        cmocka_unit_test(check_finds_bitmap_mismatches),
        cmocka_unit_test(check_finds_wrong_link_counts_and_orphans),
        cmocka_unit_test(check_finds_bad_directories),
        cmocka_unit_test(check_finds_a_directory_with_two_names),
        cmocka_unit_test(random_damage_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
