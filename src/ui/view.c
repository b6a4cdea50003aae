/* Drawing the window's panels from a snapshot, and the little history the view keeps
 * between snapshots. The layout is fixed (VIEW_WIDTH x VIEW_HEIGHT); the window scales the
 * whole picture to its size. */
#include "ui/view.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpu/csr.h"
#include "machine_map.h"
#include "ui/canvas.h"
#include "ui/font.h"

#define COLOR_BACKGROUND 0x14161bu
#define COLOR_TOP_BAR 0x0b0d11u
#define COLOR_PANEL 0x1d2129u
#define COLOR_BORDER 0x363d4au
#define COLOR_HEADING 0x7aa2f7u
#define COLOR_TEXT 0xd3d7dfu
#define COLOR_DIM 0x7d8595u
#define COLOR_FAINT 0x454c5au
#define COLOR_GREEN 0x73d07bu
#define COLOR_YELLOW 0xf0c35au
#define COLOR_RED 0xef6b73u
#define COLOR_BLUE 0x61afefu
#define COLOR_MAGENTA 0xc678ddu
#define COLOR_ORANGE 0xf0a060u
#define COLOR_SCREEN_OFF 0x08090cu

#define LINE 13 /* text line spacing inside panels */
#define CELL FONT_CELL_WIDTH

struct box {
    int x, y, w, h;
};

static const struct box screen_panel = {10, 38, 660, 514};
static const struct box console_panel = {10, 560, 660, 230};
static const struct box machine_panel = {680, 38, 590, 112};
static const struct box devices_panel = {680, 158, 590, 150};
static const struct box tlb_panel = {680, 316, 590, 256};
static const struct box graph_panel = {680, 580, 590, 210};

/* How long a highlight takes to fade, in seconds. */
#define FADE_SECONDS 0.6

void view_init(struct view *v, const char *title)
{
    memset(v, 0, sizeof *v);
    snprintf(v->title, sizeof v->title, "%s", title ? title : "");
    console_pane_init(&v->console);
}

/* --- keeping history ------------------------------------------------------------------- */

static void rate_update(struct view_rate *r, uint64_t value, double now, bool first)
{
    if (first) {
        *r = (struct view_rate){.base_value = value, .base_time = now};
        return;
    }
    double elapsed = now - r->base_time;
    if (elapsed < 0.5)
        return;
    r->per_second = (double)(value - r->base_value) / elapsed;
    r->base_value = value;
    r->base_time = now;
}

/* In percent, negative with no lookups. */
static float percent(uint64_t hits, uint64_t misses)
{
    double rate = observe_hit_rate(hits, misses);
    return rate < 0 ? -1.0f : (float)(100.0 * rate);
}

static void history_push(struct view *v)
{
    v->history[v->history_next] = percent(v->sample_hits, v->sample_misses);
    v->data_history[v->history_next] = percent(v->sample_data_hits, v->sample_data_misses);
    v->history_next = (v->history_next + 1) % VIEW_HISTORY_SAMPLES;
    if (v->history_count < VIEW_HISTORY_SAMPLES)
        v->history_count++;
    v->sample_running_time = 0;
    v->sample_hits = v->sample_misses = v->sample_data_hits = v->sample_data_misses = 0;
}

static float fade(float heat, double elapsed)
{
    float h = heat - (float)(elapsed / FADE_SECONDS);
    return h > 0 ? h : 0;
}

