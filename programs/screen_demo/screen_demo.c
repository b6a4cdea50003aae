/* A guest for watching vmsim's window: it runs in S mode under Sv32 paging, animates the
 * framebuffer, and every 100 frames changes how many pages it sweeps through, so that the
 * TLB panel fills and empties and the hit-rate graph steps down and up again. Keys pressed
 * in the window are printed on the console (from the keyboard device and from the UART).
 * It draws each frame out of sight and then shows it by pointing the framebuffer's ADDRESS
 * register at it (double buffering), so no frame shows half drawn. It ends by itself after
 * FRAMES frames. */
#include "baremetal.h"
#include "devices/framebuffer.h"
#include "devices/keyboard.h"
#include "sv32.h"

#define FRAMES 1000
#define FRAMES_PER_PHASE 100
#define SWEEP_BASE 0x40000000u   /* virtual: the pages swept, 4 KiB each */
#define SWEEP_PHYSICAL 0x80800000u
#define SWEEP_PAGES 96
#define BIG_BASE 0xc0000000u     /* virtual: one 4 MiB megapage */
#define BIG_PHYSICAL 0x80c00000u
/* The two screen buffers, in a 4 MiB megapage of their own (at the same virtual and
 * physical address, as ADDRESS is physical): drawing them takes one TLB entry, where
 * 4 KiB pages would take 300 a frame and flush everything else out of the TLB. */
#define SCREENS 0x81000000u
#define ASID 7u

#define FB_REG(offset) (*(volatile uint32_t *)(VMSIM_FB_BASE + (offset)))
#define KEYBOARD_REG(offset) (*(volatile uint32_t *)(VMSIM_KEYBOARD_BASE + (offset)))
#define UART_REG(offset) (*(volatile uint8_t *)(VMSIM_UART0_BASE + (offset)))
#define UART_LSR_DATA_READY 0x01

extern char __stack_top[];

static uint32_t (*const buffers[2])[FRAMEBUFFER_WIDTH] = {
    (uint32_t (*)[FRAMEBUFFER_WIDTH])SCREENS,
    (uint32_t (*)[FRAMEBUFFER_WIDTH])(SCREENS + FRAMEBUFFER_SIZE_BYTES),
};
static uint32_t (*pixels)[FRAMEBUFFER_WIDTH]; /* the buffer being drawn */
static pte_t tables[8][1024] __attribute__((aligned(PAGE_SIZE)));
static unsigned tables_used = 1; /* tables[0] is the root */

/* --- page tables, built in M mode before main() ----------------------------------------- */

static void map_page(uint32_t vaddr, uint32_t paddr, uint32_t flags)
{
    pte_t *entry = &tables[0][vaddr >> 22];
    if (!(*entry & PTE_V))
        *entry = pte_of((uint32_t)tables[tables_used++], 0);
    pte_t *leaf = (pte_t *)pte_address(*entry);
    leaf[(vaddr >> 12) & 0x3ff] = pte_of(paddr, flags | PTE_A | PTE_D);
}

uint32_t baremetal_before_main(void)
{
    for (uint32_t a = VMSIM_RAM_BASE; a < (uint32_t)__stack_top; a += PAGE_SIZE)
        map_page(a, a, PTE_R | PTE_W | PTE_X);
    for (uint32_t i = 0; i < SWEEP_PAGES; i++)
        map_page(SWEEP_BASE + i * PAGE_SIZE, SWEEP_PHYSICAL + i * PAGE_SIZE, PTE_R | PTE_W);
    tables[0][BIG_BASE >> 22] = pte_of(BIG_PHYSICAL, PTE_R | PTE_W | PTE_A | PTE_D);
    tables[0][SCREENS >> 22] = pte_of(SCREENS, PTE_R | PTE_W | PTE_A | PTE_D);
    map_page(VMSIM_UART0_BASE, VMSIM_UART0_BASE, PTE_R | PTE_W);
    map_page(VMSIM_FINISHER_BASE, VMSIM_FINISHER_BASE, PTE_R | PTE_W);
    map_page(VMSIM_FB_BASE, VMSIM_FB_BASE, PTE_R | PTE_W);
    map_page(VMSIM_KEYBOARD_BASE, VMSIM_KEYBOARD_BASE, PTE_R | PTE_W);
    return satp_of(tables[0], ASID);
}

/* --- drawing ------------------------------------------------------------------------------ */

