/* The UI's two sides. The machine's thread takes snapshots when asked, delivers keys to the
 * devices and holds still while paused (between_batches, an attachment on the machine's
 * observation boundary); the window's thread asks for frames and sends keys (ui_thread.h). They meet under one mutex. Snapshots rotate through
 * three buffers: the machine fills `spare`, then swaps it with `ready`; the window swaps
 * `ready` with `shown` and draws `shown` without holding the lock. */
#include "ui/ui.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "machine/host_signals.h"
#include "machine/machine.h"
#include "ui/canvas.h"
#include "ui/image_file.h"
#include "ui/os_view.h"
#include "ui/run_control.h"
#include "ui/snapshot.h"
#include "ui/ui_thread.h"
#include "ui/view.h"
#include "ui/window.h"

#define CONSOLE_KEPT 16384   /* console bytes held for the window between frames */
#define STAGED_CONSOLE 1024  /* console bytes the machine gathers before taking the lock */
#define INPUT_KEYS 256       /* key events waiting for the machine */
#define INPUT_TEXT 4096      /* typed bytes waiting for the machine */

struct ui {
    struct ui_options options;
    struct machine *machine;
    struct snapshot_source source;
    bool source_attached, attached; /* to the machine's observation boundary */
    struct window *window; /* NULL when headless */
    struct view view;
    struct canvas canvas;
    double start_time;
    int wake_pipe[2];

    /* The machine thread's own: console output not yet handed over. */
    uint8_t staged[STAGED_CONSOLE];
    size_t staged_count;

    /* Set (with the lock held) whenever the window wants something; the machine loop's
     * only cost while the window wants nothing is loading it. */
    atomic_bool asked;

    pthread_mutex_t lock;
    pthread_cond_t machine_wake; /* the window asked for something */
    pthread_cond_t window_wake;  /* a snapshot is ready */
    /* Under the lock: */
    bool want_snapshot, quit, ended, final_drawn;
    uint32_t selected_pid;  /* whose page table the OS page shows; 0: the running one */
    struct run_control control; /* pause, steps, speed, run-to-next */
    struct snapshot *spare, *ready, *shown;
    bool ready_fresh;
    uint8_t console[CONSOLE_KEPT];
    size_t console_count;
    uint8_t console_taken[CONSOLE_KEPT]; /* the drawing thread's copy */
    struct {
        uint8_t key;
        bool down;
        uint32_t modifiers;
    } keys[INPUT_KEYS];
    unsigned key_count;
    uint8_t text[INPUT_TEXT];
    size_t text_count;
};

static double seconds_since(const struct ui *ui)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9 - ui->start_time;
}

/* --- the machine's side ----------------------------------------------------------------- */

/* Appends console bytes for the window, keeping the newest when they do not all fit.
 * Called with the lock held. */
static void keep_console(struct ui *ui, const uint8_t *bytes, size_t count)
{
    if (count >= CONSOLE_KEPT) {
        bytes += count - CONSOLE_KEPT;
        count = CONSOLE_KEPT;
    }
    if (ui->console_count + count > CONSOLE_KEPT) {
        size_t drop = ui->console_count + count - CONSOLE_KEPT;
        memmove(ui->console, ui->console + drop, ui->console_count - drop);
        ui->console_count -= drop;
    }
    memcpy(ui->console + ui->console_count, bytes, count);
    ui->console_count += count;
}

static void hand_over_console(struct ui *ui)
{
    keep_console(ui, ui->staged, ui->staged_count);
    ui->staged_count = 0;
}

void ui_console_output(struct ui *ui, uint8_t byte)
{
    ui->staged[ui->staged_count++] = byte;
    if (ui->staged_count == STAGED_CONSOLE) {
        pthread_mutex_lock(&ui->lock);
        hand_over_console(ui);
        pthread_mutex_unlock(&ui->lock);
    }
}

/* Takes a snapshot into `spare` (outside the lock: only this thread touches it), then
 * publishes it. Called and returns with the lock held. */