void view_update(struct view *v, const struct snapshot *s, const uint8_t *console, size_t console_count)
{
    console_pane_write(&v->console, console, console_count);
    bool first = !v->started;
    double elapsed = first ? 0 : s->host_seconds - v->last_time;

    rate_update(&v->instructions, s->instret, s->host_seconds, first);
    rate_update(&v->timer, s->timer_interrupts, s->host_seconds, first);
    rate_update(&v->software, s->software_interrupts, s->host_seconds, first);
    rate_update(&v->exceptions, s->exceptions, s->host_seconds, first);
    for (unsigned i = 0; i < PLIC_SOURCES; i++)
        rate_update(&v->claims[i], s->plic_claims[i], s->host_seconds, first);

    /* The graph's time is the time the guest ran, so pausing stops it instead of leaving
     * a gap. The last sample of a run that ended is taken short. */
    if (!first && s->steps != v->seen_steps) {
        v->sample_running_time += elapsed;
        v->sample_hits += s->tlb_hits - v->seen_hits;
        v->sample_misses += s->tlb_misses - v->seen_misses;
        v->sample_data_hits += s->tlb_data_hits - v->seen_data_hits;
        v->sample_data_misses += s->tlb_data_misses - v->seen_data_misses;
    }
    if (v->sample_running_time >= VIEW_HISTORY_PERIOD ||
        (s->run_state == SNAPSHOT_ENDED && v->sample_running_time > 0))
        history_push(v);
    v->seen_hits = s->tlb_hits;
    v->seen_misses = s->tlb_misses;
    v->seen_data_hits = s->tlb_data_hits;
    v->seen_data_misses = s->tlb_data_misses;
    v->seen_steps = s->steps;

    for (unsigned i = 0; i < s->tlb_row_count; i++) {
        v->tlb_hit_heat[i] = s->tlb_rows[i].hit ? 1.0f : fade(v->tlb_hit_heat[i], elapsed);
        v->tlb_fill_heat[i] = s->tlb_rows[i].filled ? 1.0f : fade(v->tlb_fill_heat[i], elapsed);
    }
    uint64_t requests = s->disk_reads + s->disk_writes;
    v->disk_heat = !first && requests != v->disk_requests ? 1.0f : fade(v->disk_heat, elapsed);
    v->disk_requests = requests;

    v->last_time = s->host_seconds;
    v->started = true;
}

/* --- drawing helpers ------------------------------------------------------------------- */

static int text(struct canvas *c, int x, int y, uint32_t color, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
static int text(struct canvas *c, int x, int y, uint32_t color, const char *format, ...)
{
    char buffer[256];
    va_list args;
    va_start(args, format);
    vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return canvas_text(c, x, y, buffer, color, 1);
}

/* Text whose right edge is at x. */
static void text_right(struct canvas *c, int x, int y, uint32_t color, const char *s)
{
    canvas_text(c, x - canvas_text_width(s, 1) + 1, y, s, color, 1);
}

/* 1234567 -> "1,234,567". */
static const char *grouped(char *buffer, size_t size, uint64_t value)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%" PRIu64, value);
    size_t out = 0;
    for (int i = 0; i < n && out + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buffer[out++] = ',';
        buffer[out++] = digits[i];
    }
    buffer[out] = 0;
    return buffer;
}

/* A panel's frame with its heading; returns the x just past the heading. */
static int panel(struct canvas *c, struct box b, const char *heading)
{
    canvas_fill(c, b.x, b.y, b.w, b.h, COLOR_PANEL);
    canvas_frame(c, b.x, b.y, b.w, b.h, COLOR_BORDER);
    canvas_fill(c, b.x + 1, b.y + 21, b.w - 2, 1, COLOR_BORDER);
    return canvas_text(c, b.x + 10, b.y + 7, heading, COLOR_HEADING, 1);
}

/* A key drawn as a key cap, then what it does; returns the x past it all. */
static int key_hint(struct canvas *c, int x, int y, const char *key, const char *action)
{
    int w = canvas_text_width(key, 1) + 8;
    canvas_fill(c, x, y - 3, w, 15, 0x2a303cu);
    canvas_frame(c, x, y - 3, w, 15, COLOR_DIM);
    canvas_text(c, x + 4, y, key, COLOR_TEXT, 1);
    return canvas_text(c, x + w + 5, y, action, COLOR_DIM, 1) + 14;
}

static int key_hints_width(void)
{
    static const char *const parts[][2] = {{"F5", "pause/resume"}, {"F6", "step"}, {"F10", "quit"}};
    int w = 0;
    for (unsigned i = 0; i < 3; i++)
        w += canvas_text_width(parts[i][0], 1) + 8 + 5 + canvas_text_width(parts[i][1], 1) + 14;
    return w - 14;
}

/* --- the panels ------------------------------------------------------------------------ */

