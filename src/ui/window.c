/* The SDL2 window: a thread that opens the window, turns keys into controls and guest
 * input, and shows the UI's picture about 60 times a second. Everything SDL in vmsim is in
 * this file. SDL's own signal handlers stay off: vmsim handles SIGINT and SIGTERM itself.
 *
 * Frames go to the window's surface, and only the tiles that changed since the last frame
 * are sent to the display: most of the picture holds still from one frame to the next, and
 * sending all of it 60 times a second through SDL's renderer cost 8 ms a frame under Xvfb,
 * half a core, which a small host takes from the guest. A window the user has resized is
 * scaled in software, all of it. */
#include "ui/window.h"

#include <SDL.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/keyboard.h"
#include "ui/canvas.h"
#include "ui/ui_thread.h"
#include "ui/view.h"

#define FRAME_SECONDS (1.0 / 60.0)
/* How long a frame waits for the machine's snapshot before drawing the last one again
 * (the machine may be held by the debugger). */
#define SNAPSHOT_TIMEOUT 0.05
#define HID_LAST_KEY 231 /* SDL scancodes up to here are USB HID usage IDs */
#define TILE_WIDTH 64
#define TILE_HEIGHT 16
#define MAX_RECTS ((VIEW_WIDTH / TILE_WIDTH + 1) * (VIEW_HEIGHT / TILE_HEIGHT + 1))

enum window_state { WINDOW_STARTING, WINDOW_RUNNING, WINDOW_FAILED };

struct window {
    struct ui *ui;
    char title[128];
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t started;
    enum window_state state;
    char error[200];
    atomic_bool closing;

    SDL_Window *sdl_window;
    SDL_Surface *canvas_surface; /* the canvas's pixels as an SDL surface, for scaling */
    uint32_t *on_screen;         /* what the window shows now, to find what changed */
    bool redraw_all;             /* the window was exposed, resized or scaled */
    SDL_Rect rects[MAX_RECTS];
    SDL_Rect picture;            /* where the picture is in the window, for clicks */
    char shown_title[320];       /* the title with the run's state, as set last */
};

static void report(struct window *w, enum window_state state, const char *error)
{
    pthread_mutex_lock(&w->lock);
    w->state = state;
    if (error)
        snprintf(w->error, sizeof w->error, "%s", error);
    pthread_cond_signal(&w->started);
    pthread_mutex_unlock(&w->lock);
}

/* The window's first size: the picture's, shrunk to fit a smaller screen. */
static void initial_size(int *width, int *height)
{
    *width = VIEW_WIDTH;
    *height = VIEW_HEIGHT;
    SDL_Rect usable;
    if (SDL_GetDisplayUsableBounds(0, &usable) != 0)
        return;
    double scale_w = (double)(usable.w - 40) / VIEW_WIDTH, scale_h = (double)(usable.h - 60) / VIEW_HEIGHT;
    double scale = scale_w < scale_h ? scale_w : scale_h;
    if (scale < 1.0 && scale > 0.2) {
        *width = (int)(VIEW_WIDTH * scale);
        *height = (int)(VIEW_HEIGHT * scale);
    }
}

static bool create(struct window *w)
{
    int width, height;
    initial_size(&width, &height);
    w->sdl_window = SDL_CreateWindow(w->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                                     SDL_WINDOW_RESIZABLE);
    if (!w->sdl_window)
        return false;
    w->on_screen = calloc((size_t)VIEW_WIDTH * VIEW_HEIGHT, sizeof *w->on_screen);
    if (!w->on_screen) {
        SDL_SetError("out of memory");
        return false;
    }
    w->redraw_all = true;
    return true;
}

static void destroy(struct window *w)
{
    if (w->canvas_surface)
        SDL_FreeSurface(w->canvas_surface);
    if (w->sdl_window)
        SDL_DestroyWindow(w->sdl_window);
    free(w->on_screen);
    SDL_Quit();
}

static uint32_t modifier_bits(Uint16 mod)
{
    return ((mod & KMOD_SHIFT) ? KEYBOARD_EVENT_SHIFT : 0) | ((mod & KMOD_CTRL) ? KEYBOARD_EVENT_CTRL : 0) |
           ((mod & KMOD_ALT) ? KEYBOARD_EVENT_ALT : 0) | ((mod & KMOD_GUI) ? KEYBOARD_EVENT_META : 0);
}

/* The bytes a terminal sends for keys that make no text: Enter, Backspace, arrows, Ctrl-
 * letters. Printable characters come as SDL_TEXTINPUT instead. */