static void publish_snapshot(struct ui *ui, enum snapshot_run_state state)
{
    struct snapshot *s = ui->spare;
    uint32_t selected = ui->selected_pid;
    pthread_mutex_unlock(&ui->lock);
    snapshot_take_selecting(&ui->source, s, seconds_since(ui), selected);
    s->run_state = state;
    pthread_mutex_lock(&ui->lock);
    s->os.speed = run_control_speed(&ui->control);
    s->os.step_target = ui->control.step_target;
    s->os.seeking = ui->control.seeking || ui->control.seek_asked;
    s->os.stopped_after_event = ui->control.stopped_after_event && state == SNAPSHOT_PAUSED;
    s->os.stopped_kind = ui->control.seek_target;
    s->os.stopped_event = ui->source.history.last[ui->control.seek_target];
    ui->spare = ui->ready;
    ui->ready = s;
    ui->ready_fresh = true;
    hand_over_console(ui);
    pthread_cond_broadcast(&ui->window_wake);
}

static void drain_wake_pipe(struct ui *ui)
{
    char buffer[64];
    if (ui->wake_pipe[0] >= 0)
        while (read(ui->wake_pipe[0], buffer, sizeof buffer) > 0)
            ;
}

/* Keys and typed bytes reach the devices. Called with the lock held. */
static void deliver_input(struct ui *ui)
{
    struct machine *m = ui->machine;
    for (unsigned i = 0; i < ui->key_count; i++)
        keyboard_push(&m->keyboard, ui->keys[i].key, ui->keys[i].down, ui->keys[i].modifiers);
    ui->key_count = 0;
    size_t taken = 0;
    while (taken < ui->text_count && uart16550_receive(&m->uart, ui->text[taken]))
        taken++;
    memmove(ui->text, ui->text + taken, ui->text_count - taken);
    ui->text_count -= taken;
}

/* Waits up to `seconds` for the window to ask for something. Called with the lock held. */
static void wait_on_machine_wake(struct ui *ui, double seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    long long ns = until.tv_nsec + (long long)(seconds * 1e9);
    until.tv_sec += (time_t)(ns / 1000000000);
    until.tv_nsec = (long)(ns % 1000000000);
    pthread_cond_timedwait(&ui->machine_wake, &ui->lock, &until);
    drain_wake_pipe(ui);
}

/* Before each batch (an attachment's before_batch): serves the window (snapshots, typed
 * keys, pause and single step) and returns the budget for the next batch, 1 for a single
 * step, or 0 when the user quit. Costs one atomic load while the window wants nothing. */
static uint64_t between_batches(void *opaque, uint64_t budget, enum machine_stop *stop)
{
    struct ui *ui = opaque;
    if (!atomic_load_explicit(&ui->asked, memory_order_acquire))
        return budget;
    pthread_mutex_lock(&ui->lock);
    drain_wake_pipe(ui);
    for (;;) {
        /* Taking a snapshot lets go of the lock, and the window may ask for more meanwhile:
         * go round until nothing is left to serve. */
        while (ui->want_snapshot || ui->key_count > 0) {
            if (ui->want_snapshot) {
                ui->want_snapshot = false;
                publish_snapshot(ui, ui->control.paused ? SNAPSHOT_PAUSED : SNAPSHOT_RUNNING);
            }
            deliver_input(ui);
        }
        deliver_input(ui);
        if (ui->quit) {
            pthread_mutex_unlock(&ui->lock);
            *stop = MACHINE_QUIT;
            return 0;
        }
        struct run_control_decision d = run_control_before_batch(
            &ui->control, &ui->source.history, budget, hart_instret(&ui->machine->hart), seconds_since(ui));
        if (d.arrived)
            publish_snapshot(ui, SNAPSHOT_PAUSED); /* the event run-to-next waited for */
        if (d.verdict == RUN_CONTROL_RUN) {
            /* Come back after the next batch if the control wants to, or while typed bytes
             * wait for room in the UART. */
            atomic_store_explicit(&ui->asked, d.again || ui->text_count > 0, memory_order_release);
            pthread_mutex_unlock(&ui->lock);
            return d.budget;
        }
        if (d.verdict == RUN_CONTROL_WAIT) {
            /* Ahead of the speed asked for: wait, but serve the window meanwhile. */
            wait_on_machine_wake(ui, d.wait);
            continue;
        }
        /* Paused. A signal (Ctrl-C on the terminal) must still end the run: the machine
         * loop sees it after one more instruction. */
        wait_on_machine_wake(ui, 0.1);
        if (host_signals_caught()) {
            pthread_mutex_unlock(&ui->lock);
            return 1;
        }
    }
}