static void fill(int x, int y, int w, int h, uint32_t color)
{
    for (int row = y < 0 ? 0 : y; row < y + h && row < (int)FRAMEBUFFER_HEIGHT; row++)
        for (int col = x < 0 ? 0 : x; col < x + w && col < (int)FRAMEBUFFER_WIDTH; col++)
            pixels[row][col] = color;
}

/* 0..255 and back down, period 512: a gradient without a seam. */
static inline uint32_t triangle(uint32_t v)
{
    return (v & 0x100) ? 0xff - (v & 0xff) : (v & 0xff);
}

/* A scrolling gradient, a box bouncing off the edges, and a bar per sweep size with the
 * current one lit. */
static void draw(unsigned frame, unsigned phase, const unsigned *sizes, unsigned phases)
{
    for (unsigned y = 0; y < FRAMEBUFFER_HEIGHT; y++) {
        uint32_t green = triangle(y + frame) >> 1;
        uint32_t *row = pixels[y];
        for (unsigned x = 0; x < FRAMEBUFFER_WIDTH; x++)
            row[x] = triangle(x + 2 * frame) >> 1 << 16 | green << 8 | 0x60;
    }
    int span_x = FRAMEBUFFER_WIDTH - 80, span_y = FRAMEBUFFER_HEIGHT - 80;
    int bx = (int)((frame * 5) % (unsigned)(2 * span_x)), by = (int)((frame * 3) % (unsigned)(2 * span_y));
    if (bx > span_x)
        bx = 2 * span_x - bx;
    if (by > span_y)
        by = 2 * span_y - by;
    fill(bx, by, 80, 80, 0xffffff);
    fill(bx + 8, by + 8, 64, 64, 0xe05050);
    for (unsigned i = 0; i < phases; i++) {
        int height = (int)sizes[i] * 3;
        fill(40 + (int)i * 50, 440 - height, 36, height, i == phase ? 0xffd050 : 0x404860);
    }
}

/* --- the working set ---------------------------------------------------------------------- */

/* Touches `pages` pages of the sweep area round robin: with more pages than the TLB holds,
 * LRU evicts each one just before it is needed again. */
static uint32_t sweep(unsigned pages, unsigned rounds)
{
    uint32_t sum = 0;
    for (unsigned r = 0; r < rounds; r++)
        for (unsigned p = 0; p < pages; p++) {
            volatile uint32_t *word = (volatile uint32_t *)(SWEEP_BASE + p * PAGE_SIZE + (r % 64) * 4);
            sum += *word;
            *word = sum + p + 1;
        }
    volatile uint32_t *big = (volatile uint32_t *)BIG_BASE;
    big[sum % 1024] += 1;
    return sum;
}

static void report_keys(void)
{
    while (KEYBOARD_REG(KEYBOARD_REG_STATUS) & KEYBOARD_STATUS_READY) {
        uint32_t event = KEYBOARD_REG(KEYBOARD_REG_DATA);
        print("keyboard: key ");
        print_hex(event & KEYBOARD_EVENT_KEY_MASK);
        print(event & KEYBOARD_EVENT_DOWN ? " down\n" : " up\n");
    }
    while (UART_REG(5) & UART_LSR_DATA_READY) {
        char c = (char)UART_REG(0);
        print("uart: typed ");
        if (c >= ' ' && c < 0x7f) {
            putchar_uart('\'');
            putchar_uart(c);
            putchar_uart('\'');
        } else {
            print_hex((uint8_t)c);
        }
        print("\n");
    }
}

int main(void)
{
    static const unsigned sizes[] = {4, 16, 28, 48, 96, 40, 24, 8};
    const unsigned phases = sizeof sizes / sizeof sizes[0];
    print("vmsim screen demo: S mode, Sv32, ASID 7; 1000 frames, a new working set every 100\n");
    uint32_t sum = 0;
    for (unsigned frame = 0; frame < FRAMES; frame++) {
        unsigned phase = (frame / FRAMES_PER_PHASE) % phases;
        if (frame % FRAMES_PER_PHASE == 0) {
            print("frame ");
            print_dec((int32_t)frame);
            print(": sweeping ");
            print_dec((int32_t)sizes[phase]);
            print(" pages\n");
        }
        pixels = buffers[frame % 2];
        draw(frame, phase, sizes, phases);
        FB_REG(FRAMEBUFFER_REG_ADDRESS) = (uint32_t)pixels;
        sum += sweep(sizes[phase], 400 / sizes[phase] * 40);
        FB_REG(FRAMEBUFFER_REG_FRAME) = 1;
        report_keys();
    }
    print("done: checksum ");
    print_hex(sum);
    print("\n");
    return 0;
}
