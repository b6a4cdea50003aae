/* Drawing on a canvas: rectangles and text land where they should and clip at the edges,
 * colours mix, and images copy with their stride. Also the screenshot files: a BMP a
 * viewer can read (header, bottom-up rows of B, G, R) and, with zlib, a PNG. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ui/canvas.h"
#include "ui/font.h"
#include "ui/image_file.h"

#ifdef VMSIM_HAVE_ZLIB
#include <zlib.h>
#endif

static struct canvas c;

static int setup(void **state)
{
    (void)state;
    return canvas_init(&c, 40, 30) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    canvas_destroy(&c);
    return 0;
}

static uint32_t at(int x, int y)
{
    return c.pixels[y * c.width + x];
}

static void fill_covers_exactly_its_rectangle(void **state)
{
    (void)state;
    canvas_fill(&c, 2, 3, 4, 5, 0x123456);
    assert_int_equal(at(2, 3), 0x123456);
    assert_int_equal(at(5, 7), 0x123456);
    assert_int_equal(at(1, 3), 0);
    assert_int_equal(at(6, 7), 0);
    assert_int_equal(at(2, 8), 0);
}

static void drawing_clips_at_the_edges(void **state)
{
    (void)state;
    canvas_fill(&c, -10, -10, 15, 15, 0xff);
    canvas_fill(&c, 35, 25, 100, 100, 0xee);
    canvas_line(&c, -5, 0, 50, 0, 0xdd);
    canvas_text(&c, 36, 28, "WWW", 0xcc, 3);
    assert_int_equal(at(0, 0), 0xdd);
    assert_int_equal(at(4, 4), 0xff);
    assert_int_equal(at(39, 29), 0xee);
}

static void text_draws_the_glyphs_and_advances_by_cells(void **state)
{
    (void)state;
    int end = canvas_text(&c, 1, 2, "Hi", 0xffffff, 1);
    assert_int_equal(end, 1 + 2 * FONT_CELL_WIDTH);
    const char *h = font_glyph('H');
    for (unsigned y = 0; y < FONT_GLYPH_HEIGHT; y++)
        for (unsigned x = 0; x < FONT_GLYPH_WIDTH; x++)
            assert_int_equal(at(1 + (int)x, 2 + (int)y), font_pixel(h, x, y) ? 0xffffff : 0);
    /* Scaled text: each font pixel becomes a square. */
    canvas_fill(&c, 0, 0, 40, 30, 0);
    canvas_text(&c, 0, 0, "H", 0xabcdef, 2);
    assert_int_equal(at(0, 0), 0xabcdef);
    assert_int_equal(at(1, 1), 0xabcdef);
    assert_int_equal(canvas_text_width("abc", 2), 3 * FONT_CELL_WIDTH * 2);
}

static void mix_weighs_two_colours(void **state)
{
    (void)state;
    assert_int_equal(canvas_mix(0x000000, 0xffffff, 0), 0x000000);
    assert_int_equal(canvas_mix(0x000000, 0xffffff, 256), 0xffffff);
    assert_int_equal(canvas_mix(0x204060, 0x204060, 100), 0x204060);
    assert_int_equal(canvas_mix(0x000000, 0x0000ff, 128), 0x00007f);
}

static void blit_copies_rows_with_their_stride(void **state)
{
    (void)state;
    uint32_t image[3][4] = {{1, 2, 3, 0xbad}, {4, 5, 6, 0xbad}, {7, 8, 9, 0xbad}};
    canvas_blit(&c, 38, 28, &image[0][0], 3, 3, 4 * sizeof(uint32_t));
    assert_int_equal(at(38, 28), 1);
    assert_int_equal(at(39, 28), 2);
    assert_int_equal(at(38, 29), 4);
    canvas_blit(&c, -1, 0, &image[0][0], 3, 2, 4 * sizeof(uint32_t));
    assert_int_equal(at(0, 0), 2);
    assert_int_equal(at(1, 1), 6);
    assert_int_equal(at(2, 1), 0);
}