int ui_wake_fd(const struct ui *ui)
{
    return ui->window ? ui->wake_pipe[0] : -1;
}

/* --- the window's side ------------------------------------------------------------------ */

/* Tells the machine there is something to look at. Called with the lock held. */
static void ask_machine(struct ui *ui)
{
    atomic_store_explicit(&ui->asked, true, memory_order_release);
    pthread_cond_signal(&ui->machine_wake);
    if (ui->wake_pipe[1] >= 0) {
        char byte = 1;
        ssize_t written = write(ui->wake_pipe[1], &byte, 1);
        (void)written; /* a full pipe already says "wake up" */
    }
}

/* Selects the process `step` rows after (or before) the one shown, from the snapshot the
 * window drew last. Called on the window's thread with the lock held. */
static void select_process(struct ui *ui, int step)
{
    const struct os_snapshot *s = &ui->shown->os;
    if (!s->process_count)
        return;
    unsigned at = 0;
    for (unsigned i = 0; i < s->process_count; i++)
        if (s->processes[i].pid == s->selected_pid)
            at = i;
    at = (at + s->process_count + (unsigned)(step < 0 ? -1 : 1)) % s->process_count;
    ui->selected_pid = s->processes[at].pid;
    ui->view.page_table_scroll = 0;
}

void ui_thread_click(struct ui *ui, int x, int y)
{
    pthread_mutex_lock(&ui->lock);
    if (ui->view.page == VIEW_PAGE_OS) {
        uint32_t pid = os_view_process_at(&ui->shown->os, x, y);
        if (pid) {
            ui->selected_pid = pid;
            ui->view.page_table_scroll = 0;
            ask_machine(ui);
        }
    }
    pthread_mutex_unlock(&ui->lock);
}

void ui_thread_control(struct ui *ui, enum ui_control control)
{
    pthread_mutex_lock(&ui->lock);
    switch (control) {
    case UI_CONTROL_PAUSE: run_control_pause(&ui->control); break;
    case UI_CONTROL_STEP: run_control_step(&ui->control); break;
    case UI_CONTROL_QUIT: ui->quit = true; break;
    case UI_CONTROL_SLOWER: run_control_slower(&ui->control); break;
    case UI_CONTROL_FASTER: run_control_faster(&ui->control); break;
    case UI_CONTROL_RUN_TO_NEXT: run_control_run_to_next(&ui->control); break;
    case UI_CONTROL_NEXT_TARGET: run_control_next_target(&ui->control); break;
    case UI_CONTROL_MACHINE_PAGE: ui->view.page = VIEW_PAGE_MACHINE; break;
    case UI_CONTROL_OS_PAGE: ui->view.page = VIEW_PAGE_OS; break;
    case UI_CONTROL_NEXT_PROCESS:
    case UI_CONTROL_PREVIOUS_PROCESS: select_process(ui, control == UI_CONTROL_NEXT_PROCESS ? 1 : -1); break;
    case UI_CONTROL_SCROLL_DOWN: ui->view.page_table_scroll += OS_VIEW_PAGE_TABLE_LINES - 2; break;
    case UI_CONTROL_SCROLL_UP:
        ui->view.page_table_scroll = ui->view.page_table_scroll > OS_VIEW_PAGE_TABLE_LINES - 2
                                         ? ui->view.page_table_scroll - (OS_VIEW_PAGE_TABLE_LINES - 2)
                                         : 0;
        break;
    }
    /* The page-table pane scrolls within what the last snapshot had. */
    unsigned lines = ui->shown->os.pte_count;
    unsigned most = lines > OS_VIEW_PAGE_TABLE_LINES ? lines - OS_VIEW_PAGE_TABLE_LINES : 0;
    if (ui->view.page_table_scroll > most)
        ui->view.page_table_scroll = most;
    ask_machine(ui);
    pthread_mutex_unlock(&ui->lock);
}

