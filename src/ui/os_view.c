/* Drawing the OS page from a snapshot. */
#include "ui/os_view.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cpu/csr.h"
#include "riscv_spec.h"
#include "ui/snapshot.h"
#include "ui/view_parts.h"

static const struct box processes_panel = {10, 38, 620, 232};
static const struct box page_table_panel = {10, 278, 620, 512};
static const struct box sched_panel = {640, 38, 630, 246};
static const struct box calls_panel = {640, 292, 630, 232};
static const struct box rate_panel = {640, 532, 630, 170};
static const struct box slow_panel = {640, 710, 630, 80};

#define PROCESS_ROWS 13 /* and below them the memory line */
#define PROCESS_FIRST_Y (processes_panel.y + 44)

static const uint32_t process_colors[] = {0x61afefu, 0x73d07bu, 0xf0c35au, 0xc678ddu, 0xf0a060u,
                                          0x56b6c2u, 0xef6b73u, 0xa9b665u, 0xd3869bu, 0x8ec07cu};

static uint32_t color_of(uint32_t pid)
{
    return pid ? process_colors[pid % (sizeof process_colors / sizeof process_colors[0])] : COLOR_FAINT;
}

const char *os_view_step_target_name(unsigned target)
{
    static const char *const names[] = {"trap", "system call", "context switch", "page fault"};
    return target < sizeof names / sizeof names[0] ? names[target] : "?";
}

void os_view_stopped_after(const struct os_snapshot *s, char *out, size_t size)
{
    const struct os_step_event *e = &s->stopped_event;
    switch (s->stopped_kind) {
    case OS_STEP_TRAP: snprintf(out, size, "after trap: %s, pid %u", riscv_cause_name(e->detail), e->pid); break;
    case OS_STEP_SYSCALL:
        snprintf(out, size, "after system call %s, pid %u", observe_syscall_name(e->detail), e->pid);
        break;
    case OS_STEP_SWITCH: snprintf(out, size, "after context switch to pid %u", e->pid); break;
    case OS_STEP_PAGE_FAULT: snprintf(out, size, "after page fault at 0x%08x, pid %u", e->detail, e->pid); break;
    default: snprintf(out, size, "after an event"); break;
    }
}

/* --- processes --------------------------------------------------------------------------- */

void os_view_process_line(const struct os_snapshot *s, const struct os_snapshot_process *p, char *out, size_t size)
{
    char share[16], rate[16];
    if (s->instructions)
        snprintf(share, sizeof share, "%5.1f%%", 100.0 * (double)p->instructions / (double)s->instructions);
    else
        snprintf(share, sizeof share, "    -");
    double hit = observe_hit_rate(p->tlb_hits, p->tlb_misses);
    if (hit >= 0)
        snprintf(rate, sizeof rate, "%7.3f%%", 100.0 * hit);
    else
        snprintf(rate, sizeof rate, "       -");
    snprintf(out, size, "%5u %-16s %-8s %5u %s %7" PRIu64 " %6" PRIu64 " %s", p->pid, p->name,
             os_snapshot_state_name(p->state), p->uid, share, p->page_faults, p->syscalls, rate);
}

/* Frame and slot counts only, to fit the pane's width with the largest memory and swap. */
void os_view_memory_line(const struct os_snapshot *s, char *out, size_t size)
{
    if (!s->memory_known) {
        snprintf(out, size, "memory: not reported by the kernel yet");
        return;
    }
    const struct observe_memory *m = &s->memory;
    char swap[80];
    if (m->swap_slots)
        snprintf(swap, sizeof swap, "%u of %u slots used; %u pages out, %u in", m->swap_used, m->swap_slots,
                 m->swap_outs, m->swap_ins);
    else
        snprintf(swap, sizeof swap, "none");
    snprintf(out, size, "memory: %u of %u frames free   swap: %s", m->free_frames, m->frames, swap);
}

