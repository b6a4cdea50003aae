/* vmsim's own bitmap font for the window: printable ASCII (32..126), each glyph 5 pixels wide
 * and 9 high (7 above the baseline, 2 for descenders), drawn in a 6 x 11 cell so that text
 * lines up in columns. Other bytes draw as a hollow box. */
#ifndef VMSIM_UI_FONT_H
#define VMSIM_UI_FONT_H

#include <stdbool.h>

#define FONT_GLYPH_WIDTH 5
#define FONT_GLYPH_HEIGHT 9
#define FONT_CELL_WIDTH 6
#define FONT_CELL_HEIGHT 11
#define FONT_FIRST 32
#define FONT_LAST 126

/* The picture of `c`: FONT_GLYPH_HEIGHT rows of FONT_GLYPH_WIDTH characters, top row
 * first, '#' for a pixel that is on and '.' for one that is off. */
const char *font_glyph(unsigned char c);

static inline bool font_pixel(const char *glyph, unsigned x, unsigned y)
{
    return glyph[y * FONT_GLYPH_WIDTH + x] == '#';
}

#endif
