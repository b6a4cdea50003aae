/* The built-in font: every printable ASCII character has a complete picture of '#' and '.',
 * no two characters look the same, the space is empty, and other bytes draw as a box. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/font.h"

#define PICTURE_CHARS (FONT_GLYPH_WIDTH * FONT_GLYPH_HEIGHT)

static void every_picture_is_complete(void **state)
{
    (void)state;
    for (int c = FONT_FIRST; c <= FONT_LAST; c++) {
        const char *glyph = font_glyph((unsigned char)c);
        assert_int_equal(strlen(glyph), PICTURE_CHARS);
        for (int i = 0; i < PICTURE_CHARS; i++)
            assert_true(glyph[i] == '#' || glyph[i] == '.');
    }
}

static void no_two_characters_look_alike(void **state)
{
    (void)state;
    for (int a = FONT_FIRST; a <= FONT_LAST; a++)
        for (int b = a + 1; b <= FONT_LAST; b++)
            if (strcmp(font_glyph((unsigned char)a), font_glyph((unsigned char)b)) == 0)
                fail_msg("'%c' and '%c' have the same picture", a, b);
}

static void only_the_space_is_blank(void **state)
{
    (void)state;
    for (int c = FONT_FIRST; c <= FONT_LAST; c++) {
        bool any = strchr(font_glyph((unsigned char)c), '#') != NULL;
        assert_int_equal(any, c != ' ');
    }
}

static void letters_stand_on_the_baseline(void **state)
{
    (void)state;
    /* Capitals and digits use rows 0-6 and never the descender rows. */
    const char *tall = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (const char *c = tall; *c; c++) {
        const char *glyph = font_glyph((unsigned char)*c);
        bool bottom = false;
        for (unsigned x = 0; x < FONT_GLYPH_WIDTH; x++) {
            assert_false(font_pixel(glyph, x, 7));
            assert_false(font_pixel(glyph, x, 8));
            bottom |= font_pixel(glyph, x, 6);
        }
        assert_true(bottom);
    }
    /* Descenders reach below it. */
    const char *descending = "gjpqy";
    for (const char *c = descending; *c; c++) {
        bool below = false;
        for (unsigned x = 0; x < FONT_GLYPH_WIDTH; x++)
            below |= font_pixel(font_glyph((unsigned char)*c), x, 7);
        assert_true(below);
    }
}

static void other_bytes_draw_as_a_box(void **state)
{
    (void)state;
    const char *box = font_glyph(0x07);
    assert_ptr_equal(font_glyph(0x7f), box);
    assert_ptr_equal(font_glyph(0xe9), box);
    assert_true(font_pixel(box, 0, 0) && font_pixel(box, 4, 6) && !font_pixel(box, 2, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_picture_is_complete),
        cmocka_unit_test(no_two_characters_look_alike),
        cmocka_unit_test(only_the_space_is_blank),
        cmocka_unit_test(letters_stand_on_the_baseline),
        cmocka_unit_test(other_bytes_draw_as_a_box),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