void ui_thread_key(struct ui *ui, uint8_t key, bool down, uint32_t modifiers)
{
    pthread_mutex_lock(&ui->lock);
    if (ui->key_count < INPUT_KEYS) {
        ui->keys[ui->key_count].key = key;
        ui->keys[ui->key_count].down = down;
        ui->keys[ui->key_count].modifiers = modifiers;
        ui->key_count++;
    }
    ask_machine(ui);
    pthread_mutex_unlock(&ui->lock);
}

void ui_thread_text(struct ui *ui, const uint8_t *bytes, size_t count)
{
    pthread_mutex_lock(&ui->lock);
    size_t room = INPUT_TEXT - ui->text_count;
    if (count > room)
        count = room; /* nobody types 4 KiB ahead of the guest; a paste may lose its tail */
    memcpy(ui->text + ui->text_count, bytes, count);
    ui->text_count += count;
    ask_machine(ui);
    pthread_mutex_unlock(&ui->lock);
}

/* Moves the ready snapshot and the console bytes into the view, and draws. The lock is
 * held on entry and released inside. */
static const struct canvas *draw_locked(struct ui *ui)
{
    size_t console_count = 0;
    bool fresh = ui->ready_fresh, final = ui->ended;
    if (fresh) {
        struct snapshot *s = ui->shown;
        ui->shown = ui->ready;
        ui->ready = s;
        ui->ready_fresh = false;
        memcpy(ui->console_taken, ui->console, ui->console_count);
        console_count = ui->console_count;
        ui->console_count = 0;
    }
    pthread_mutex_unlock(&ui->lock);
    if (fresh)
        view_update(&ui->view, ui->shown, ui->console_taken, console_count);
    view_draw(&ui->view, ui->shown, &ui->canvas);
    if (fresh && final) {
        pthread_mutex_lock(&ui->lock);
        ui->final_drawn = true;
        pthread_mutex_unlock(&ui->lock);
    }
    return &ui->canvas;
}

const struct canvas *ui_thread_draw(struct ui *ui, double timeout)
{
    pthread_mutex_lock(&ui->lock);
    if (!ui->ended && !ui->ready_fresh) {
        ui->want_snapshot = true;
        ask_machine(ui);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long long ns = until.tv_nsec + (long long)(timeout * 1e9);
        until.tv_sec += (time_t)(ns / 1000000000);
        until.tv_nsec = (long)(ns % 1000000000);
        while (!ui->ready_fresh && !ui->ended)
            if (pthread_cond_timedwait(&ui->window_wake, &ui->lock, &until) == ETIMEDOUT)
                break;
    }
    return draw_locked(ui);
}

void ui_thread_title(struct ui *ui, char *out, size_t size)
{
    char status[200];
    view_status(ui->shown, status, sizeof status); /* `shown` is the window thread's own */
    snprintf(out, size, "vmsim - %s - %s", ui->view.title, status);
}

bool ui_thread_finished(struct ui *ui)
{
    pthread_mutex_lock(&ui->lock);
    bool finished = ui->final_drawn;
    pthread_mutex_unlock(&ui->lock);
    return finished;
}

/* --- opening and closing ---------------------------------------------------------------- */

static bool display_available(void)
{
    const char *names[] = {"DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *value = getenv(names[i]);
        if (value && *value)
            return true;
    }
    return false;
}

static void free_ui(struct ui *ui)
{
    if (ui->attached)
        observe_detach(&ui->machine->observe, ui);
    if (ui->source_attached)
        snapshot_source_destroy(&ui->source);
    for (int i = 0; i < 2; i++)
        if (ui->wake_pipe[i] >= 0)
            close(ui->wake_pipe[i]);
    free(ui->spare);
    free(ui->ready);
    free(ui->shown);
    canvas_destroy(&ui->canvas);
    pthread_mutex_destroy(&ui->lock);
    pthread_cond_destroy(&ui->machine_wake);
    pthread_cond_destroy(&ui->window_wake);
    free(ui);
}

