/* Disk image files: a missing file, creation with a size, sizes that are not whole
 * sectors, an empty file, a directory, a second user of the same image, and byte-exact
 * reads and writes. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices/disk_image.h"
#include "hart_fixture.h"

struct image_test {
    char dir[64];
    char path[128];
    char err[256];
};

static int image_setup(void **state)
{
    struct image_test *t = calloc(1, sizeof *t);
    strcpy(t->dir, "/tmp/vmsim-image-test.XXXXXX");
    if (!mkdtemp(t->dir))
        return -1;
    snprintf(t->path, sizeof t->path, "%s/disk.img", t->dir);
    *state = t;
    return 0;
}

static int image_teardown(void **state)
{
    struct image_test *t = *state;
    unlink(t->path);
    rmdir(t->dir);
    free(t);
    return 0;
}

static void write_file(const char *path, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < size; i++)
        fputc((int)(i & 0xff), f);
    fclose(f);
}

static void missing_file_cannot_be_opened(void **state)
{
    struct image_test *t = *state;
    struct disk_image d;
    assert_int_equal(disk_image_open(&d, t->path, 0, false, t->err, sizeof t->err),
                     DISK_IMAGE_CANNOT_OPEN);
    assert_non_null(strstr(t->err, "disk.img: cannot open: No such file or directory"));
    assert_null(strchr(t->err, '\n'));
}

static void missing_file_is_created_zeroed_when_asked(void **state)
{
    struct image_test *t = *state;
    struct disk_image d;
    assert_int_equal(disk_image_open(&d, t->path, 8192, false, t->err, sizeof t->err), DISK_IMAGE_OK);
    assert_int_equal(d.sectors, 16);
    uint8_t buffer[8192];
    memset(buffer, 0xff, sizeof buffer);
    assert_true(disk_image_read(&d, 0, buffer, sizeof buffer));
    for (size_t i = 0; i < sizeof buffer; i++)
        assert_int_equal(buffer[i], 0);
    assert_false(disk_image_read(&d, 8192 - 4, buffer, 8)); /* past the end */
    disk_image_close(&d);
    struct stat st;
    assert_int_equal(stat(t->path, &st), 0);
    assert_int_equal(st.st_size, 8192);
}

static void existing_file_is_used_as_it_is_whatever_the_create_size(void **state)
{
    struct image_test *t = *state;
    write_file(t->path, 1024);
    struct disk_image d;
    assert_int_equal(disk_image_open(&d, t->path, 1 << 20, false, t->err, sizeof t->err), DISK_IMAGE_OK);
    assert_int_equal(d.sectors, 2);
    uint8_t b[4];
    assert_true(disk_image_read(&d, 510, b, 4));
    assert_int_equal(b[0], 510 & 0xff);
    assert_int_equal(b[3], 513 & 0xff);
    disk_image_close(&d);
    disk_image_close(&d); /* closing twice is harmless */
}

static void size_not_a_multiple_of_512_is_refused(void **state)
{
    struct image_test *t = *state;
    write_file(t->path, 1000);
    struct disk_image d;
    assert_int_equal(disk_image_open(&d, t->path, 0, false, t->err, sizeof t->err), DISK_IMAGE_BAD);
    assert_non_null(strstr(t->err, "size 1000 bytes is not a multiple of 512"));
}

static void empty_file_is_refused(void **state)
{
    struct image_test *t = *state;
    write_file(t->path, 0);
    struct disk_image d;
    assert_int_equal(disk_image_open(&d, t->path, 0, false, t->err, sizeof t->err), DISK_IMAGE_BAD);
    assert_non_null(strstr(t->err, "empty image"));
}

static void directory_is_refused(void **state)
{
    struct image_test *t = *state;
    struct disk_image d;
    assert_int_not_equal(disk_image_open(&d, t->dir, 0, false, t->err, sizeof t->err), DISK_IMAGE_OK);
    assert_int_equal(disk_image_open(&d, t->dir, 0, true, t->err, sizeof t->err), DISK_IMAGE_BAD);
    assert_non_null(strstr(t->err, "not a regular file"));
}

static void second_writer_is_refused_while_the_image_is_open(void **state)
{
    struct image_test *t = *state;
    write_file(t->path, 512);
    struct disk_image first, second;
    assert_int_equal(disk_image_open(&first, t->path, 0, false, t->err, sizeof t->err), DISK_IMAGE_OK);
    assert_int_equal(disk_image_open(&second, t->path, 0, false, t->err, sizeof t->err),
                     DISK_IMAGE_CANNOT_OPEN);
    assert_non_null(strstr(t->err, "cannot lock"));
    disk_image_close(&first);
    assert_int_equal(disk_image_open(&second, t->path, 0, false, t->err, sizeof t->err), DISK_IMAGE_OK);
    disk_image_close(&second);
}

static void writes_land_at_their_offset_and_read_only_refuses_them(void **state)
{
    struct image_test *t = *state;
    write_file(t->path, 2048);
    struct disk_image d;
    assert_int_equal(disk_image_open(&d, t->path, 0, false, t->err, sizeof t->err), DISK_IMAGE_OK);
    assert_true(disk_image_write(&d, 700, "vmsim", 5));
    assert_true(d.dirty);
    assert_true(disk_image_flush(&d));
    assert_false(d.dirty);
    disk_image_close(&d);
    assert_int_equal(disk_image_open(&d, t->path, 0, true, t->err, sizeof t->err), DISK_IMAGE_OK);
    char b[7];
    assert_true(disk_image_read(&d, 699, b, 7));
    assert_memory_equal(b + 1, "vmsim", 5);
    assert_int_equal((uint8_t)b[0], 699 & 0xff);
    assert_int_equal((uint8_t)b[6], 705 & 0xff);
    assert_false(disk_image_write(&d, 0, "x", 1));
    disk_image_close(&d);
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, image_setup, image_teardown)
    const struct CMUnitTest tests[] = {
        TEST(missing_file_cannot_be_opened),
        TEST(missing_file_is_created_zeroed_when_asked),
        TEST(existing_file_is_used_as_it_is_whatever_the_create_size),
        TEST(size_not_a_multiple_of_512_is_refused),
        TEST(empty_file_is_refused),
        TEST(directory_is_refused),
        TEST(second_writer_is_refused_while_the_image_is_open),
        TEST(writes_land_at_their_offset_and_read_only_refuses_them),
    };
    return cmocka_run_group_tests_name("disk_image", tests, NULL, NULL);
}
