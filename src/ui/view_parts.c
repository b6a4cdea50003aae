/* The window's shared drawing helpers and the hit-rate graph on guest time. */
#include "ui/view_parts.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "machine/observe.h"
#include "ui/os_snapshot.h"

int view_text(struct canvas *c, int x, int y, uint32_t color, const char *format, ...)
{
    char buffer[256];
    va_list args;
    va_start(args, format);
    vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);
    return canvas_text(c, x, y, buffer, color, 1);
}

void view_text_right(struct canvas *c, int x, int y, uint32_t color, const char *s)
{
    canvas_text(c, x - canvas_text_width(s, 1) + 1, y, s, color, 1);
}

const char *view_grouped(char *buffer, size_t size, uint64_t value)
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

int view_panel(struct canvas *c, struct box b, const char *heading)
{
    canvas_fill(c, b.x, b.y, b.w, b.h, COLOR_PANEL);
    canvas_frame(c, b.x, b.y, b.w, b.h, COLOR_BORDER);
    canvas_fill(c, b.x + 1, b.y + 21, b.w - 2, 1, COLOR_BORDER);
    return canvas_text(c, b.x + 10, b.y + 7, heading, COLOR_HEADING, 1);
}

int view_key_hint(struct canvas *c, int x, int y, const char *key, const char *action)
{
    int w = canvas_text_width(key, 1) + 8;
    canvas_fill(c, x, y - 3, w, 15, 0x2a303cu);
    canvas_frame(c, x, y - 3, w, 15, COLOR_DIM);
    canvas_text(c, x + 4, y, key, COLOR_TEXT, 1);
    return canvas_text(c, x + w + 5, y, action, COLOR_DIM, 1) + 14;
}

void view_flag_letters(uint8_t flags, char out[9])
{
    static const char letters[] = "DAGUXWRV";
    for (int i = 0; i < 8; i++)
        out[i] = (flags & (0x80u >> i)) ? letters[i] : '.';
    out[8] = 0;
}

/* --- the hit-rate graph ------------------------------------------------------------------ */

/* Percent of point i, negative with no lookups. */
static double point_rate(const struct os_rate_point *p, bool data)
{
    double rate = data ? observe_hit_rate(p->data_hits, p->data_misses) : observe_hit_rate(p->hits, p->misses);
    return rate < 0 ? -1 : 100.0 * rate;
}

/* The lowest value the axis shows: 0, or higher when every point is higher, so that the
 * differences between 99% and 95% stay visible. */
static int graph_floor(const struct os_snapshot *s)
{
    static const int floors[] = {99, 95, 90, 80, 50};
    double lowest = 100;
    for (unsigned i = 0; i < s->rate_count; i++)
        for (int k = 0; k < 2; k++) {
            double r = point_rate(&s->rate[i], k);
            if (r >= 0 && r < lowest)
                lowest = r;
        }
    for (unsigned i = 0; i < sizeof floors / sizeof floors[0]; i++)
        if (lowest >= floors[i])
            return floors[i];
    return 0;
}

static double plot(struct canvas *c, const struct os_snapshot *s, bool data, int px, int py, int pw, int ph, int floor,
                   uint32_t color, bool shade)
{
    int prev_x = 0, prev_y = 0;
    bool have_prev = false;
    double latest = -1;
    for (unsigned i = 0; i < s->rate_count; i++) {
        double rate = point_rate(&s->rate[i], data);
        if (rate < 0) {
            have_prev = false;
            continue;
        }
        int gx = px + (int)((i + 0.5) * (pw - 1) / s->rate_count);
        int gy = py + ph - (int)((rate - floor) * ph / (100 - floor) + 0.5);
        if (shade) {
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
        latest = rate;
    }
    return latest;
}

void view_draw_hit_rate(struct canvas *c, struct box b, const struct os_snapshot *s)
{
    int x = view_panel(c, b, "TLB HIT RATE");
    char width[32];
    view_text(c, x + 12, b.y + 7, COLOR_DIM, "on guest time: a point per %s instructions",
              view_grouped(width, sizeof width, s->rate_width));
    const int px = b.x + 58, py = b.y + 34, pw = b.w - 58 - 16, ph = b.h - 34 - 34;
    const int floor = graph_floor(s);
    for (int i = 0; i <= 4; i++) {
        double pct = floor + (100 - floor) * i / 4.0;
        int gy = py + ph - i * ph / 4;
        char label[16];
        snprintf(label, sizeof label, pct == (int)pct ? "%.0f%%" : "%.2f%%", pct);
        view_text_right(c, px - 6, gy - 4, COLOR_DIM, label);
        if (i > 0)
            canvas_dotted_hline(c, px, gy, pw, COLOR_FAINT);
    }
    canvas_fill(c, px, py, 1, ph + 1, COLOR_DIM);
    canvas_fill(c, px, py + ph, pw, 1, COLOR_DIM);
    /* The axis: instructions retired since the window opened, start to the newest point. */
    uint64_t span = (uint64_t)s->rate_count * s->rate_width;
    char n[32], label[64];
    for (int i = 0; i <= 4; i++) {
        int gx = px + i * (pw - 1) / 4;
        canvas_fill(c, gx, py + ph, 1, 4, COLOR_DIM);
        snprintf(label, sizeof label, "%s", view_grouped(n, sizeof n, span * (uint64_t)i / 4));
        int w = canvas_text_width(label, 1), lx = gx - w / 2;
        if (lx < px)
            lx = px;
        if (lx + w > px + pw)
            lx = px + pw - w;
        canvas_text(c, lx, py + ph + 7, label, COLOR_DIM, 1);
    }
    view_text_right(c, b.x + b.w - 16, b.y + b.h - 12, COLOR_FAINT, "instructions retired");

    double all = plot(c, s, false, px, py, pw, ph, floor, COLOR_GREEN, true);
    double data = plot(c, s, true, px, py, pw, ph, floor, COLOR_ORANGE, false);
    int lx = b.x + b.w - 10;
    snprintf(label, sizeof label, data >= 0 ? "loads+stores %.2f%%" : "loads+stores", data);
    lx -= canvas_text_width(label, 1);
    canvas_text(c, lx, b.y + 7, label, COLOR_ORANGE, 1);
    snprintf(label, sizeof label, all >= 0 ? "all %.2f%%" : "all", all);
    lx -= canvas_text_width(label, 1) + 14;
    canvas_text(c, lx, b.y + 7, label, COLOR_GREEN, 1);
    const char *note = NULL;
    if (s->rate_count == 0)
        note = "no samples yet";
    else if (all < 0 && data < 0)
        note = "no TLB lookups: paging (satp) is off";
    if (note)
        canvas_text(c, px + pw / 2 - canvas_text_width(note, 1) / 2, py + ph / 2 - 4, note, COLOR_DIM, 1);
}