static bool make_wake_pipe(struct ui *ui)
{
    if (pipe(ui->wake_pipe) != 0)
        return false;
    for (int i = 0; i < 2; i++) {
        int flags = fcntl(ui->wake_pipe[i], F_GETFL);
        fcntl(ui->wake_pipe[i], F_SETFL, flags | O_NONBLOCK);
        fcntl(ui->wake_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    return true;
}

/* The window serves itself before each batch. A screenshot alone would not need it, but
 * costs no more than one atomic load a batch. */
static void attach_between_batches(struct ui *ui)
{
    struct observer observer = {.name = "window", .before_batch = between_batches, .opaque = ui};
    ui->attached = observe_attach(&ui->machine->observe, &observer);
}

enum ui_open_result ui_open(struct ui **out, const struct ui_options *o, struct machine *m, char *err,
                            size_t err_size)
{
    *out = NULL;
    if (o->screenshot && !image_file_format_supported(o->screenshot, err, err_size))
        return UI_FAILED;
    struct ui *ui = calloc(1, sizeof *ui);
    if (!ui) {
        snprintf(err, err_size, "out of memory for the window");
        return UI_FAILED;
    }
    ui->options = *o;
    ui->wake_pipe[0] = ui->wake_pipe[1] = -1;
    pthread_mutex_init(&ui->lock, NULL);
    pthread_cond_init(&ui->machine_wake, NULL);
    pthread_cond_init(&ui->window_wake, NULL);
    ui->spare = calloc(1, sizeof *ui->spare);
    ui->ready = calloc(1, sizeof *ui->ready);
    ui->shown = calloc(1, sizeof *ui->shown);
    if (!ui->spare || !ui->ready || !ui->shown || !canvas_init(&ui->canvas, VIEW_WIDTH, VIEW_HEIGHT)) {
        free_ui(ui);
        snprintf(err, err_size, "out of memory for the window");
        return UI_FAILED;
    }
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    ui->start_time = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
    ui->machine = m;
    if (!snapshot_source_init(&ui->source, &m->observe)) {
        free_ui(ui);
        snprintf(err, err_size, "too many attachments on the machine for the window");
        return UI_FAILED;
    }
    ui->source_attached = true;
    view_init(&ui->view, o->title);
    ui->view.page = o->os_page ? VIEW_PAGE_OS : VIEW_PAGE_MACHINE;
    run_control_init(&ui->control);
    /* The first frame shows the machine as it starts. */
    snapshot_take(&ui->source, ui->ready, 0);
    ui->ready->run_state = SNAPSHOT_RUNNING;
    ui->ready_fresh = true;

    bool want_window = o->mode == UI_MODE_WINDOW || (o->mode == UI_MODE_AUTO && display_available());
    if (want_window) {
        char why[200] = "no display (DISPLAY is not set)";
        if (make_wake_pipe(ui) && window_open(&ui->window, ui, o->title, why, sizeof why)) {
            attach_between_batches(ui);
            *out = ui;
            return UI_OPENED;
        }
        ui->window = NULL;
        if (o->mode == UI_MODE_WINDOW) {
            snprintf(err, err_size, "--window: cannot open a window: %s", why);
            free_ui(ui);
            return UI_NO_DISPLAY;
        }
    }
    if (!o->screenshot) {
        free_ui(ui); /* nothing to show and nothing to save: no UI at all */
        return UI_OPENED;
    }
    attach_between_batches(ui);
    *out = ui;
    return UI_OPENED;
}

bool ui_close(struct ui *ui, const char *how, char *err, size_t err_size)
{
    pthread_mutex_lock(&ui->lock);
    publish_snapshot(ui, SNAPSHOT_ENDED);
    snprintf(ui->ready->message, sizeof ui->ready->message, "%s", how);
    ui->ended = true;
    pthread_cond_broadcast(&ui->window_wake);
    pthread_mutex_unlock(&ui->lock);
    if (ui->window)
        window_close(ui->window);
    bool ok = true;
    if (ui->options.screenshot) {
        /* Without a window, this draws the final state for the first time; with one, it
         * draws again what the window showed last. */
        pthread_mutex_lock(&ui->lock);
        const struct canvas *c = draw_locked(ui);
        ok = image_file_save(c, ui->options.screenshot, err, err_size);
    }
    free_ui(ui);
    return ok;
}