static void draw_memory(const struct os_snapshot *s, struct canvas *c)
{
    struct box b = processes_panel;
    int y = b.y + b.h - 14;
    canvas_fill(c, b.x + 4, y - 5, b.w - 8, 1, COLOR_FAINT);
    char line[160];
    os_view_memory_line(s, line, sizeof line);
    /* Yellow when less than an eighth of memory is free: a warning before it runs out. */
    bool low = s->memory_known && s->memory.free_frames < s->memory.frames / 8;
    uint32_t color = !s->memory_known ? COLOR_FAINT : low ? COLOR_YELLOW : COLOR_TEXT;
    canvas_text_n(c, b.x + 10, y, line, (b.w - 20) / CELL, color, 1);
}

static void draw_processes(const struct os_snapshot *s, struct canvas *c)
{
    struct box b = processes_panel;
    int x = view_panel(c, b, "PROCESSES");
    view_text(c, x + 12, b.y + 7, COLOR_DIM, "as the guest kernel reports them");
    view_text_right(c, b.x + b.w - 10, b.y + 7, COLOR_DIM, "F9 or a click: show its page table");
    view_text(c, b.x + 10, b.y + 28, COLOR_DIM, "%5s %-16s %-8s %5s %6s %7s %6s %8s", "pid", "name", "state", "user",
              "CPU", "faults", "calls", "TLB hit");
    draw_memory(s, c);
    if (s->process_count == 0) {
        view_text(c, b.x + 10, PROCESS_FIRST_Y + LINE, COLOR_FAINT,
                  "no processes reported (a bare-metal program, or a kernel without the annotation device)");
        return;
    }
    /* The newest rows when there are more than fit. */
    unsigned first = s->process_count > PROCESS_ROWS ? s->process_count - PROCESS_ROWS : 0;
    for (unsigned i = first; i < s->process_count; i++) {
        const struct os_snapshot_process *p = &s->processes[i];
        int y = PROCESS_FIRST_Y + (int)(i - first) * LINE;
        if (p->pid == s->selected_pid)
            canvas_fill(c, b.x + 4, y - 2, b.w - 8, LINE, canvas_mix(COLOR_PANEL, COLOR_HEADING, 50));
        canvas_fill(c, b.x + 4, y, 3, 9, color_of(p->pid));
        char line[160];
        os_view_process_line(s, p, line, sizeof line);
        uint32_t color = p->state == ANNOTATION_PROC_RUNNING ? COLOR_GREEN
                         : p->state == ANNOTATION_PROC_ZOMBIE ? COLOR_DIM
                                                              : COLOR_TEXT;
        canvas_text(c, b.x + 10, y, line, color, 1);
    }
}

uint32_t os_view_process_at(const struct os_snapshot *s, int x, int y)
{
    struct box b = processes_panel;
    if (x < b.x || x >= b.x + b.w || y < PROCESS_FIRST_Y - 2)
        return 0;
    unsigned first = s->process_count > PROCESS_ROWS ? s->process_count - PROCESS_ROWS : 0;
    unsigned row = (unsigned)((y - PROCESS_FIRST_Y + 2) / LINE);
    if (row >= PROCESS_ROWS || first + row >= s->process_count)
        return 0;
    return s->processes[first + row].pid;
}

/* --- the page table -------------------------------------------------------------------- */

static bool kernel_global_at(const struct os_snapshot *s, unsigned index)
{
    return index < 1024 && (s->kernel_global[index / 32] >> (index % 32) & 1);
}

/* "[000] [030]-[031] [200]-[21f]": the root entries that are global 4 MiB pages, as runs;
 * past `budget` characters the rest is "...". */
static void kernel_global_runs(const struct os_snapshot *s, char *out, size_t size, size_t budget)
{
    size_t used = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < 1024; i++) {
        if (!kernel_global_at(s, i))
            continue;
        unsigned last = i;
        while (kernel_global_at(s, last + 1))
            last++;
        char run[24];
        if (last == i)
            snprintf(run, sizeof run, "%s[%03x]", used ? " " : "", i);
        else
            snprintf(run, sizeof run, "%s[%03x]-[%03x]", used ? " " : "", i, last);
        if (used + strlen(run) + 4 > budget) {
            snprintf(out + used, size - used, " ...");
            return;
        }
        used += (size_t)snprintf(out + used, size - used, "%s", run);
        i = last;
    }
}