static void draw_top_bar(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    canvas_fill(c, 0, 0, VIEW_WIDTH, 30, COLOR_TOP_BAR);
    canvas_fill(c, 0, 30, VIEW_WIDTH, 1, COLOR_BORDER);
    int x = canvas_text(c, 12, 6, "vmsim", COLOR_TEXT, 2);
    canvas_text_n(c, x + 10, 11, v->title, 40, COLOR_DIM, 1);

    const char *state = "RUNNING";
    uint32_t color = COLOR_GREEN;
    if (s->run_state == SNAPSHOT_PAUSED) {
        state = "PAUSED";
        color = COLOR_YELLOW;
    } else if (s->run_state == SNAPSHOT_ENDED) {
        state = "ENDED";
        color = COLOR_RED;
    }
    int badge_x = 430, badge_w = canvas_text_width(state, 1) + 16;
    canvas_fill(c, badge_x, 7, badge_w, 17, canvas_mix(COLOR_TOP_BAR, color, 60));
    canvas_frame(c, badge_x, 7, badge_w, 17, color);
    canvas_text(c, badge_x + 8, 11, state, color, 1);
    if (s->run_state == SNAPSHOT_ENDED)
        canvas_text_n(c, badge_x + badge_w + 10, 11, s->message, 50, COLOR_TEXT, 1);

    int kx = VIEW_WIDTH - 12 - key_hints_width();
    kx = key_hint(c, kx, 11, "F5", "pause/resume");
    kx = key_hint(c, kx, 11, "F6", "step");
    key_hint(c, kx, 11, "F10", "quit");
}

static void draw_screen(const struct snapshot *s, struct canvas *c)
{
    struct box b = screen_panel;
    int x = panel(c, b, "SCREEN");
    if (s->screen_on)
        text(c, x + 12, b.y + 7, COLOR_DIM, "%ux%u XRGB8888 at 0x%08x, frame counter %u", FRAMEBUFFER_WIDTH,
             FRAMEBUFFER_HEIGHT, s->fb_address, s->fb_frames);
    else
        text(c, x + 12, b.y + 7, COLOR_DIM, "framebuffer registers at 0x%08x", VMSIM_FB_BASE);
    if (s->screen_on) {
        canvas_blit(c, VIEW_SCREEN_X, VIEW_SCREEN_Y, s->pixels, FRAMEBUFFER_WIDTH, FRAMEBUFFER_HEIGHT,
                    FRAMEBUFFER_STRIDE);
        return;
    }
    canvas_fill(c, VIEW_SCREEN_X, VIEW_SCREEN_Y, FRAMEBUFFER_WIDTH, FRAMEBUFFER_HEIGHT, COLOR_SCREEN_OFF);
    const char *line1 = s->fb_address ? "the address register points outside RAM" : "display off";
    const char *line2 = "the guest turns it on by writing its pixels' address to ADDRESS";
    int cx = VIEW_SCREEN_X + FRAMEBUFFER_WIDTH / 2, cy = VIEW_SCREEN_Y + FRAMEBUFFER_HEIGHT / 2;
    canvas_text(c, cx - canvas_text_width(line1, 2) / 2, cy - 24, line1, COLOR_DIM, 2);
    canvas_text(c, cx - canvas_text_width(line2, 1) / 2, cy + 6, line2, COLOR_FAINT, 1);
}

static void draw_console(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    struct box b = console_panel;
    char out[32];
    int x = panel(c, b, "CONSOLE");
    text(c, x + 12, b.y + 7, COLOR_DIM, "UART output (%s bytes); typing here goes to the UART",
         grouped(out, sizeof out, s->uart_bytes_out));
    int lines = (b.h - 30) / FONT_CELL_HEIGHT;
    for (int i = 0; i < lines; i++) {
        const char *line = console_pane_line(&v->console, (unsigned)(lines - 1 - i));
        canvas_text(c, b.x + 10, b.y + 28 + i * FONT_CELL_HEIGHT, line, COLOR_TEXT, 1);
    }
}

