/* The window's drawing vocabulary, shared by its two pages (view.c: the machine; os_view.c:
 * processes, page tables, scheduling and system calls): colours, panels, text helpers and
 * the TLB hit-rate graph on guest time. */
#ifndef VMSIM_UI_VIEW_PARTS_H
#define VMSIM_UI_VIEW_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "ui/canvas.h"
#include "ui/font.h"

#define COLOR_BACKGROUND 0x14161bu
#define COLOR_TOP_BAR 0x0b0d11u
#define COLOR_PANEL 0x1d2129u
#define COLOR_BORDER 0x363d4au
#define COLOR_HEADING 0x7aa2f7u
#define COLOR_TEXT 0xd3d7dfu
#define COLOR_DIM 0x7d8595u
#define COLOR_FAINT 0x454c5au
#define COLOR_GREEN 0x73d07bu
#define COLOR_YELLOW 0xf0c35au
#define COLOR_RED 0xef6b73u
#define COLOR_BLUE 0x61afefu
#define COLOR_MAGENTA 0xc678ddu
#define COLOR_ORANGE 0xf0a060u
#define COLOR_SCREEN_OFF 0x08090cu

#define LINE 13 /* text line spacing inside panels */
#define CELL FONT_CELL_WIDTH

struct box {
    int x, y, w, h;
};

struct os_snapshot;

int view_text(struct canvas *c, int x, int y, uint32_t color, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
/* Text whose right edge is at x. */
void view_text_right(struct canvas *c, int x, int y, uint32_t color, const char *s);
/* 1234567 -> "1,234,567". */
const char *view_grouped(char *buffer, size_t size, uint64_t value);
/* A panel's frame with its heading; returns the x just past the heading. */
int view_panel(struct canvas *c, struct box b, const char *heading);
/* A key drawn as a key cap, then what it does; returns the x past it all. */
int view_key_hint(struct canvas *c, int x, int y, const char *key, const char *action);
/* "DAGUXWRV" with a '.' for each bit that is clear. */
void view_flag_letters(uint8_t flags, char out[9]);
/* The TLB hit rate over guest time (all lookups and loads+stores) in box b. */
void view_draw_hit_rate(struct canvas *c, struct box b, const struct os_snapshot *s);

#endif