static size_t terminal_bytes(const SDL_Keysym *k, char out[8])
{
    const char *sequence = NULL;
    switch (k->sym) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER: sequence = "\r"; break;
    case SDLK_BACKSPACE: sequence = "\x7f"; break;
    case SDLK_TAB: sequence = "\t"; break;
    case SDLK_ESCAPE: sequence = "\x1b"; break;
    case SDLK_UP: sequence = "\x1b[A"; break;
    case SDLK_DOWN: sequence = "\x1b[B"; break;
    case SDLK_RIGHT: sequence = "\x1b[C"; break;
    case SDLK_LEFT: sequence = "\x1b[D"; break;
    case SDLK_HOME: sequence = "\x1b[H"; break;
    case SDLK_END: sequence = "\x1b[F"; break;
    case SDLK_DELETE: sequence = "\x1b[3~"; break;
    default: break;
    }
    if (sequence) {
        strcpy(out, sequence);
        return strlen(sequence);
    }
    if ((k->mod & KMOD_CTRL) && k->sym >= SDLK_a && k->sym <= SDLK_z) {
        out[0] = (char)(k->sym - SDLK_a + 1);
        return 1;
    }
    return 0;
}

static void handle_key(struct window *w, const SDL_KeyboardEvent *e)
{
    bool down = e->type == SDL_KEYDOWN;
    switch (e->keysym.sym) {
    case SDLK_F5:
        if (down && !e->repeat)
            ui_thread_control(w->ui, UI_CONTROL_PAUSE);
        return;
    case SDLK_F6: /* held down, it keeps stepping */
        if (down)
            ui_thread_control(w->ui, UI_CONTROL_STEP);
        return;
    case SDLK_F10:
        if (down && !e->repeat)
            ui_thread_control(w->ui, UI_CONTROL_QUIT);
        return;
    default: break;
    }
    /* The OS page's keys (their hints are on screen); held down, they repeat. */
    static const struct {
        SDL_Keycode key;
        enum ui_control control, with_shift;
    } page_keys[] = {
        {SDLK_F1, UI_CONTROL_MACHINE_PAGE, UI_CONTROL_MACHINE_PAGE},
        {SDLK_F2, UI_CONTROL_OS_PAGE, UI_CONTROL_OS_PAGE},
        {SDLK_F3, UI_CONTROL_SLOWER, UI_CONTROL_SLOWER},
        {SDLK_F4, UI_CONTROL_FASTER, UI_CONTROL_FASTER},
        {SDLK_F7, UI_CONTROL_RUN_TO_NEXT, UI_CONTROL_RUN_TO_NEXT},
        {SDLK_F8, UI_CONTROL_NEXT_TARGET, UI_CONTROL_NEXT_TARGET},
        {SDLK_F9, UI_CONTROL_NEXT_PROCESS, UI_CONTROL_PREVIOUS_PROCESS},
        {SDLK_PAGEDOWN, UI_CONTROL_SCROLL_DOWN, UI_CONTROL_SCROLL_DOWN},
        {SDLK_PAGEUP, UI_CONTROL_SCROLL_UP, UI_CONTROL_SCROLL_UP},
    };
    for (unsigned i = 0; i < sizeof page_keys / sizeof page_keys[0]; i++) {
        if (e->keysym.sym == page_keys[i].key) {
            if (down)
                ui_thread_control(w->ui, (e->keysym.mod & KMOD_SHIFT) ? page_keys[i].with_shift : page_keys[i].control);
            return;
        }
    }
    if (!e->repeat && e->keysym.scancode > 0 && e->keysym.scancode <= HID_LAST_KEY)
        ui_thread_key(w->ui, (uint8_t)e->keysym.scancode, down, modifier_bits(e->keysym.mod));
    char bytes[8];
    size_t count;
    if (down && (count = terminal_bytes(&e->keysym, bytes)) > 0)
        ui_thread_text(w->ui, (const uint8_t *)bytes, count);
}

static void handle_event(struct window *w, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT: ui_thread_control(w->ui, UI_CONTROL_QUIT); break;
    case SDL_KEYDOWN:
    case SDL_KEYUP: handle_key(w, &e->key); break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED || e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            w->redraw_all = true;
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT && w->picture.w > 0 && w->picture.h > 0)
            ui_thread_click(w->ui, (e->button.x - w->picture.x) * VIEW_WIDTH / w->picture.w,
                            (e->button.y - w->picture.y) * VIEW_HEIGHT / w->picture.h);
        break;
    case SDL_TEXTINPUT:
        ui_thread_text(w->ui, (const uint8_t *)e->text.text, strlen(e->text.text));
        break;
    default: break;
    }
}

static bool tile_changed(const struct window *w, const struct canvas *c, int x, int y, int width, int height)
{
    for (int row = y; row < y + height; row++) {
        size_t at = (size_t)row * VIEW_WIDTH + (size_t)x;
        if (memcmp(w->on_screen + at, c->pixels + at, (size_t)width * sizeof *c->pixels) != 0)
            return true;
    }
    return false;
}

