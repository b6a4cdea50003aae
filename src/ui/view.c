/* Drawing the window's machine page from a snapshot (os_view.c draws the OS page), and the
 * little history the view keeps
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
#include "ui/os_view.h"
#include "ui/view_parts.h"

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

/* The other page's key, then pause, step and quit. */
static const char *const key_hints[][2] = {{"F2", "OS page"}, {"F5", "pause/resume"}, {"F6", "step"}, {"F10", "quit"}};
#define KEY_HINTS (sizeof key_hints / sizeof key_hints[0])

static int key_hints_width(const char *const page_hint[2])
{
    int w = 0;
    for (unsigned i = 0; i < KEY_HINTS; i++) {
        const char *key = i ? key_hints[i][0] : page_hint[0], *action = i ? key_hints[i][1] : page_hint[1];
        w += canvas_text_width(key, 1) + 8 + 5 + canvas_text_width(action, 1) + 14;
    }
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
    if (s->run_state == SNAPSHOT_ENDED) {
        canvas_text_n(c, badge_x + badge_w + 10, 11, s->message, 50, COLOR_TEXT, 1);
    } else if (s->run_state == SNAPSHOT_PAUSED) {
        /* Where it holds, so that each step (F6) shows that it moved. */
        char at[64], n[32];
        snprintf(at, sizeof at, "instruction %s, pc 0x%08x", view_grouped(n, sizeof n, s->instret), s->pc);
        canvas_text_n(c, badge_x + badge_w + 10, 11, at, 50, COLOR_TEXT, 1);
    }

    static const char *const to_machine[2] = {"F1", "machine page"};
    const char *const *page_hint = v->page == VIEW_PAGE_OS ? to_machine : key_hints[0];
    int kx = VIEW_WIDTH - 12 - key_hints_width(page_hint);
    kx = view_key_hint(c, kx, 11, page_hint[0], page_hint[1]);
    for (unsigned i = 1; i < KEY_HINTS; i++)
        kx = view_key_hint(c, kx, 11, key_hints[i][0], key_hints[i][1]);
}

