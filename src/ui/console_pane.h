/* The text the window's console pane shows: the last lines of the guest's console output,
 * kept as a grid of characters the way a simple terminal would lay them out (newline,
 * carriage return, backspace, tab, and line wrap; ANSI escape sequences are skipped). */
#ifndef VMSIM_UI_CONSOLE_PANE_H
#define VMSIM_UI_CONSOLE_PANE_H

#include <stddef.h>
#include <stdint.h>

#define CONSOLE_PANE_COLUMNS 106
#define CONSOLE_PANE_LINES 64 /* kept; the window shows as many of the last as fit */

struct console_pane {
    char text[CONSOLE_PANE_LINES][CONSOLE_PANE_COLUMNS + 1]; /* NUL-terminated, ring order */
    unsigned first;  /* index of the oldest line */
    unsigned column; /* cursor column in the newest line */
    unsigned escape; /* 0, or the state of an escape sequence being skipped */
};

void console_pane_init(struct console_pane *p);
void console_pane_write(struct console_pane *p, const uint8_t *bytes, size_t count);

/* Line `n` counted back from the newest (0 = the line the cursor is on). */
const char *console_pane_line(const struct console_pane *p, unsigned n);

#endif
