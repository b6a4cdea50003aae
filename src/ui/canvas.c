/* Drawing primitives on a canvas: rectangles, lines, text in the built-in font, images. */
#include "ui/canvas.h"

#include <stdlib.h>
#include <string.h>

#include "ui/font.h"

bool canvas_init(struct canvas *c, int width, int height)
{
    c->pixels = calloc((size_t)width * (size_t)height, sizeof *c->pixels);
    c->width = width;
    c->height = height;
    return c->pixels != NULL;
}

void canvas_destroy(struct canvas *c)
{
    free(c->pixels);
    c->pixels = NULL;
}

uint32_t canvas_mix(uint32_t color, uint32_t other, unsigned weight)
{
    if (weight > 256)
        weight = 256;
    uint32_t out = 0;
    for (unsigned shift = 0; shift < 24; shift += 8) {
        unsigned a = (color >> shift) & 0xff, b = (other >> shift) & 0xff;
        out |= ((a * (256 - weight) + b * weight) >> 8) << shift;
    }
    return out;
}

static inline void put(struct canvas *c, int x, int y, uint32_t color)
{
    if (x >= 0 && y >= 0 && x < c->width && y < c->height)
        c->pixels[(size_t)y * (size_t)c->width + (size_t)x] = color;
}

void canvas_fill(struct canvas *c, int x, int y, int w, int h, uint32_t color)
{
    int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int x1 = x + w > c->width ? c->width : x + w, y1 = y + h > c->height ? c->height : y + h;
    for (int row = y0; row < y1; row++) {
        uint32_t *p = c->pixels + (size_t)row * (size_t)c->width;
        for (int col = x0; col < x1; col++)
            p[col] = color;
    }
}

void canvas_frame(struct canvas *c, int x, int y, int w, int h, uint32_t color)
{
    canvas_fill(c, x, y, w, 1, color);
    canvas_fill(c, x, y + h - 1, w, 1, color);
    canvas_fill(c, x, y, 1, h, color);
    canvas_fill(c, x + w - 1, y, 1, h, color);
}

void canvas_line(struct canvas *c, int x0, int y0, int x1, int y1, uint32_t color)
{
    /* Bresenham: integer steps along the longer axis. */
    int dx = abs(x1 - x0), dy = -abs(y1 - y0);
    int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        put(c, x0, y0, color);
        if (x0 == x1 && y0 == y1)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

void canvas_dotted_hline(struct canvas *c, int x, int y, int w, uint32_t color)
{
    for (int i = 0; i < w; i += 2)
        put(c, x + i, y, color);
}

static void draw_glyph(struct canvas *c, int x, int y, unsigned char ch, uint32_t color, int scale)
{
    const char *glyph = font_glyph(ch);
    for (unsigned row = 0; row < FONT_GLYPH_HEIGHT; row++)
        for (unsigned col = 0; col < FONT_GLYPH_WIDTH; col++)
            if (font_pixel(glyph, col, row)) {
                if (scale == 1)
                    put(c, x + (int)col, y + (int)row, color);
                else
                    canvas_fill(c, x + (int)col * scale, y + (int)row * scale, scale, scale, color);
            }
}

int canvas_text_n(struct canvas *c, int x, int y, const char *text, int max_chars, uint32_t color,
                  int scale)
{
    for (int i = 0; i < max_chars && text[i]; i++) {
        if (text[i] != ' ')
            draw_glyph(c, x, y, (unsigned char)text[i], color, scale);
        x += FONT_CELL_WIDTH * scale;
    }
    return x;
}

int canvas_text(struct canvas *c, int x, int y, const char *text, uint32_t color, int scale)
{
    return canvas_text_n(c, x, y, text, (int)strlen(text), color, scale);
}

int canvas_text_width(const char *text, int scale)
{
    return (int)strlen(text) * FONT_CELL_WIDTH * scale;
}

void canvas_blit(struct canvas *c, int x, int y, const uint32_t *pixels, int width, int height,
                 int stride)
{
    int skip_x = x < 0 ? -x : 0;
    int copy = width - skip_x;
    if (x + width > c->width)
        copy -= x + width - c->width;
    if (copy <= 0)
        return;
    for (int row = 0; row < height; row++) {
        int ty = y + row;
        if (ty < 0 || ty >= c->height)
            continue;
        const uint32_t *src = (const uint32_t *)((const uint8_t *)pixels + (size_t)row * (size_t)stride);
        memcpy(c->pixels + (size_t)ty * (size_t)c->width + (size_t)(x + skip_x), src + skip_x,
               (size_t)copy * sizeof *src);
    }
}