static uint8_t *read_whole(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    rewind(f);
    uint8_t *bytes = malloc((size_t)*size);
    assert_int_equal(fread(bytes, 1, (size_t)*size, f), (size_t)*size);
    fclose(f);
    return bytes;
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void bmp_holds_the_pixels_bottom_row_first(void **state)
{
    (void)state;
    struct canvas small;
    assert_true(canvas_init(&small, 3, 2));
    small.pixels[0] = 0xff0000; /* top-left red */
    small.pixels[5] = 0x0000ff; /* bottom-right blue */
    char path[] = "/tmp/vmsim-test-XXXXXX.bmp";
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    close(fd);
    char err[128];
    assert_true(image_file_save(&small, path, err, sizeof err));
    long size;
    uint8_t *b = read_whole(path, &size);
    unlink(path);
    assert_int_equal(size, 54 + 2 * 12); /* rows of 9 bytes padded to 12 */
    assert_memory_equal(b, "BM", 2);
    assert_int_equal(le32(b + 10), 54);
    assert_int_equal(le32(b + 18), 3);
    assert_int_equal(le32(b + 22), 2);
    assert_int_equal(b[28], 24);
    const uint8_t *bottom = b + 54, *top = b + 54 + 12;
    assert_memory_equal(top, "\x00\x00\xff", 3);        /* red as B, G, R */
    assert_memory_equal(bottom + 6, "\xff\x00\x00", 3); /* blue */
    free(b);
    canvas_destroy(&small);
}

static void screenshot_names_must_say_bmp_or_png(void **state)
{
    (void)state;
    char err[160];
    assert_true(image_file_format_supported("shot.bmp", err, sizeof err));
    assert_true(image_file_format_supported("SHOT.BMP", err, sizeof err));
    assert_false(image_file_format_supported("shot.jpg", err, sizeof err));
    assert_non_null(strstr(err, ".bmp or .png"));
    assert_false(image_file_format_supported(".bmp", err, sizeof err));
}

#ifdef VMSIM_HAVE_ZLIB
static void png_holds_the_pixels_top_row_first(void **state)
{
    (void)state;
    struct canvas small;
    assert_true(canvas_init(&small, 2, 2));
    small.pixels[0] = 0x112233;
    small.pixels[3] = 0x445566;
    char path[] = "/tmp/vmsim-test-XXXXXX.png";
    int fd = mkstemps(path, 4);
    close(fd);
    char err[128];
    assert_true(image_file_save(&small, path, err, sizeof err));
    long size;
    uint8_t *b = read_whole(path, &size);
    unlink(path);
    assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(b + 12, "IHDR", 4);
    assert_int_equal(b[16 + 3], 2); /* width */
    assert_int_equal(b[24], 8);     /* bits per channel */
    assert_int_equal(b[25], 2);     /* RGB */
    const uint8_t *idat = b + 8 + 25;
    assert_memory_equal(idat + 4, "IDAT", 4);
    uint32_t length = (uint32_t)idat[0] << 24 | (uint32_t)idat[1] << 16 | (uint32_t)idat[2] << 8 | idat[3];
    uint8_t rows[2 * 7];
    uLongf rows_size = sizeof rows;
    assert_int_equal(uncompress(rows, &rows_size, idat + 8, length), Z_OK);
    assert_int_equal(rows_size, sizeof rows);
    assert_memory_equal(rows, "\x00\x11\x22\x33\x00\x00\x00", 7);
    assert_memory_equal(rows + 7, "\x00\x00\x00\x00\x44\x55\x66", 7);
    free(b);
    canvas_destroy(&small);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fill_covers_exactly_its_rectangle, setup, teardown),
        cmocka_unit_test_setup_teardown(drawing_clips_at_the_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(text_draws_the_glyphs_and_advances_by_cells, setup, teardown),
        cmocka_unit_test(mix_weighs_two_colours),
        cmocka_unit_test_setup_teardown(blit_copies_rows_with_their_stride, setup, teardown),
        cmocka_unit_test(bmp_holds_the_pixels_bottom_row_first),
        cmocka_unit_test(screenshot_names_must_say_bmp_or_png),
#ifdef VMSIM_HAVE_ZLIB
        cmocka_unit_test(png_holds_the_pixels_top_row_first),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
