/* Types into vmsim's window on an X display, for the window tests: waits for a window whose
 * name starts with "vmsim", then sends it a key press and release for each key named on
 * the command line (X keysym names: a, Return, F10, ...), DELAY milliseconds apart.
 * An argument "title=TEXT" instead waits until the window's title (where vmsim says the
 * run's state) contains TEXT, and prints the title.
 *
 *   send_keys DELAY KEY|title=TEXT...
 *
 * exit 0: sent; 2: no display or no window within 10 s; 3: a title never came (60 s:
 * only so that a broken vmsim fails the test instead of hanging it). */
#include <X11/Xlib.h>
#include <stdbool.h>
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

/* Waits until w's name contains `text`, then prints it. */
static bool wait_for_title(Display *d, Window w, const char *text)
{
    char last[512] = "";
    for (int tries = 0; tries < 3000; tries++) {
        char *name = NULL;
        if (XFetchName(d, w, &name) && name) {
            snprintf(last, sizeof last, "%s", name);
            XFree(name);
            if (strstr(last, text)) {
                printf("title: %s\n", last);
                fflush(stdout);
                return true;
            }
        }
        usleep(20000);
    }
    fprintf(stderr, "send_keys: the title never said '%s'; it says '%s'\n", text, last);
    return false;
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
        if (strncmp(argv[i], "title=", 6) == 0) {
            if (!wait_for_title(d, w, argv[i] + 6))
                return 3;
            continue;
        }
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
