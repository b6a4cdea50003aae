/* The window's picture: the layout of its panels and how each is drawn from a snapshot.
 * Two pages: the machine (below) and the OS (ui/os_view.h: processes, page tables,
 * scheduling, system calls). The view also keeps what a single snapshot cannot tell: the
 * console text so far, rates per second, and how recently each TLB entry and the disk were
 * busy (so that a highlight lasts long enough to be seen). The hit rate over guest time
 * comes in the snapshot, gathered on the machine's side.
 *
 *   +-----------------------------------------------------------------------------------+
 *   | vmsim  program            RUNNING                    [F5] pause [F6] step [F10] quit |
 *   +------------------------------------------+----------------------------------------+
 *   | SCREEN (the guest's 640 x 480, 1:1)      | MACHINE: privilege mode, satp, pc, ...  |
 *   |                                          | DEVICES: disk, console, keyboard, irqs  |
 *   |                                          | TLB: every entry, hits and fills lit    |
 *   +------------------------------------------+                                        |
 *   | CONSOLE (UART output)                    | TLB HIT RATE on guest time              |
 *   +------------------------------------------+----------------------------------------+
 */
#ifndef VMSIM_UI_VIEW_H
#define VMSIM_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ui/console_pane.h"
#include "ui/snapshot.h"

struct canvas;

#define VIEW_WIDTH 1280
#define VIEW_HEIGHT 800
/* Where the guest's pixel (0, 0) appears in the picture (tests look for the pattern). */
#define VIEW_SCREEN_X 20
#define VIEW_SCREEN_Y 62

enum view_page { VIEW_PAGE_MACHINE, VIEW_PAGE_OS };

/* Something counted, and how fast it went lately. */
struct view_rate {
    uint64_t base_value;
    double base_time;
    double per_second;
};

struct view {
    char title[64];
    struct console_pane console;
    bool started;
    double last_time;

    enum view_page page;
    unsigned page_table_scroll; /* the OS page's page-table pane: first line shown */

    struct view_rate instructions, timer, software, exceptions, claims[PLIC_SOURCES];
    float tlb_hit_heat[SNAPSHOT_TLB_ROWS], tlb_fill_heat[SNAPSHOT_TLB_ROWS];
    float disk_heat;
    uint64_t disk_requests;
};

void view_init(struct view *v, const char *title);

/* Takes in a new snapshot and the console bytes written since the previous one. */
void view_update(struct view *v, const struct snapshot *s, const uint8_t *console, size_t console_count);

/* Draws everything; the canvas must be VIEW_WIDTH x VIEW_HEIGHT. */
void view_draw(const struct view *v, const struct snapshot *s, struct canvas *c);

/* The run's state in one line, for the window's title: "PAUSED after system call write,
 * pid 3, at instruction 1,234 (pc 0x00400120); full speed; F7: next system call". */
void view_status(const struct snapshot *s, char *out, size_t size);

#endif
