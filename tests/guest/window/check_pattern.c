/* Checks a vmsim screenshot (a BMP file) for draw_pattern.c's test pattern: the colours at
 * the middle and the edges of each shape, at the place where the window shows the guest's
 * screen (src/ui/view.h), and that nothing of it spills outside. Host program, no
 * dependencies: reads 24- and 32-bit uncompressed BMP files.
 *
 *   check_pattern FILE.bmp    exit 0: the pattern is there; 1: it is not; 2: bad file */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "ui/view.h"

struct image {
    uint8_t *bytes;
    long size;
    int32_t width, height;
    uint32_t offset, bits, row_bytes;
    int top_down;
};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int load(const char *path, struct image *im)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 0;
    }
    fseek(f, 0, SEEK_END);
    im->size = ftell(f);
    rewind(f);
    im->bytes = malloc((size_t)im->size);
    int ok = im->bytes && im->size > 54 && fread(im->bytes, (size_t)im->size, 1, f) == 1;
    fclose(f);
    if (!ok || im->bytes[0] != 'B' || im->bytes[1] != 'M') {
        fprintf(stderr, "%s: not a BMP file\n", path);
        return 0;
    }
    im->offset = le32(im->bytes + 10);
    im->width = (int32_t)le32(im->bytes + 18);
    im->height = (int32_t)le32(im->bytes + 22);
    im->bits = im->bytes[28] | (uint32_t)im->bytes[29] << 8;
    uint32_t compression = le32(im->bytes + 30);
    im->top_down = im->height < 0;
    if (im->top_down)
        im->height = -im->height;
    if ((im->bits != 24 && im->bits != 32) || (compression != 0 && compression != 3)) {
        fprintf(stderr, "%s: %u-bit BMP with compression %u: only plain 24/32-bit is read\n", path,
                im->bits, compression);
        return 0;
    }
    im->row_bytes = ((uint32_t)im->width * im->bits / 8 + 3) & ~3u;
    if ((long)im->offset + (long)im->row_bytes * im->height > im->size) {
        fprintf(stderr, "%s: truncated\n", path);
        return 0;
    }
    return 1;
}

static uint32_t pixel(const struct image *im, int x, int y)
{
    int row = im->top_down ? y : im->height - 1 - y;
    const uint8_t *p = im->bytes + im->offset + (size_t)row * im->row_bytes + (size_t)x * (im->bits / 8);
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int failures;

/* The guest's pixel (x, y) must (or, with want_equal 0, must not) have `color`. */
static void expect(const struct image *im, const char *what, int x, int y, uint32_t color, int want_equal)
{
    int wx = VIEW_SCREEN_X + x, wy = VIEW_SCREEN_Y + y;
    uint32_t got = pixel(im, wx, wy);
    int good = (got == color) == want_equal;
    printf("%-6s %-28s guest (%4d,%4d) window (%4d,%4d): %06x, %s %06x\n", good ? "ok" : "FAILED", what, x, y,
           wx, wy, got, want_equal ? "want" : "must not be", color);
    if (!good)
        failures++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: check_pattern FILE.bmp\n");
        return 2;
    }
    struct image im;
    if (!load(argv[1], &im))
        return 2;
    if (im.width != VIEW_WIDTH || im.height != VIEW_HEIGHT) {
        fprintf(stderr, "%s: %dx%d, not the window's %dx%d\n", argv[1], im.width, im.height, VIEW_WIDTH,
                VIEW_HEIGHT);
        return 1;
    }
    const int box_mid_y = PATTERN_BOXES_Y + PATTERN_BOX_H / 2;
    expect(&im, "red box, middle", PATTERN_RED_X + PATTERN_BOX_W / 2, box_mid_y, PATTERN_RED, 1);
    expect(&im, "red box, top-left pixel", PATTERN_RED_X, PATTERN_BOXES_Y, PATTERN_RED, 1);
    expect(&im, "red box, bottom-right pixel", PATTERN_RED_X + PATTERN_BOX_W - 1,
           PATTERN_BOXES_Y + PATTERN_BOX_H - 1, PATTERN_RED, 1);
    expect(&im, "left of the red box", PATTERN_RED_X - 1, box_mid_y, PATTERN_BACKGROUND, 1);
    expect(&im, "below the red box", PATTERN_RED_X, PATTERN_BOXES_Y + PATTERN_BOX_H, PATTERN_BACKGROUND, 1);
    expect(&im, "green box, middle", PATTERN_GREEN_X + PATTERN_BOX_W / 2, box_mid_y, PATTERN_GREEN, 1);
    expect(&im, "blue box, middle", PATTERN_BLUE_X + PATTERN_BOX_W / 2, box_mid_y, PATTERN_BLUE, 1);
    expect(&im, "white bar, middle", PATTERN_BAR_X + PATTERN_BAR_W / 2, PATTERN_BAR_Y + PATTERN_BAR_H / 2,
           PATTERN_WHITE, 1);
    expect(&im, "white bar, right end", PATTERN_BAR_X + PATTERN_BAR_W - 1, PATTERN_BAR_Y, PATTERN_WHITE, 1);
    expect(&im, "gray square (bits 31..24 set)", PATTERN_GRAY_X + 8, PATTERN_GRAY_Y + 8, PATTERN_GRAY, 1);
    expect(&im, "background", 320, 330, PATTERN_BACKGROUND, 1);
    expect(&im, "top-left corner", 0, 0, PATTERN_CORNER, 1);
    expect(&im, "top-right corner", 639, 0, PATTERN_CORNER, 1);
    expect(&im, "bottom-left corner", 0, 479, PATTERN_CORNER, 1);
    expect(&im, "bottom-right corner", 639, 479, PATTERN_CORNER, 1);
    expect(&im, "outside, above-left", -1, -1, PATTERN_CORNER, 0);
    expect(&im, "outside, below-right", 640, 480, PATTERN_CORNER, 0);
    free(im.bytes);
    if (failures) {
        printf("%d pixel(s) wrong: the pattern is not where it should be\n", failures);
        return 1;
    }
    printf("the test pattern is in the screenshot\n");
    return 0;
}
