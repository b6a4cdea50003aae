/* Stands in for window.c when vmsim is built without SDL2: there is never a window, and
 * --window says why. Screenshots still work; they need no SDL. */
#include "ui/window.h"

#include <stdbool.h>
#include <stdio.h>

bool window_open(struct window **out, struct ui *ui, const char *title, char *err, size_t err_size)
{
    (void)ui, (void)title;
    *out = NULL;
    snprintf(err, err_size, "this vmsim was built without SDL2");
    return false;
}

void window_close(struct window *w)
{
    (void)w;
}
