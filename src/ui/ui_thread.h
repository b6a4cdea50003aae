/* What the window's thread may ask of the UI; every function here is safe to call from
 * that thread while the machine runs on its own. */
#ifndef VMSIM_UI_UI_THREAD_H
#define VMSIM_UI_UI_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct canvas;
struct ui;

enum ui_control {
    UI_CONTROL_PAUSE,       /* pause, or resume when paused */
    UI_CONTROL_STEP,        /* pause, or run one instruction when paused */
    UI_CONTROL_QUIT,        /* end the run */
    UI_CONTROL_SLOWER,      /* slow motion: fewer instructions per second */
    UI_CONTROL_FASTER,      /* more, up to full speed */
    UI_CONTROL_RUN_TO_NEXT, /* run until the next event of the step target, then pause */
    UI_CONTROL_NEXT_TARGET, /* trap -> system call -> context switch -> page fault -> trap */
    UI_CONTROL_MACHINE_PAGE, /* show the machine page */
    UI_CONTROL_OS_PAGE,     /* show the OS page */
    UI_CONTROL_NEXT_PROCESS, /* the OS page's page table shows the next process ... */
    UI_CONTROL_PREVIOUS_PROCESS, /* ... or the previous one */
    UI_CONTROL_SCROLL_DOWN, /* the page-table pane, by a screenful */
    UI_CONTROL_SCROLL_UP,
};

void ui_thread_control(struct ui *ui, enum ui_control control);

/* A key went down or up: `key` is its USB HID usage ID, `modifiers` KEYBOARD_EVENT_* bits.
 * It reaches the keyboard device. */
void ui_thread_key(struct ui *ui, uint8_t key, bool down, uint32_t modifiers);

/* A click at (x, y) in the picture's coordinates (VIEW_WIDTH x VIEW_HEIGHT): on the OS
 * page, a click on a process selects it. */
void ui_thread_click(struct ui *ui, int x, int y);

/* Bytes typed, for the UART's receive line. */
void ui_thread_text(struct ui *ui, const uint8_t *bytes, size_t count);

/* Asks the machine for a fresh snapshot, waits for it up to `timeout` seconds (the machine
 * may be paused in the debugger), and draws the picture from the freshest snapshot there
 * is. The canvas stays the thread's until the next call. */
const struct canvas *ui_thread_draw(struct ui *ui, double timeout);

/* The window's title for the picture ui_thread_draw drew last: "vmsim - PROGRAM - " and
 * the run's state (view_status), so that the taskbar, and a test, can tell where the run
 * is without reading pixels. */
void ui_thread_title(struct ui *ui, char *out, size_t size);

/* True once the run has ended and ui_thread_draw has drawn its final state. */
bool ui_thread_finished(struct ui *ui);

#endif