/* Copies a rectangle of the canvas to the window's surface (and to on_screen). `alpha`
 * goes into bits 31..24 for a surface that has an alpha channel. */
static void copy_rect(struct window *w, SDL_Surface *surface, const struct canvas *c, const SDL_Rect *r,
                      uint32_t alpha)
{
    for (int row = r->y; row < r->y + r->h; row++) {
        size_t at = (size_t)row * VIEW_WIDTH + (size_t)r->x;
        uint32_t *out = (uint32_t *)((uint8_t *)surface->pixels + (size_t)row * (size_t)surface->pitch) + r->x;
        for (int i = 0; i < r->w; i++)
            out[i] = c->pixels[at + (size_t)i] | alpha;
        memcpy(w->on_screen + at, c->pixels + at, (size_t)r->w * sizeof *c->pixels);
    }
}

/* The window at the picture's own size: sends the runs of changed tiles. */
static void present_changes(struct window *w, SDL_Surface *surface, const struct canvas *c, uint32_t alpha)
{
    int count = 0;
    if (SDL_MUSTLOCK(surface) && SDL_LockSurface(surface) != 0)
        return;
    for (int y = 0; y < VIEW_HEIGHT; y += TILE_HEIGHT) {
        int height = VIEW_HEIGHT - y < TILE_HEIGHT ? VIEW_HEIGHT - y : TILE_HEIGHT;
        int run_start = -1;
        for (int x = 0; x <= VIEW_WIDTH; x += TILE_WIDTH) {
            int width = VIEW_WIDTH - x < TILE_WIDTH ? VIEW_WIDTH - x : TILE_WIDTH;
            bool changed = x < VIEW_WIDTH && (w->redraw_all || tile_changed(w, c, x, y, width, height));
            if (changed && run_start < 0)
                run_start = x;
            if (!changed && run_start >= 0) {
                SDL_Rect r = {run_start, y, (x < VIEW_WIDTH ? x : VIEW_WIDTH) - run_start, height};
                copy_rect(w, surface, c, &r, alpha);
                w->rects[count++] = r;
                run_start = -1;
            }
        }
    }
    if (SDL_MUSTLOCK(surface))
        SDL_UnlockSurface(surface);
    w->redraw_all = false;
    if (count > 0)
        SDL_UpdateWindowSurfaceRects(w->sdl_window, w->rects, count);
}

/* A window of another size: the whole picture scaled to fit, keeping its proportions.
 * Bilinear, where SDL can: the nearest pixel would drop whole rows and columns of the
 * 5 x 9 font (a 1280 x 800 screen leaves room for about 92% of the picture, and "TABLE"
 * came out as "TFBLE"). Scaled again only when the picture or the window changed. */
static void present_scaled(struct window *w, SDL_Surface *surface, const struct canvas *c)
{
    if (!w->canvas_surface)
        w->canvas_surface = SDL_CreateRGBSurfaceWithFormatFrom(c->pixels, c->width, c->height, 32,
                                                               c->width * (int)sizeof *c->pixels,
                                                               SDL_PIXELFORMAT_RGB888);
    if (!w->canvas_surface)
        return;
    SDL_Rect target = {0, 0, surface->w, surface->w * VIEW_HEIGHT / VIEW_WIDTH};
    if (target.h > surface->h) {
        target.h = surface->h;
        target.w = surface->h * VIEW_WIDTH / VIEW_HEIGHT;
    }
    target.x = (surface->w - target.w) / 2;
    target.y = (surface->h - target.h) / 2;
    size_t bytes = (size_t)VIEW_WIDTH * VIEW_HEIGHT * sizeof *c->pixels;
    bool same_place = target.x == w->picture.x && target.y == w->picture.y && target.w == w->picture.w &&
                      target.h == w->picture.h;
    if (!w->redraw_all && same_place && memcmp(w->on_screen, c->pixels, bytes) == 0)
        return;
    SDL_FillRect(surface, NULL, SDL_MapRGB(surface->format, 0, 0, 0));
    bool smooth = surface->format->format == w->canvas_surface->format->format &&
                  SDL_SoftStretchLinear(w->canvas_surface, NULL, surface, &target) == 0;
    if (!smooth)
        SDL_BlitScaled(w->canvas_surface, NULL, surface, &target);
    memcpy(w->on_screen, c->pixels, bytes);
    w->picture = target;
    SDL_UpdateWindowSurface(w->sdl_window);
    /* Back at its own size, the window needs every tile again: the resize says so
     * (SDL_WINDOWEVENT_SIZE_CHANGED sets redraw_all). */
    w->redraw_all = false;
}