static const char *mode_name(enum privilege p)
{
    switch (p) {
    case PRIV_M: return "machine";
    case PRIV_S: return "supervisor";
    case PRIV_U: return "user";
    }
    return "?";
}

static void draw_machine(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    struct box b = machine_panel;
    panel(c, b, "MACHINE");
    static const char letters[] = {[PRIV_U] = 'U', [PRIV_S] = 'S', [PRIV_M] = 'M'};
    static const uint32_t colors[] = {[PRIV_U] = COLOR_GREEN, [PRIV_S] = COLOR_YELLOW, [PRIV_M] = COLOR_RED};
    uint32_t color = colors[s->priv];
    int bx = b.x + 12, by = b.y + 30;
    canvas_fill(c, bx, by, 64, 71, canvas_mix(COLOR_PANEL, color, 50));
    canvas_frame(c, bx, by, 64, 71, color);
    char letter[2] = {letters[s->priv], 0};
    canvas_text(c, bx + 22, by + 14, letter, color, 4);

    int x = b.x + 90, y = b.y + 30;
    char n1[32], n2[32];
    text(c, x, y, COLOR_DIM, "mode");
    text(c, x + 11 * CELL, y, color, "%s (%c)", mode_name(s->priv), letters[s->priv]);
    y += LINE;
    text(c, x, y, COLOR_DIM, "process");
    if (s->process_known)
        text(c, x + 11 * CELL, y, COLOR_TEXT, "%s   pid %u, thread %u", s->process_name[0] ? s->process_name : "?",
             s->pid, s->tid);
    else
        text(c, x + 11 * CELL, y, COLOR_FAINT, "not named by the guest (annotation device)");
    y += LINE;
    text(c, x, y, COLOR_DIM, "satp");
    if (s->satp & SATP_MODE_SV32)
        text(c, x + 11 * CELL, y, COLOR_TEXT, "Sv32   ASID %u   page table at 0x%08x",
             (s->satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, (s->satp & SATP_PPN_MASK) << 12);
    else
        text(c, x + 11 * CELL, y, COLOR_TEXT, "bare: no translation (ASID %u)",
             (s->satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK);
    y += LINE;
    text(c, x, y, COLOR_DIM, "pc");
    text(c, x + 11 * CELL, y, COLOR_TEXT, "0x%08x", s->pc);
    y += LINE;
    text(c, x, y, COLOR_DIM, "executed");
    /* Until a rate has been measured over half a second, the average since the start. */
    double per_second = v->instructions.per_second;
    if (per_second == 0 && s->host_seconds > 0)
        per_second = (double)s->instret / s->host_seconds;
    text(c, x + 11 * CELL, y, COLOR_TEXT, "%s instructions   %.1f MIPS", grouped(n1, sizeof n1, s->instret),
         per_second / 1e6);
    y += LINE;
    text(c, x, y, COLOR_DIM, "guest time");
    text(c, x + 11 * CELL, y, COLOR_TEXT, "%.6f s   (mtime %s)", (double)s->mtime / VMSIM_TIMEBASE_HZ,
         grouped(n2, sizeof n2, s->mtime));
}

static void interrupt_row(struct canvas *c, int x, int y, const char *name, const char *source,
                          double per_second, uint64_t total)
{
    char rate[32], count[32];
    canvas_text(c, x, y, name, COLOR_TEXT, 1);
    canvas_text(c, x + 12 * CELL, y, source, COLOR_DIM, 1);
    snprintf(rate, sizeof rate, "%.0f", per_second);
    text_right(c, x + 190, y, per_second > 0 ? COLOR_TEXT : COLOR_DIM, rate);
    text_right(c, x + 272, y, COLOR_TEXT, grouped(count, sizeof count, total));
}

static void draw_devices(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    struct box b = devices_panel;
    panel(c, b, "DEVICES");
    char n1[32], n2[32];
    int x = b.x + 12, y = b.y + 30;

    /* The disk's activity light: lit by a request, fading over FADE_SECONDS. */
    uint32_t off = s->disk_attached ? 0x2c3a2eu : 0x2a2d33u;
    uint32_t light = canvas_mix(off, COLOR_GREEN, (unsigned)(v->disk_heat * 256));
    canvas_fill(c, x, y - 1, 10, 10, light);
    canvas_frame(c, x, y - 1, 10, 10, s->disk_attached ? COLOR_DIM : COLOR_FAINT);
    text(c, x + 16, y, COLOR_TEXT, "disk");
    text(c, x + 16 + 5 * CELL, y, COLOR_DIM, "virtio-blk, PLIC source %d", VMSIM_IRQ_VIRTIO0);
    y += LINE;
    if (s->disk_attached) {
        text(c, x + 16, y, COLOR_TEXT, "reads %s   writes %s", grouped(n1, sizeof n1, s->disk_reads),
             grouped(n2, sizeof n2, s->disk_writes));
        y += LINE;
        text(c, x + 16, y, COLOR_DIM, "sectors in %s, out %s", grouped(n1, sizeof n1, s->disk_sectors_read),
             grouped(n2, sizeof n2, s->disk_sectors_written));
    } else {
        text(c, x + 16, y, COLOR_DIM, "reads 0   writes 0");
        y += LINE;
        text(c, x + 16, y, COLOR_FAINT, "no disk image (--disk FILE)");
    }
    y += LINE + 6;
    text(c, x, y, COLOR_TEXT, "console");
    text(c, x + 9 * CELL, y, COLOR_DIM, "UART, PLIC source %d", VMSIM_IRQ_UART0);
    y += LINE;
    text(c, x + 16, y, COLOR_TEXT, "out %s B   in %s B", grouped(n1, sizeof n1, s->uart_bytes_out),
         grouped(n2, sizeof n2, s->uart_bytes_in));
    y += LINE + 6;
    text(c, x, y, COLOR_TEXT, "keyboard");
    text(c, x + 9 * CELL, y, COLOR_DIM, "PLIC source %d", VMSIM_IRQ_KEYBOARD);
    y += LINE;
    text(c, x + 16, y, COLOR_TEXT, "%s events   %s lost", grouped(n1, sizeof n1, s->keyboard_events),
         grouped(n2, sizeof n2, s->keyboard_lost));

    /* Interrupts taken, by source. */
    x = b.x + 300;
    y = b.y + 30;
    canvas_text(c, x, y, "interrupts", COLOR_HEADING, 1);
    text_right(c, x + 190, y, COLOR_DIM, "per s");
    text_right(c, x + 272, y, COLOR_DIM, "total");
    canvas_fill(c, x, y + 11, 274, 1, COLOR_BORDER);
    y += LINE + 3;
    interrupt_row(c, x, y, "timer ticks", "CLINT/Sstc", v->timer.per_second, s->timer_interrupts);
    y += LINE;
    interrupt_row(c, x, y, "software", "CLINT", v->software.per_second, s->software_interrupts);
    y += LINE;
    interrupt_row(c, x, y, "uart", "PLIC 10", v->claims[VMSIM_IRQ_UART0].per_second,
                  s->plic_claims[VMSIM_IRQ_UART0]);
    y += LINE;
    interrupt_row(c, x, y, "disk", "PLIC 1", v->claims[VMSIM_IRQ_VIRTIO0].per_second,
                  s->plic_claims[VMSIM_IRQ_VIRTIO0]);
    y += LINE;
    interrupt_row(c, x, y, "keyboard", "PLIC 12", v->claims[VMSIM_IRQ_KEYBOARD].per_second,
                  s->plic_claims[VMSIM_IRQ_KEYBOARD]);
    y += LINE + 4;
    interrupt_row(c, x, y, "exceptions", "", v->exceptions.per_second, s->exceptions);
}

static const char *policy_label(enum tlb_policy p)
{
    switch (p) {
    case TLB_POLICY_LRU: return "LRU";
    case TLB_POLICY_FIFO: return "FIFO";
    case TLB_POLICY_RANDOM: return "random";
    }
    return "?";
}

/* "DAGUXWRV" with a '.' for each bit that is clear. */
static void flag_letters(uint8_t flags, char out[9])
{
    static const char letters[] = "DAGUXWRV";
    for (int i = 0; i < 8; i++)
        out[i] = (flags & (0x80u >> i)) ? letters[i] : '.';
    out[8] = 0;
}

static void legend(struct canvas *c, int x, int y, uint32_t color, const char *label)
{
    canvas_fill(c, x, y, 9, 9, color);
    canvas_text(c, x + 14, y + 1, label, COLOR_DIM, 1);
}

static void draw_tlb(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    struct box b = tlb_panel;
    int x = panel(c, b, "TLB");
    const struct tlb_config *cfg = &s->tlb_config;
    char ways[24];
    if (s->tlb_sets[0] == 1)
        snprintf(ways, sizeof ways, "fully associative");
    else
        snprintf(ways, sizeof ways, "%u-way", s->tlb_ways[0]);
    text(c, x + 12, b.y + 7, COLOR_DIM, "%u entries%s, %s, %s, %s", cfg->entries, cfg->split ? " x2 (I+D)" : "",
         ways, policy_label(cfg->policy), cfg->asid_tagging ? "ASID-tagged" : "no ASIDs");
    uint64_t lookups = s->tlb_hits + s->tlb_misses;
    char misses[32], rate[96];
    if (lookups)
        snprintf(rate, sizeof rate, "hit rate %.3f%%, %s misses", 100.0 * observe_hit_rate(s->tlb_hits, s->tlb_misses),
                 grouped(misses, sizeof misses, s->tlb_misses));
    else
        snprintf(rate, sizeof rate, "no lookups yet");
    text_right(c, b.x + b.w - 10, b.y + 7, COLOR_TEXT, rate);

    int y = b.y + 29;
    legend(c, b.x + 12, y, COLOR_GREEN, "used since the last frame");
    legend(c, b.x + 200, y, COLOR_YELLOW, "filled since the last frame");
    legend(c, b.x + 400, y, COLOR_MAGENTA, "4 MiB megapage");

    /* Two columns of full rows when the entries fit, three of narrower rows when not. */
    const int rows_top = b.y + 60, row_h = FONT_CELL_HEIGHT;
    const int max_rows = (b.y + b.h - 6 - rows_top) / row_h;
    unsigned shown = s->tlb_row_count;
    int columns = shown <= (unsigned)(2 * max_rows) ? 2 : 3;
    if (shown > (unsigned)(columns * max_rows))
        shown = (unsigned)(columns * max_rows);
    const int col_w = (b.w - 20) / columns;
    int rows = (int)((shown + (unsigned)columns - 1) / (unsigned)columns);
    if (rows == 0)
        rows = 1;
    bool split = cfg->split;
    for (int col = 0; col < columns && (unsigned)(col * rows) < shown; col++) {
        int cx = b.x + 12 + col * col_w;
        canvas_text(c, cx, rows_top - 13, "set", COLOR_DIM, 1);
        canvas_text(c, cx + 6 * CELL, rows_top - 13, "VPN", COLOR_DIM, 1);
        canvas_text(c, cx + 12 * CELL, rows_top - 13, "PPN", COLOR_DIM, 1);
        canvas_text(c, cx + 18 * CELL, rows_top - 13, "ASID", COLOR_DIM, 1);
        canvas_text(c, cx + 23 * CELL, rows_top - 13, "DAGUXWRV", COLOR_DIM, 1);
        if (columns == 2)
            canvas_text(c, cx + 32 * CELL, rows_top - 13, "size", COLOR_DIM, 1);
    }
    canvas_fill(c, b.x + 10, rows_top - 2, b.w - 20, 1, COLOR_BORDER);
    for (unsigned i = 0; i < shown; i++) {
        const struct snapshot_tlb_row *r = &s->tlb_rows[i];
        int cx = b.x + 12 + (int)(i / (unsigned)rows) * col_w;
        int cy = rows_top + (int)(i % (unsigned)rows) * row_h;
        float hit = v->tlb_hit_heat[i], fill = v->tlb_fill_heat[i];
        if (fill > 0 || hit > 0) {
            uint32_t glow = fill >= hit ? canvas_mix(COLOR_PANEL, COLOR_YELLOW, (unsigned)(fill * 100))
                                        : canvas_mix(COLOR_PANEL, COLOR_GREEN, (unsigned)(hit * 70));
            canvas_fill(c, cx - 2, cy - 1, col_w - 8, row_h, glow);
        }
        char where[16];
        snprintf(where, sizeof where, "%s%u.%u", split ? (r->array ? "D" : "I") : "", r->set, r->way);
        if (!r->valid) {
            text(c, cx, cy, COLOR_FAINT, "%-5s -", where);
            continue;
        }
        char flags[9];
        flag_letters(r->flags, flags);
        text(c, cx, cy, COLOR_TEXT, "%-5s", where);
        text(c, cx + 6 * CELL, cy, r->megapage ? COLOR_MAGENTA : COLOR_TEXT, "%05x", r->vpn);
        text(c, cx + 12 * CELL, cy, COLOR_TEXT, "%05x", r->ppn);
        text(c, cx + 18 * CELL, cy, COLOR_TEXT, "%3u", r->asid);
        canvas_text(c, cx + 23 * CELL, cy, flags, COLOR_BLUE, 1);
        if (columns == 2)
            canvas_text(c, cx + 32 * CELL, cy, r->megapage ? "4 MiB" : "4 KiB",
                        r->megapage ? COLOR_MAGENTA : COLOR_DIM, 1);
    }
    if (s->tlb_entries > shown)
        text_right(c, b.x + b.w - 10, b.y + b.h - 14, COLOR_DIM, "(first entries only)");
}

/* The seconds the graph's time axis spans: the shortest of 10, 30 and 60 that holds the
 * history, so that a short run is not a sliver at the right edge. */
static int graph_span(const struct view *v)
{
    double seconds = v->history_count * VIEW_HISTORY_PERIOD;
    return seconds <= 10 ? 10 : seconds <= 30 ? 30 : 60;
}

/* The lowest value the graph's axis shows: 0, or higher when every sample shown is
 * higher, so that the differences between 99% and 95% stay visible. */
static int graph_floor(const struct view *v, int span)
{
    static const int floors[] = {99, 95, 90, 80, 50};
    float lowest = 100;
    int span_samples = (int)(span / VIEW_HISTORY_PERIOD);
    for (unsigned age = 0; age < v->history_count && (int)age < span_samples; age++) {
        unsigned index = (v->history_next + VIEW_HISTORY_SAMPLES - 1 - age) % VIEW_HISTORY_SAMPLES;
        float values[2] = {v->history[index], v->data_history[index]};
        for (int k = 0; k < 2; k++)
            if (values[k] >= 0 && values[k] < lowest)
                lowest = values[k];
    }
    if (v->history_count == 0)
        return 0;
    for (unsigned i = 0; i < sizeof floors / sizeof floors[0]; i++)
        if (lowest >= (float)floors[i])
            return floors[i];
    return 0;
}

/* One line of the graph, values from `floor` to 100 % over the height; returns the newest
 * value drawn, or -1. */
static float plot(struct canvas *c, const struct view *v, const float *history, int px, int py, int pw, int ph,
                  int span, int floor, uint32_t color, bool shade)
{
    int span_samples = (int)(span / VIEW_HISTORY_PERIOD);
    int prev_x = 0, prev_y = 0;
    bool have_prev = false;
    float latest = -1;
    for (unsigned i = 0; i < v->history_count; i++) {
        unsigned age = v->history_count - 1 - i; /* 0 = newest */
        if ((int)age >= span_samples)
            continue;
        float rate = history[(v->history_next + VIEW_HISTORY_SAMPLES - 1 - age) % VIEW_HISTORY_SAMPLES];
        if (rate < 0) {
            have_prev = false;
            continue;
        }
        int gx = px + pw - 1 - (int)((double)age * (pw - 1) / span_samples);
        int gy = py + ph - (int)((rate - (float)floor) * (float)ph / (float)(100 - floor) + 0.5f);
        if (shade) {
            /* Fill under the line, column by column along the segment from the previous point. */
            uint32_t under = canvas_mix(COLOR_PANEL, color, 36);
            int from = have_prev ? prev_x + 1 : gx;
            for (int col = from; col <= gx; col++) {
                int top = have_prev && gx != prev_x ? prev_y + (gy - prev_y) * (col - prev_x) / (gx - prev_x) : gy;
                canvas_fill(c, col, top + 1, 1, py + ph - top - 1, under);
            }
        }
        if (have_prev)
            canvas_line(c, prev_x, prev_y, gx, gy, color);
        else
            canvas_fill(c, gx - 1, gy - 1, 3, 3, color);
        prev_x = gx;
        prev_y = gy;
        have_prev = true;
        if (age == 0)
            latest = rate;
    }
    return latest;
}

static void draw_graph(const struct view *v, struct canvas *c)
{
    struct box b = graph_panel;
    int x = panel(c, b, "TLB HIT RATE");
    text(c, x + 12, b.y + 7, COLOR_DIM, "a point per quarter second of running");
    const int px = b.x + 58, py = b.y + 34, pw = b.w - 58 - 16, ph = b.h - 34 - 34;

    /* Axes, grid and labels: floor..100 % up, seconds of running back from now across. */
    const int span = graph_span(v), step = span / 5, floor = graph_floor(v, span);
    for (int i = 0; i <= 4; i++) {
        double pct = floor + (100 - floor) * i / 4.0;
        int gy = py + ph - i * ph / 4;
        char label[16];
        snprintf(label, sizeof label, pct == (int)pct ? "%.0f%%" : "%.2f%%", pct);
        text_right(c, px - 6, gy - 4, COLOR_DIM, label);
        if (i > 0)
            canvas_dotted_hline(c, px, gy, pw, COLOR_FAINT);
    }
    for (int t = 0; t <= span; t += step) {
        int gx = px + pw - 1 - t * (pw - 1) / span;
        char label[16];
        if (t == 0)
            snprintf(label, sizeof label, "now");
        else
            snprintf(label, sizeof label, "-%d s", t);
        canvas_fill(c, gx, py + ph, 1, 4, COLOR_DIM);
        int w = canvas_text_width(label, 1);
        int lx = gx - w / 2;
        if (lx + w > px + pw)
            lx = px + pw - w;
        canvas_text(c, lx, py + ph + 7, label, COLOR_DIM, 1);
    }
    canvas_fill(c, px, py, 1, ph + 1, COLOR_DIM);
    canvas_fill(c, px, py + ph, pw, 1, COLOR_DIM);
    text_right(c, b.x + b.w - 16, b.y + b.h - 12, COLOR_FAINT, "seconds of running");

    float all = plot(c, v, v->history, px, py, pw, ph, span, floor, COLOR_GREEN, true);
    float data = plot(c, v, v->data_history, px, py, pw, ph, span, floor, COLOR_ORANGE, false);
    int lx = b.x + b.w - 10;
    char label[48];
    snprintf(label, sizeof label, data >= 0 ? "loads+stores %.2f%%" : "loads+stores", data);
    lx -= canvas_text_width(label, 1);
    canvas_text(c, lx, b.y + 7, label, COLOR_ORANGE, 1);
    snprintf(label, sizeof label, all >= 0 ? "all %.2f%%" : "all", all);
    lx -= canvas_text_width(label, 1) + 14;
    canvas_text(c, lx, b.y + 7, label, COLOR_GREEN, 1);

    const char *note = NULL;
    if (v->history_count == 0)
        note = "no samples yet";
    else if (all < 0 && data < 0 && v->history[(v->history_next + VIEW_HISTORY_SAMPLES - 1) % VIEW_HISTORY_SAMPLES] < 0)
        note = "no TLB lookups: paging (satp) is off";
    if (note)
        canvas_text(c, px + pw / 2 - canvas_text_width(note, 1) / 2, py + ph / 2 - 4, note, COLOR_DIM, 1);
}

void view_draw(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    canvas_fill(c, 0, 0, c->width, c->height, COLOR_BACKGROUND);
    draw_top_bar(v, s, c);
    draw_screen(s, c);
    draw_console(v, s, c);
    draw_machine(v, s, c);
    draw_devices(v, s, c);
    draw_tlb(v, s, c);
    draw_graph(v, c);
}
