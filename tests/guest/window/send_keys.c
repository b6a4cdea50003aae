/* Types into vmsim's window on an X display, for the window tests: waits for a window whose
 * name starts with "vmsim", then sends it a key press and release for each key named on
 * the command line (X keysym names: a, Return, F10, ...), DELAY milliseconds apart.
 *
 *   send_keys DELAY KEY...    exit 0: sent; 2: no display or no window within 10 s */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The window may close under us once the guest has what it waited for; that is fine. */
static int ignore_errors(Display *d, XErrorEvent *e)
{
    (void)d, (void)e;
    return 0;
}

static Window find_window(Display *d, Window w)
{
    char *name = NULL;
    if (XFetchName(d, w, &name) && name) {
        int match = strncmp(name, "vmsim", 5) == 0;
        XFree(name);
        if (match)
            return w;
    }
    Window root, parent, *children = NULL, found = 0;
    unsigned count = 0;
    if (!XQueryTree(d, w, &root, &parent, &children, &count))
        return 0;
    for (unsigned i = 0; i < count && !found; i++)
        found = find_window(d, children[i]);
    if (children)
        XFree(children);
    return found;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: send_keys DELAY_MS KEY...\n");
        return 2;
    }
    unsigned delay_us = (unsigned)atoi(argv[1]) * 1000;
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "send_keys: cannot open the display\n");
        return 2;
    }
    XSetErrorHandler(ignore_errors);
    Window w = 0;
    for (int tries = 0; tries < 200 && !w; tries++) {
        w = find_window(d, DefaultRootWindow(d));
        if (!w)
            usleep(50000);
    }
    if (!w) {
        fprintf(stderr, "send_keys: no vmsim window appeared\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        usleep(delay_us);
        KeyCode code = XKeysymToKeycode(d, XStringToKeysym(argv[i]));
        if (!code) {
            fprintf(stderr, "send_keys: no key '%s' on this display\n", argv[i]);
            return 2;
        }
        for (int type = KeyPress; type <= KeyRelease; type++) {
            XKeyEvent e = {.type = type, .display = d, .window = w, .root = DefaultRootWindow(d),
                           .time = CurrentTime, .same_screen = True, .keycode = code};
            XSendEvent(d, w, True, type == KeyPress ? KeyPressMask : KeyReleaseMask, (XEvent *)&e);
            XFlush(d);
            usleep(20000);
        }
    }
    XCloseDisplay(d);
    return 0;
}