static void present(struct window *w, const struct canvas *c)
{
    SDL_Surface *surface = SDL_GetWindowSurface(w->sdl_window);
    if (!surface)
        return;
    Uint32 format = surface->format->format;
    bool same_layout = format == SDL_PIXELFORMAT_RGB888 || format == SDL_PIXELFORMAT_ARGB8888;
    if (surface->w == c->width && surface->h == c->height && same_layout) {
        w->picture = (SDL_Rect){0, 0, c->width, c->height};
        present_changes(w, surface, c, format == SDL_PIXELFORMAT_ARGB8888 ? 0xff000000u : 0);
    }
    else
        present_scaled(w, surface, c);
}

/* The title says the run's state (paused after a system call, the speed, ...), for the
 * taskbar and for tests that drive the window with real key events. */
static void update_title(struct window *w)
{
    char title[sizeof w->shown_title];
    ui_thread_title(w->ui, title, sizeof title);
    if (strcmp(title, w->shown_title) != 0) {
        SDL_SetWindowTitle(w->sdl_window, title);
        memcpy(w->shown_title, title, sizeof title);
    }
}

/* Which of SDL's video drivers to try: the ones whose display is named in the environment,
 * or whatever SDL_VIDEODRIVER asks for. NULL when there is no display at all; SDL would
 * then settle for its invisible "offscreen" driver, which is not a window. */
static const char *video_drivers(void)
{
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (asked && *asked)
        return asked;
    const char *wayland = SDL_getenv("WAYLAND_DISPLAY"), *x11 = SDL_getenv("DISPLAY");
    bool has_wayland = wayland && *wayland, has_x11 = x11 && *x11;
    if (has_wayland && has_x11)
        return "wayland,x11";
    return has_wayland ? "wayland" : has_x11 ? "x11" : NULL;
}

static void *window_main(void *opaque)
{
    struct window *w = opaque;
    const char *drivers = video_drivers();
    if (!drivers) {
        report(w, WINDOW_FAILED, "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
        return NULL;
    }
    SDL_SetHint(SDL_HINT_VIDEODRIVER, drivers);
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* The window's surface straight to X (shared memory), not through an OpenGL texture:
     * without a GPU (Xvfb, a remote display) that texture costs 6 ms a frame in Mesa's
     * software rasterizer, against 0.4 ms this way. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        report(w, WINDOW_FAILED, SDL_GetError());
        SDL_Quit();
        return NULL;
    }
    if (!create(w)) {
        report(w, WINDOW_FAILED, SDL_GetError());
        destroy(w);
        return NULL;
    }
    report(w, WINDOW_RUNNING, NULL);
    SDL_StartTextInput();
    Uint64 frequency = SDL_GetPerformanceFrequency();
    Uint64 frame_ticks = (Uint64)(FRAME_SECONDS * (double)frequency);
    Uint64 next_frame = SDL_GetPerformanceCounter();
    for (;;) {
        Uint64 now = SDL_GetPerformanceCounter();
        int wait_ms = now >= next_frame ? 0 : (int)((next_frame - now) * 1000 / frequency);
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, wait_ms)) {
            handle_event(w, &e);
            while (SDL_PollEvent(&e))
                handle_event(w, &e);
        }
        now = SDL_GetPerformanceCounter();
        if (now < next_frame)
            continue;
        present(w, ui_thread_draw(w->ui, SNAPSHOT_TIMEOUT));
        update_title(w);
        next_frame += frame_ticks;
        if (next_frame < now)
            next_frame = now + frame_ticks; /* fell behind: no burst of frames to catch up */
        if (atomic_load(&w->closing) && ui_thread_finished(w->ui))
            break;
    }
    destroy(w);
    return NULL;
}

bool window_open(struct window **out, struct ui *ui, const char *title, char *err, size_t err_size)
{
    *out = NULL;
    struct window *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    w->ui = ui;
    snprintf(w->title, sizeof w->title, "vmsim - %s", title ? title : "");
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->started, NULL);
    atomic_init(&w->closing, false);
    if (pthread_create(&w->thread, NULL, window_main, w) != 0) {
        snprintf(err, err_size, "cannot start the window's thread");
        free(w);
        return false;
    }
    pthread_mutex_lock(&w->lock);
    while (w->state == WINDOW_STARTING)
        pthread_cond_wait(&w->started, &w->lock);
    pthread_mutex_unlock(&w->lock);
    if (w->state == WINDOW_FAILED) {
        pthread_join(w->thread, NULL);
        snprintf(err, err_size, "%s", w->error[0] ? w->error : "SDL could not open a window");
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->started);
        free(w);
        return false;
    }
    *out = w;
    return true;
}

void window_close(struct window *w)
{
    atomic_store(&w->closing, true);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->started);
    free(w);
}
