/* A picture in host memory that the window draws into and then shows (and that
 * --screenshot saves): XRGB8888 pixels, one 32-bit word each, 0x00RRGGBB. Drawing clips to
 * the canvas, so callers can be careless at the edges. No SDL here: the same picture is
 * drawn with or without a display. */
#ifndef VMSIM_UI_CANVAS_H
#define VMSIM_UI_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

struct canvas {
    uint32_t *pixels; /* width * height, row after row */
    int width, height;
};

/* False if the memory cannot be had. */
bool canvas_init(struct canvas *c, int width, int height);
void canvas_destroy(struct canvas *c);

static inline uint32_t canvas_rgb(unsigned r, unsigned g, unsigned b)
{
    return (r & 0xffu) << 16 | (g & 0xffu) << 8 | (b & 0xffu);
}

/* `color` mixed with `other`, weight 0..256 of `other`. */
uint32_t canvas_mix(uint32_t color, uint32_t other, unsigned weight);

void canvas_fill(struct canvas *c, int x, int y, int w, int h, uint32_t color);
/* A one-pixel outline of the rectangle. */
void canvas_frame(struct canvas *c, int x, int y, int w, int h, uint32_t color);
void canvas_line(struct canvas *c, int x0, int y0, int x1, int y1, uint32_t color);
/* Every other pixel of a horizontal line, for grid lines that stay out of the way. */
void canvas_dotted_hline(struct canvas *c, int x, int y, int w, uint32_t color);

/* Draws `text` with its top-left corner at (x, y), each font pixel `scale` pixels square,
 * and returns the x just past it. Newlines are not interpreted. */
int canvas_text(struct canvas *c, int x, int y, const char *text, uint32_t color, int scale);
/* Like canvas_text but at most `max_chars` characters. */
int canvas_text_n(struct canvas *c, int x, int y, const char *text, int max_chars, uint32_t color,
                  int scale);
/* The width canvas_text would use. */
int canvas_text_width(const char *text, int scale);

/* Copies a width x height XRGB8888 image whose lines are `stride` bytes apart to (x, y). */
void canvas_blit(struct canvas *c, int x, int y, const uint32_t *pixels, int width, int height,
                 int stride);

#endif
