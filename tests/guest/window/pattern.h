/* The test pattern of draw_pattern.c: where its shapes are on the guest's 640 x 480 screen
 * and their colours (0xRRGGBB), shared by the guest program and the window tests. */
#ifndef VMSIM_TESTS_WINDOW_PATTERN_H
#define VMSIM_TESTS_WINDOW_PATTERN_H

#define PATTERN_BACKGROUND 0x202040
#define PATTERN_RED 0xff0000
#define PATTERN_GREEN 0x00ff00
#define PATTERN_BLUE 0x0000ff
#define PATTERN_WHITE 0xffffff
#define PATTERN_CORNER 0xffff00
#define PATTERN_GRAY 0x808080

/* Three boxes in a row, a white bar under them, and a small gray square. */
#define PATTERN_BOXES_Y 40
#define PATTERN_BOX_W 160
#define PATTERN_BOX_H 120
#define PATTERN_RED_X 40
#define PATTERN_GREEN_X 240
#define PATTERN_BLUE_X 440
#define PATTERN_BAR_X 40
#define PATTERN_BAR_Y 200
#define PATTERN_BAR_W 560
#define PATTERN_BAR_H 60
#define PATTERN_GRAY_X 312
#define PATTERN_GRAY_Y 400

#endif