static void draw_screen(const struct snapshot *s, struct canvas *c)
{
    struct box b = screen_panel;
    int x = view_panel(c, b, "SCREEN");
    if (s->screen_on)
        view_text(c, x + 12, b.y + 7, COLOR_DIM, "%ux%u XRGB8888 at 0x%08x, frame counter %u", FRAMEBUFFER_WIDTH,
             FRAMEBUFFER_HEIGHT, s->fb_address, s->fb_frames);
    else
        view_text(c, x + 12, b.y + 7, COLOR_DIM, "framebuffer registers at 0x%08x", VMSIM_FB_BASE);
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
    int x = view_panel(c, b, "CONSOLE");
    view_text(c, x + 12, b.y + 7, COLOR_DIM, "UART output (%s bytes); typing here goes to the UART",
         view_grouped(out, sizeof out, s->uart_bytes_out));
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
    view_panel(c, b, "MACHINE");
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
    view_text(c, x, y, COLOR_DIM, "mode");
    view_text(c, x + 11 * CELL, y, color, "%s (%c)", mode_name(s->priv), letters[s->priv]);
    y += LINE;
    view_text(c, x, y, COLOR_DIM, "process");
    if (s->process_known)
        view_text(c, x + 11 * CELL, y, COLOR_TEXT, "%s   pid %u, thread %u", s->process_name[0] ? s->process_name : "?",
             s->pid, s->tid);
    else
        view_text(c, x + 11 * CELL, y, COLOR_FAINT, "not named by the guest (annotation device)");
    y += LINE;
    view_text(c, x, y, COLOR_DIM, "satp");
    if (s->satp & SATP_MODE_SV32)
        view_text(c, x + 11 * CELL, y, COLOR_TEXT, "Sv32   ASID %u   page table at 0x%08x",
             (s->satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, (s->satp & SATP_PPN_MASK) << 12);
    else
        view_text(c, x + 11 * CELL, y, COLOR_TEXT, "bare: no translation (ASID %u)",
             (s->satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK);
    y += LINE;
    view_text(c, x, y, COLOR_DIM, "pc");
    view_text(c, x + 11 * CELL, y, COLOR_TEXT, "0x%08x", s->pc);
    y += LINE;
    view_text(c, x, y, COLOR_DIM, "executed");
    /* Until a rate has been measured over half a second, the average since the start. */
    double per_second = v->instructions.per_second;
    if (per_second == 0 && s->host_seconds > 0)
        per_second = (double)s->instret / s->host_seconds;
    view_text(c, x + 11 * CELL, y, COLOR_TEXT, "%s instructions   %.1f MIPS", view_grouped(n1, sizeof n1, s->instret),
         per_second / 1e6);
    y += LINE;
    view_text(c, x, y, COLOR_DIM, "guest time");
    view_text(c, x + 11 * CELL, y, COLOR_TEXT, "%.6f s   (mtime %s)", (double)s->mtime / VMSIM_TIMEBASE_HZ,
         view_grouped(n2, sizeof n2, s->mtime));
}

static void interrupt_row(struct canvas *c, int x, int y, const char *name, const char *source,
                          double per_second, uint64_t total)
{
    char rate[32], count[32];
    canvas_text(c, x, y, name, COLOR_TEXT, 1);
    canvas_text(c, x + 12 * CELL, y, source, COLOR_DIM, 1);
    snprintf(rate, sizeof rate, "%.0f", per_second);
    view_text_right(c, x + 190, y, per_second > 0 ? COLOR_TEXT : COLOR_DIM, rate);
    view_text_right(c, x + 272, y, COLOR_TEXT, view_grouped(count, sizeof count, total));
}

static void draw_devices(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    struct box b = devices_panel;
    view_panel(c, b, "DEVICES");
    char n1[32], n2[32];
    int x = b.x + 12, y = b.y + 30;

    /* The disk's activity light: lit by a request, fading over FADE_SECONDS. */
    uint32_t off = s->disk_attached ? 0x2c3a2eu : 0x2a2d33u;
    uint32_t light = canvas_mix(off, COLOR_GREEN, (unsigned)(v->disk_heat * 256));
    canvas_fill(c, x, y - 1, 10, 10, light);
    canvas_frame(c, x, y - 1, 10, 10, s->disk_attached ? COLOR_DIM : COLOR_FAINT);
    view_text(c, x + 16, y, COLOR_TEXT, "disk");
    view_text(c, x + 16 + 5 * CELL, y, COLOR_DIM, "virtio-blk, PLIC source %d", VMSIM_IRQ_VIRTIO0);
    y += LINE;
    if (s->disk_attached) {
        view_text(c, x + 16, y, COLOR_TEXT, "reads %s   writes %s", view_grouped(n1, sizeof n1, s->disk_reads),
             view_grouped(n2, sizeof n2, s->disk_writes));
        y += LINE;
        view_text(c, x + 16, y, COLOR_DIM, "sectors in %s, out %s", view_grouped(n1, sizeof n1, s->disk_sectors_read),
             view_grouped(n2, sizeof n2, s->disk_sectors_written));
    } else {
        view_text(c, x + 16, y, COLOR_DIM, "reads 0   writes 0");
        y += LINE;
        view_text(c, x + 16, y, COLOR_FAINT, "no disk image (--disk FILE)");
    }
    y += LINE + 6;
    view_text(c, x, y, COLOR_TEXT, "console");
    view_text(c, x + 9 * CELL, y, COLOR_DIM, "UART, PLIC source %d", VMSIM_IRQ_UART0);
    y += LINE;
    view_text(c, x + 16, y, COLOR_TEXT, "out %s B   in %s B", view_grouped(n1, sizeof n1, s->uart_bytes_out),
         view_grouped(n2, sizeof n2, s->uart_bytes_in));
    y += LINE + 6;
    view_text(c, x, y, COLOR_TEXT, "keyboard");
    view_text(c, x + 9 * CELL, y, COLOR_DIM, "PLIC source %d", VMSIM_IRQ_KEYBOARD);
    y += LINE;
    view_text(c, x + 16, y, COLOR_TEXT, "%s events   %s lost", view_grouped(n1, sizeof n1, s->keyboard_events),
         view_grouped(n2, sizeof n2, s->keyboard_lost));

    /* Interrupts taken, by source. */
    x = b.x + 300;
    y = b.y + 30;
    canvas_text(c, x, y, "interrupts", COLOR_HEADING, 1);
    view_text_right(c, x + 190, y, COLOR_DIM, "per s");
    view_text_right(c, x + 272, y, COLOR_DIM, "total");
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

static void legend(struct canvas *c, int x, int y, uint32_t color, const char *label)
{
    canvas_fill(c, x, y, 9, 9, color);
    canvas_text(c, x + 14, y + 1, label, COLOR_DIM, 1);
}

static void draw_tlb(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    struct box b = tlb_panel;
    int x = view_panel(c, b, "TLB");
    const struct tlb_config *cfg = &s->tlb_config;
    char ways[24];
    if (s->tlb_sets[0] == 1)
        snprintf(ways, sizeof ways, "fully associative");
    else
        snprintf(ways, sizeof ways, "%u-way", s->tlb_ways[0]);
    view_text(c, x + 12, b.y + 7, COLOR_DIM, "%u entries%s, %s, %s, %s", cfg->entries, cfg->split ? " x2 (I+D)" : "",
         ways, policy_label(cfg->policy), cfg->asid_tagging ? "ASID-tagged" : "no ASIDs");
    uint64_t lookups = s->tlb_hits + s->tlb_misses;
    char misses[32], rate[96];
    if (lookups)
        snprintf(rate, sizeof rate, "hit rate %.3f%%, %s misses", 100.0 * observe_hit_rate(s->tlb_hits, s->tlb_misses),
                 view_grouped(misses, sizeof misses, s->tlb_misses));
    else
        snprintf(rate, sizeof rate, "no lookups yet");
    view_text_right(c, b.x + b.w - 10, b.y + 7, COLOR_TEXT, rate);

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
            view_text(c, cx, cy, COLOR_FAINT, "%-5s -", where);
            continue;
        }
        char flags[9];
        view_flag_letters(r->flags, flags);
        view_text(c, cx, cy, COLOR_TEXT, "%-5s", where);
        view_text(c, cx + 6 * CELL, cy, r->megapage ? COLOR_MAGENTA : COLOR_TEXT, "%05x", r->vpn);
        view_text(c, cx + 12 * CELL, cy, COLOR_TEXT, "%05x", r->ppn);
        view_text(c, cx + 18 * CELL, cy, COLOR_TEXT, "%3u", r->asid);
        canvas_text(c, cx + 23 * CELL, cy, flags, COLOR_BLUE, 1);
        if (columns == 2)
            canvas_text(c, cx + 32 * CELL, cy, r->megapage ? "4 MiB" : "4 KiB",
                        r->megapage ? COLOR_MAGENTA : COLOR_DIM, 1);
    }
    if (s->tlb_entries > shown)
        view_text_right(c, b.x + b.w - 10, b.y + b.h - 14, COLOR_DIM, "(first entries only)");
}

void view_draw(const struct view *v, const struct snapshot *s, struct canvas *c)
{
    canvas_fill(c, 0, 0, c->width, c->height, COLOR_BACKGROUND);
    draw_top_bar(v, s, c);
    if (v->page == VIEW_PAGE_OS) {
        os_view_draw(s, v->page_table_scroll, c);
        return;
    }
    draw_screen(s, c);
    draw_console(v, s, c);
    draw_machine(v, s, c);
    draw_devices(v, s, c);
    draw_tlb(v, s, c);
    view_draw_hit_rate(c, graph_panel, &s->os);
}

void view_status(const struct snapshot *s, char *out, size_t size)
{
    const struct os_snapshot *os = &s->os;
    char n[32], event[72], where[80] = "", speed[48];
    if (os->stopped_after_event) {
        os_view_stopped_after(os, event, sizeof event);
        snprintf(where, sizeof where, " %s,", event);
    }
    if (os->speed)
        snprintf(speed, sizeof speed, "%s instructions per second", view_grouped(n, sizeof n, os->speed));
    else
        snprintf(speed, sizeof speed, "full speed");
    const char *kind = os_view_step_target_name(os->step_target);
    switch (s->run_state) {
    case SNAPSHOT_ENDED: snprintf(out, size, "ENDED: %s", s->message); return;
    case SNAPSHOT_PAUSED:
        snprintf(out, size, "PAUSED%s at instruction %s (pc 0x%08x); %s; F7: next %s", where,
                 view_grouped(n, sizeof n, s->instret), s->pc, speed, kind);
        return;
    case SNAPSHOT_RUNNING:
        if (os->seeking)
            snprintf(out, size, "RUNNING to the next %s; %s", os_view_step_target_name(os->stopped_kind), speed);
        else
            snprintf(out, size, "RUNNING; %s; F7: next %s", speed, kind);
        return;
    }
}
