/* The window's thread, as ui.c sees it: open it (it reports whether a display was there),
 * and close it once it has shown the final frame. window.c does it with SDL2; window_none.c
 * stands in when vmsim is built without SDL2. The thread asks ui.c for frames and passes it
 * keys through ui_thread.h. */
#ifndef VMSIM_UI_WINDOW_H
#define VMSIM_UI_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

struct ui;
struct window;

/* Starts the thread and waits until it has a window (true) or knows it cannot have one
 * (false, with the reason in err). */
bool window_open(struct window **out, struct ui *ui, const char *title, char *err, size_t err_size);

/* Waits until the window has drawn the final frame (ui_thread_finished), then closes it
 * and ends its thread. */
void window_close(struct window *w);

#endif