void os_view_pte_line(const struct os_snapshot *s, const struct os_snapshot_pte *e, char *out, size_t size)
{
    const char *indent = e->level == 1 ? "" : "    ";
    uint32_t ppn = e->pte >> 10;
    switch (e->state) {
    case OS_PAGE_KERNEL_GLOBAL: {
        char runs[64];
        kernel_global_runs(s, runs, sizeof runs, 40);
        snprintf(out, size, "%s  kernel: %u global 4 MiB page%s, in every process%s", runs, e->count,
                 e->count == 1 ? "" : "s", e->in_tlb ? "  in TLB" : "");
        return;
    }
    case OS_PAGE_TABLE_POINTER:
        snprintf(out, size, "[%03x] 0x%08x  -> second-level table at 0x%08x", e->index, e->vaddr, ppn << 12);
        return;
    case OS_PAGE_UNTOUCHED:
        snprintf(out, size, "%s[%03x] 0x%08x  %u page%s not yet touched (zero)", indent, e->index, e->vaddr,
                 e->count, e->count == 1 ? "" : "s");
        return;
    default: break;
    }
    char flags[9], state[40];
    view_flag_letters((uint8_t)e->pte, flags);
    switch (e->state) {
    case OS_PAGE_MEGAPAGE: snprintf(state, sizeof state, "4 MiB page"); break;
    case OS_PAGE_RESIDENT: snprintf(state, sizeof state, "resident"); break;
    case OS_PAGE_COPY_ON_WRITE:
        /* The kernel's count: 1 once every other sharer has its own copy (the next write
         * takes the frame back without copying). */
        if (e->sharers > 1)
            snprintf(state, sizeof state, "copy-on-write, shared by %u", e->sharers);
        else if (e->sharers == 1)
            snprintf(state, sizeof state, "copy-on-write, no longer shared");
        else
            snprintf(state, sizeof state, "copy-on-write");
        break;
    case OS_PAGE_SWAPPED: snprintf(state, sizeof state, "swapped"); break;
    default: snprintf(state, sizeof state, "not resident"); break;
    }
    /* A swapped entry holds the swap slot where a frame number would be. */
    int n = snprintf(out, size, "%s[%03x] 0x%08x  %s 0x%05x  %s  rsw %u  %-12s%s", indent, e->index, e->vaddr,
                     e->state == OS_PAGE_SWAPPED ? "slot" : "ppn ", ppn, flags, (e->pte >> 8) & 3, state,
                     e->in_tlb ? "  in TLB" : "");
    for (size_t end = n > 0 && (size_t)n < size ? (size_t)n : 0; end > 0 && out[end - 1] == ' '; end--)
        out[end - 1] = '\0';
}

