/* A few rules of a terminal, enough for a guest's console output to read as it would on
 * a real one. */
#include "ui/console_pane.h"

#include <string.h>

enum { ESCAPE_NONE, ESCAPE_START, ESCAPE_CSI };

void console_pane_init(struct console_pane *p)
{
    memset(p, 0, sizeof *p);
}

static char *newest(struct console_pane *p)
{
    return p->text[(p->first + CONSOLE_PANE_LINES - 1) % CONSOLE_PANE_LINES];
}

static void new_line(struct console_pane *p)
{
    p->first = (p->first + 1) % CONSOLE_PANE_LINES;
    memset(newest(p), 0, CONSOLE_PANE_COLUMNS + 1);
    p->column = 0;
}

static void put_char(struct console_pane *p, char c)
{
    if (p->column == CONSOLE_PANE_COLUMNS)
        new_line(p);
    char *line = newest(p);
    /* A line shorter than the cursor column (after a carriage return and a tab) fills with
     * spaces, so that the NUL stays at the end of the text. */
    for (size_t i = strlen(line); i < p->column; i++)
        line[i] = ' ';
    line[p->column++] = c;
}

void console_pane_write(struct console_pane *p, const uint8_t *bytes, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint8_t b = bytes[i];
        if (p->escape == ESCAPE_START) {
            p->escape = b == '[' ? ESCAPE_CSI : ESCAPE_NONE;
            continue;
        }
        if (p->escape == ESCAPE_CSI) {
            if (b >= 0x40 && b <= 0x7e) /* the final byte of a control sequence */
                p->escape = ESCAPE_NONE;
            continue;
        }
        switch (b) {
        case '\n': new_line(p); break;
        case '\r': p->column = 0; break;
        case '\b':
            if (p->column > 0)
                p->column--;
            break;
        case '\t':
            do
                put_char(p, ' ');
            while (p->column % 8 != 0 && p->column < CONSOLE_PANE_COLUMNS);
            break;
        case 0x1b: p->escape = ESCAPE_START; break;
        default:
            if (b >= 0x20 && b < 0x7f)
                put_char(p, (char)b);
            else if (b >= 0xc0)
                put_char(p, '?'); /* a UTF-8 character beyond ASCII, which the font lacks */
            break;
        }
    }
}

const char *console_pane_line(const struct console_pane *p, unsigned n)
{
    if (n >= CONSOLE_PANE_LINES)
        return "";
    return p->text[(p->first + CONSOLE_PANE_LINES - 1 - n) % CONSOLE_PANE_LINES];
}
