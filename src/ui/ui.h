/* The window onto the machine (the screen, console, devices, privilege mode, TLB and its
 * hit rate), for src/main.c. The machine runs on the calling thread; the window draws and
 * handles its keys on a thread of its own and only ever sees snapshots taken between CPU
 * batches (an attachment on the observation boundary), so it cannot slow the guest by more
 * than those copies.
 * Without a display, or with --headless, there is no window; --screenshot still draws the
 * window's picture of the final state and saves it. */
#ifndef VMSIM_UI_UI_H
#define VMSIM_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

enum ui_mode {
    UI_MODE_AUTO,     /* a window if a display is there, none otherwise */
    UI_MODE_HEADLESS, /* never a window */
    UI_MODE_WINDOW,   /* a window, or an error if there is no display */
};

struct ui_options {
    enum ui_mode mode;
    const char *title;      /* shown in the window's top bar: the program's name */
    const char *screenshot; /* --screenshot FILE, or NULL */
    bool os_page;           /* start on the OS page (--view os) */
};

enum ui_open_result {
    UI_OPENED,     /* with a window, or headless as asked or for want of a display */
    UI_NO_DISPLAY, /* UI_MODE_WINDOW and no window could open: message in err */
    UI_FAILED,     /* bad screenshot name or out of memory: message in err */
};

struct ui;

/* Sets up the UI for machine `m` and opens the window as `o->mode` says. Attaches to the
 * machine's observation boundary (ui_close detaches). *out stays NULL when there is
 * neither a window nor a screenshot to draw. */
enum ui_open_result ui_open(struct ui **out, const struct ui_options *o, struct machine *m, char *err,
                            size_t err_size);

/* Console output, for the console pane; call from the machine's thread. */
void ui_console_output(struct ui *ui, uint8_t byte);


/* A descriptor that becomes readable when the window wants the machine loop's attention,
 * so that a loop blocked waiting for input can wake up; -1 without a window. */
int ui_wake_fd(const struct ui *ui);

/* Shows how the run ended (`how`, e.g. "guest passed"), writes the screenshot if one was
 * asked for, closes the window and frees everything. False (message in err) if the
 * screenshot cannot be written. */
bool ui_close(struct ui *ui, const char *how, char *err, size_t err_size);

#endif