static void draw_page_table(const struct os_snapshot *s, unsigned scroll, struct canvas *c)
{
    struct box b = page_table_panel;
    int x = view_panel(c, b, "PAGE TABLE");
    if (!s->selected_pid) {
        view_text(c, x + 12, b.y + 7, COLOR_DIM, "no process selected");
        return;
    }
    view_text(c, x + 12, b.y + 7, COLOR_TEXT, "pid %u (%s)", s->selected_pid, s->selected_name);
    view_text_right(c, b.x + b.w - 10, b.y + 7, COLOR_DIM, "PgUp/PgDn: scroll");
    int y = b.y + 28;
    if (!(s->selected_satp & SATP_MODE_SV32)) {
        view_text(c, b.x + 10, y, COLOR_DIM, "no Sv32 address space (satp 0x%08x)", s->selected_satp);
        return;
    }
    uint32_t root = (s->selected_satp & SATP_PPN_MASK) << 12;
    view_text(c, b.x + 10, y, COLOR_DIM, "satp 0x%08x: ASID %u, root table at 0x%08x%s", s->selected_satp,
              (s->selected_satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK, root,
              s->table_readable ? "" : " (not in RAM)");
    y += LINE;
    view_text(c, b.x + 10, y, COLOR_DIM, "pages: %u resident (%u copy-on-write), %u swapped, %u untouched, %u in TLB%s",
              s->resident_pages, s->shared_pages, s->swapped_pages, s->untouched_pages, s->in_tlb_pages,
              s->ptes_truncated ? " (first entries only)" : "");
    y += LINE + 4;
    view_text(c, b.x + 10, y, COLOR_DIM, "[VPN] vaddr       frame         DAGUXWRV  RSW  state");
    y += LINE;
    unsigned max_scroll = s->pte_count > OS_VIEW_PAGE_TABLE_LINES ? s->pte_count - OS_VIEW_PAGE_TABLE_LINES : 0;
    if (scroll > max_scroll)
        scroll = max_scroll;
    for (unsigned i = scroll; i < s->pte_count && i < scroll + OS_VIEW_PAGE_TABLE_LINES; i++) {
        const struct os_snapshot_pte *e = &s->ptes[i];
        char line[160];
        os_view_pte_line(s, e, line, sizeof line);
        if (e->in_tlb)
            canvas_fill(c, b.x + 4, y - 2, b.w - 8, LINE, canvas_mix(COLOR_PANEL, COLOR_GREEN, 45));
        uint32_t color = e->state == OS_PAGE_KERNEL_GLOBAL      ? COLOR_DIM
                         : e->level == 1                        ? COLOR_HEADING
                         : e->state == OS_PAGE_UNTOUCHED        ? COLOR_DIM
                         : e->state == OS_PAGE_COPY_ON_WRITE    ? COLOR_YELLOW
                         : (e->pte & PTE_V)                     ? COLOR_TEXT
                                                                : COLOR_ORANGE;
        canvas_text_n(c, b.x + 10, y, line, (b.w - 20) / CELL, color, 1);
        y += LINE;
    }
    if (s->pte_count > OS_VIEW_PAGE_TABLE_LINES) {
        char more[64];
        snprintf(more, sizeof more, "lines %u-%u of %u", scroll + 1,
                 scroll + OS_VIEW_PAGE_TABLE_LINES < s->pte_count ? scroll + OS_VIEW_PAGE_TABLE_LINES : s->pte_count,
                 s->pte_count);
        view_text_right(c, b.x + b.w - 10, b.y + b.h - 14, COLOR_DIM, more);
    }
}

/* --- the scheduling timeline ------------------------------------------------------------- */

#define SCHED_ROWS 10

static double milliseconds(uint64_t cycles)
{
    return (double)cycles / 100000.0; /* the hart runs at 100 MHz */
}

static void draw_sched(const struct os_snapshot *s, struct canvas *c)
{
    struct box b = sched_panel;
    int x = view_panel(c, b, "SCHEDULING");
    view_text(c, x + 12, b.y + 7, COLOR_DIM, "who ran when, on guest time");
    int lx = b.x + b.w - 10;
    static const struct {
        const char *label;
        uint32_t color;
    } legends[] = {{"page fault", COLOR_RED}, {"system call", COLOR_YELLOW}, {"interrupt", COLOR_BLUE}};
    for (unsigned i = 0; i < 3; i++) {
        lx -= canvas_text_width(legends[i].label, 1);
        canvas_text(c, lx, b.y + 7, legends[i].label, COLOR_DIM, 1);
        canvas_fill(c, lx - 7, b.y + 6, 2, 9, legends[i].color);
        lx -= 20;
    }
    if (!s->slice_count) {
        view_text(c, b.x + 10, b.y + 40, COLOR_FAINT, "no context switches reported yet");
        return;
    }
    /* The rows: the pids in the slices, in order of first appearance, idle (pid 0) last. */
    uint32_t pids[SCHED_ROWS];
    unsigned rows = 0;
    for (unsigned i = 0; i < s->slice_count && rows < SCHED_ROWS - 1; i++) {
        uint32_t pid = s->slices[i].pid;
        bool known = pid == 0;
        for (unsigned r = 0; r < rows; r++)
            known |= pids[r] == pid;
        if (!known)
            pids[rows++] = pid;
    }
    pids[rows++] = 0;
    const int label_w = 130, px = b.x + 10 + label_w, pw = b.w - 20 - label_w, top = b.y + 30;
    const int row_h = (b.h - 30 - 26) / SCHED_ROWS;
    uint64_t t0 = s->slices[0].start, t1 = s->now_cycles > t0 ? s->now_cycles : t0 + 1;
    for (unsigned r = 0; r < rows; r++) {
        int y = top + (int)r * row_h;
        /* The name it ran under last; a process that is gone keeps it. */
        const char *name = "?";
        for (unsigned i = 0; i < s->slice_count; i++)
            if (s->slices[i].pid == pids[r])
                name = s->slices[i].name;
        for (unsigned i = 0; i < s->process_count; i++)
            if (s->processes[i].pid == pids[r])
                name = s->processes[i].name;
        char label[40];
        if (pids[r])
            snprintf(label, sizeof label, "%u %s", pids[r], name);
        else
            snprintf(label, sizeof label, "kernel idle");
        canvas_text_n(c, b.x + 10, y + 3, label, 20, pids[r] ? COLOR_TEXT : COLOR_DIM, 1);
        canvas_dotted_hline(c, px, y + row_h - 1, pw, COLOR_FAINT);
    }
    for (unsigned i = 0; i < s->slice_count; i++) {
        const struct os_slice *sl = &s->slices[i];
        unsigned r = 0;
        while (r < rows - 1 && pids[r] != sl->pid)
            r++;
        if (sl->pid != pids[r] && sl->pid != 0)
            continue; /* a process beyond the rows shown */
        uint64_t end = sl->end ? sl->end : t1;
        int xa = px + (int)((double)(sl->start - t0) * pw / (double)(t1 - t0));
        int xb = px + (int)((double)(end - t0) * pw / (double)(t1 - t0));
        if (xb <= xa)
            xb = xa + 1;
        int y = top + (int)r * row_h;
        canvas_fill(c, xa, y + 6, xb - xa, row_h - 9, color_of(sl->pid));
    }
    for (unsigned i = 0; i < s->tick_count; i++) {
        const struct os_tick *t = &s->ticks[i];
        if (t->at < t0)
            continue;
        unsigned r = 0;
        while (r < rows - 1 && pids[r] != t->pid)
            r++;
        static const uint32_t tick_colors[] = {COLOR_BLUE, COLOR_YELLOW, COLOR_RED};
        int tx = px + (int)((double)(t->at - t0) * pw / (double)(t1 - t0));
        int y = top + (int)r * row_h;
        canvas_fill(c, tx, y + 1, 1, 5, tick_colors[t->kind % OS_TICK_KINDS]);
    }
    int axis_y = top + SCHED_ROWS * row_h + 2;
    canvas_fill(c, px, axis_y, pw, 1, COLOR_DIM);
    char label[48];
    snprintf(label, sizeof label, "%.3f ms", milliseconds(t0));
    canvas_text(c, px, axis_y + 5, label, COLOR_DIM, 1);
    snprintf(label, sizeof label, "now: %.3f ms of guest time", milliseconds(t1));
    view_text_right(c, px + pw, axis_y + 5, COLOR_DIM, label);
}

/* --- the system-call log ----------------------------------------------------------------- */

static void argument(char *out, size_t size, uint32_t value)
{
    if (value < 100000 || ((int32_t)value > -1000 && (int32_t)value < 0))
        snprintf(out, size, "%" PRId32, (int32_t)value);
    else
        snprintf(out, size, "0x%x", value);
}

/* The call with as many arguments as it takes (abi/syscalls.h): a one-argument call must
 * not show the leftover a1, a2 of the caller. A call with more than are reported ends in
 * "...". */
void os_view_call_line(const struct os_call *call, char *out, size_t size)
{
    unsigned count = observe_syscall_argument_count(call->number);
    unsigned shown = count < OBSERVE_SYSCALL_REPORTED_ARGS ? count : OBSERVE_SYSCALL_REPORTED_ARGS;
    char arguments[OBSERVE_SYSCALL_REPORTED_ARGS * 18 + 8] = "", result[24];
    size_t used = 0;
    for (unsigned i = 0; i < shown; i++) {
        char a[16];
        argument(a, sizeof a, call->args[i]);
        used += (size_t)snprintf(arguments + used, sizeof arguments - used, "%s%s", i ? ", " : "", a);
    }
    if (count > shown)
        snprintf(arguments + used, sizeof arguments - used, ", ...");
    if (call->returned)
        snprintf(result, sizeof result, "= %" PRId32, call->result);
    else
        snprintf(result, sizeof result, "...");
    snprintf(out, size, "%10.3f ms  %5u  %s(%s) %s", milliseconds(call->at), call->pid,
             observe_syscall_name(call->number), arguments, result);
}

static void draw_calls(const struct os_snapshot *s, struct canvas *c)
{
    struct box b = calls_panel;
    int x = view_panel(c, b, "SYSTEM CALLS");
    view_text(c, x + 12, b.y + 7, COLOR_DIM, "the latest, newest last: time, pid, call(arguments) = result");
    int lines = (b.h - 30) / LINE;
    unsigned first = s->call_count > (unsigned)lines ? s->call_count - (unsigned)lines : 0;
    if (!s->call_count)
        view_text(c, b.x + 10, b.y + 30, COLOR_FAINT, "none reported yet");
    for (unsigned i = first; i < s->call_count; i++) {
        const struct os_call *call = &s->calls[i];
        char line[160];
        os_view_call_line(call, line, sizeof line);
        int y = b.y + 28 + (int)(i - first) * LINE;
        canvas_fill(c, b.x + 4, y, 3, 9, color_of(call->pid));
        uint32_t color = !call->returned ? COLOR_YELLOW : call->result < 0 ? COLOR_RED : COLOR_TEXT;
        canvas_text_n(c, b.x + 10, y, line, (b.w - 20) / CELL, color, 1);
    }
}

/* --- slow motion ------------------------------------------------------------------------- */

static void draw_slow_motion(const struct os_snapshot *s, struct canvas *c)
{
    struct box b = slow_panel;
    int x = view_panel(c, b, "SLOW MOTION");
    char speed[48], n[32];
    if (s->speed)
        snprintf(speed, sizeof speed, "%s instructions per second", view_grouped(n, sizeof n, s->speed));
    else
        snprintf(speed, sizeof speed, "full speed");
    view_text(c, x + 12, b.y + 7, COLOR_TEXT, "%s", speed);
    if (s->seeking) {
        view_text_right(c, b.x + b.w - 10, b.y + 7, COLOR_YELLOW, "running to the next event...");
    } else if (s->stopped_after_event) {
        char where[80], line[96];
        os_view_stopped_after(s, where, sizeof where);
        snprintf(line, sizeof line, "stopped %s", where);
        /* The longest (an interrupt's name beside the highest speed) drops "stopped". */
        int room = b.x + b.w - 10 - (x + 12 + canvas_text_width(speed, 1) + 18);
        view_text_right(c, b.x + b.w - 10, b.y + 7, COLOR_YELLOW, canvas_text_width(line, 1) <= room ? line : where);
    }
    int kx = b.x + 10, y = b.y + 32;
    kx = view_key_hint(c, kx, y, "F3", "slower");
    kx = view_key_hint(c, kx, y, "F4", "faster");
    char action[48];
    snprintf(action, sizeof action, "run to next %s", os_view_step_target_name(s->step_target));
    kx = view_key_hint(c, kx, y, "F7", action);
    view_key_hint(c, kx, y, "F8", "next kind");
    y += 22;
    kx = b.x + 10;
    kx = view_key_hint(c, kx, y, "F5", "pause/resume");
    kx = view_key_hint(c, kx, y, "F6", "one instruction");
    view_key_hint(c, kx, y, "F1", "machine page");
}

void os_view_draw(const struct snapshot *s, unsigned page_table_scroll, struct canvas *c)
{
    const struct os_snapshot *os = &s->os;
    draw_processes(os, c);
    draw_page_table(os, page_table_scroll, c);
    draw_sched(os, c);
    draw_calls(os, c);
    view_draw_hit_rate(c, rate_panel, os);
    draw_slow_motion(os, c);
}
