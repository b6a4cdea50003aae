/* The console pane lays text out as a terminal would: lines, carriage return, backspace,
 * tabs, wrapping at the pane's width, escape sequences skipped, and only the newest
 * CONSOLE_PANE_LINES lines kept. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/console_pane.h"

static struct console_pane pane;

static int setup(void **state)
{
    (void)state;
    console_pane_init(&pane);
    return 0;
}

static void write_text(const char *text)
{
    console_pane_write(&pane, (const uint8_t *)text, strlen(text));
}

static void lines_come_out_newest_first(void **state)
{
    (void)state;
    write_text("first\nsecond\nthird");
    assert_string_equal(console_pane_line(&pane, 0), "third");
    assert_string_equal(console_pane_line(&pane, 1), "second");
    assert_string_equal(console_pane_line(&pane, 2), "first");
    assert_string_equal(console_pane_line(&pane, 3), "");
}

static void carriage_return_and_backspace_overwrite(void **state)
{
    (void)state;
    write_text("loading 10%\rloading 99%\r\nab\bc");
    assert_string_equal(console_pane_line(&pane, 1), "loading 99%");
    assert_string_equal(console_pane_line(&pane, 0), "ac");
}

static void tabs_reach_the_next_multiple_of_eight(void **state)
{
    (void)state;
    write_text("a\tb\t\tc");
    assert_string_equal(console_pane_line(&pane, 0), "a       b               c");
}

static void long_lines_wrap(void **state)
{
    (void)state;
    char line[CONSOLE_PANE_COLUMNS + 4];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = 0;
    write_text(line);
    assert_int_equal(strlen(console_pane_line(&pane, 1)), CONSOLE_PANE_COLUMNS);
    assert_string_equal(console_pane_line(&pane, 0), "xxx");
}

static void escape_sequences_and_control_bytes_do_not_show(void **state)
{
    (void)state;
    write_text("\x1b[1;32mgreen\x1b[0m \x1b[Kok\x07");
    assert_string_equal(console_pane_line(&pane, 0), "green ok");
}

static void characters_beyond_ascii_show_as_one_question_mark(void **state)
{
    (void)state;
    write_text("caf\xc3\xa9 \xe2\x82\xac");
    assert_string_equal(console_pane_line(&pane, 0), "caf? ?");
}

static void only_the_newest_lines_are_kept(void **state)
{
    (void)state;
    char text[16];
    for (int i = 0; i < CONSOLE_PANE_LINES + 10; i++) {
        snprintf(text, sizeof text, "line %d\n", i);
        write_text(text);
    }
    snprintf(text, sizeof text, "line %d", CONSOLE_PANE_LINES + 9);
    assert_string_equal(console_pane_line(&pane, 1), text);
    snprintf(text, sizeof text, "line %d", 11);
    assert_string_equal(console_pane_line(&pane, CONSOLE_PANE_LINES - 1), text);
    assert_string_equal(console_pane_line(&pane, CONSOLE_PANE_LINES), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(lines_come_out_newest_first, setup),
        cmocka_unit_test_setup(carriage_return_and_backspace_overwrite, setup),
        cmocka_unit_test_setup(tabs_reach_the_next_multiple_of_eight, setup),
        cmocka_unit_test_setup(long_lines_wrap, setup),
        cmocka_unit_test_setup(escape_sequences_and_control_bytes_do_not_show, setup),
        cmocka_unit_test_setup(characters_beyond_ascii_show_as_one_question_mark, setup),
        cmocka_unit_test_setup(only_the_newest_lines_are_kept, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
