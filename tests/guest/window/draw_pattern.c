/* Draws a fixed test pattern on the framebuffer and exits, after checking that the
 * framebuffer's and the keyboard's registers read back as docs/devices.md says. The window
 * tests look for the pattern's colours in vmsim's screenshot; pattern.h says where. */
#include "baremetal.h"
#include "devices/framebuffer.h"
#include "devices/keyboard.h"
#include "pattern.h"

#define FB_REG(offset) (*(volatile uint32_t *)(VMSIM_FB_BASE + (offset)))
#define KEYBOARD_REG(offset) (*(volatile uint32_t *)(VMSIM_KEYBOARD_BASE + (offset)))

static uint32_t pixels[FRAMEBUFFER_HEIGHT][FRAMEBUFFER_WIDTH] __attribute__((aligned(4096)));

static void fill(unsigned x, unsigned y, unsigned w, unsigned h, uint32_t color)
{
    for (unsigned row = y; row < y + h; row++)
        for (unsigned col = x; col < x + w; col++)
            pixels[row][col] = color;
}

static void check_framebuffer_registers(void)
{
    CHECK(FB_REG(FRAMEBUFFER_REG_ID) == FRAMEBUFFER_ID, "framebuffer ID");
    CHECK(FB_REG(FRAMEBUFFER_REG_WIDTH) == 640, "framebuffer WIDTH");
    CHECK(FB_REG(FRAMEBUFFER_REG_HEIGHT) == 480, "framebuffer HEIGHT");
    CHECK(FB_REG(FRAMEBUFFER_REG_STRIDE) == 2560, "framebuffer STRIDE");
    CHECK(FB_REG(FRAMEBUFFER_REG_FORMAT) == FRAMEBUFFER_FORMAT_XRGB8888, "framebuffer FORMAT");
    CHECK(FB_REG(FRAMEBUFFER_REG_SIZE) == 2560 * 480, "framebuffer SIZE");
    CHECK(FB_REG(FRAMEBUFFER_REG_ADDRESS) == 0, "the display starts off");
    FB_REG(FRAMEBUFFER_REG_WIDTH) = 1;
    CHECK(FB_REG(FRAMEBUFFER_REG_WIDTH) == 640, "WIDTH is read-only");
    FB_REG(FRAMEBUFFER_REG_ADDRESS) = (uint32_t)pixels + 2;
    CHECK(FB_REG(FRAMEBUFFER_REG_ADDRESS) == (uint32_t)pixels, "ADDRESS drops bits 1..0");
    FB_REG(FRAMEBUFFER_REG_ADDRESS) = 0;
    print("framebuffer registers: ");
    print_dec((int32_t)FB_REG(FRAMEBUFFER_REG_WIDTH));
    print("x");
    print_dec((int32_t)FB_REG(FRAMEBUFFER_REG_HEIGHT));
    print(", stride ");
    print_dec((int32_t)FB_REG(FRAMEBUFFER_REG_STRIDE));
    print(", format ");
    print_dec((int32_t)FB_REG(FRAMEBUFFER_REG_FORMAT));
    print(" (XRGB8888)\n");
}

static void check_keyboard_registers(void)
{
    CHECK(KEYBOARD_REG(KEYBOARD_REG_ID) == KEYBOARD_ID, "keyboard ID");
    CHECK(KEYBOARD_REG(KEYBOARD_REG_STATUS) == 0, "no key waits");
    CHECK(KEYBOARD_REG(KEYBOARD_REG_COUNT) == 0, "no key counted");
    CHECK(KEYBOARD_REG(KEYBOARD_REG_DATA) == 0, "DATA reads 0 when empty");
    KEYBOARD_REG(KEYBOARD_REG_CONTROL) = KEYBOARD_CONTROL_INTERRUPT_ENABLE;
    CHECK(KEYBOARD_REG(KEYBOARD_REG_CONTROL) == KEYBOARD_CONTROL_INTERRUPT_ENABLE, "CONTROL reads back");
    KEYBOARD_REG(KEYBOARD_REG_CONTROL) = 0;
    print("keyboard registers: ID, STATUS, COUNT, DATA and CONTROL as documented\n");
}

int main(void)
{
    check_framebuffer_registers();
    check_keyboard_registers();

    fill(0, 0, 640, 480, PATTERN_BACKGROUND);
    fill(PATTERN_RED_X, PATTERN_BOXES_Y, PATTERN_BOX_W, PATTERN_BOX_H, PATTERN_RED);
    fill(PATTERN_GREEN_X, PATTERN_BOXES_Y, PATTERN_BOX_W, PATTERN_BOX_H, PATTERN_GREEN);
    fill(PATTERN_BLUE_X, PATTERN_BOXES_Y, PATTERN_BOX_W, PATTERN_BOX_H, PATTERN_BLUE);
    fill(PATTERN_BAR_X, PATTERN_BAR_Y, PATTERN_BAR_W, PATTERN_BAR_H, PATTERN_WHITE);
    /* The corners show that the picture is neither cut nor shifted. */
    fill(0, 0, 8, 8, PATTERN_CORNER);
    fill(632, 0, 8, 8, PATTERN_CORNER);
    fill(0, 472, 8, 8, PATTERN_CORNER);
    fill(632, 472, 8, 8, PATTERN_CORNER);
    /* Bits 31..24 are unused in XRGB8888: whatever is there must not show. */
    fill(PATTERN_GRAY_X, PATTERN_GRAY_Y, 16, 16, 0xff000000u | PATTERN_GRAY);

    FB_REG(FRAMEBUFFER_REG_ADDRESS) = (uint32_t)pixels;
    FB_REG(FRAMEBUFFER_REG_FRAME) = 1;
    CHECK(FB_REG(FRAMEBUFFER_REG_FRAME) == 1, "FRAME counts presented frames");
    print("pattern drawn at ");
    print_hex((uint32_t)pixels);
    print("\n");
    return 0;
}
