/* The window's OS page from snapshots, without SDL: the process pane shows the states the
 * guest kernel reported; the page-table pane lists the PTEs of a page table with a known
 * layout (root entries, leaves, a megapage; pages resident, swapped, shared copy-on-write
 * with the kernel's count, not yet touched) and marks the one in the TLB, with the kernel's
 * global 4 MiB pages on one line; the scheduling timeline has the slices the context
 * switches make; the system-call log pairs calls with their results and shows each call's
 * own arguments; the memory line shows free frames and swap; the hit rate is kept on guest
 * time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/csr.h"
#include "fake_kernel.h"
#include "machine/machine.h"
#include "machine_map.h"
#include "mmu/mmu.h"
#include "os/abi/pte_software.h"
#include "riscv_spec.h"
#include "ui/canvas.h"
#include "ui/os_history.h"
#include "ui/os_snapshot.h"
#include "ui/os_view.h"
#include "ui/snapshot.h"
#include "ui/view.h"
#include "ui/view_parts.h"

struct fixture {
    struct machine machine;
    struct os_history history;
    struct os_snapshot snapshot;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct machine_config config = {.ram_size = 4u << 20, .tlb = tlb_default_config()};
    char err[256];
    if (!f || !machine_init(&f->machine, &config, err, sizeof err) ||
        !os_history_init(&f->history, &f->machine.observe))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    os_history_destroy(&f->history);
    machine_destroy(&f->machine);
    free(f);
    return 0;
}

static void report(struct machine *m, uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS], const char *name)
{
    fake_kernel_report(&m->annotation, kind, args, name);
}

static void process(struct machine *m, uint32_t pid, uint32_t state, uint32_t satp, const char *name)
{
    report(m, ANNOTATION_EVENT_PROCESS, (uint32_t[ANNOTATION_EVENT_ARGS]){pid, pid, 1, 1000, state, satp, 0}, name);
}

static void switch_to(struct machine *m, uint64_t at_step, uint32_t pid, const char *name)
{
    m->hart.steps = at_step;
    fake_kernel_switch_to(&m->annotation, pid, pid, pid, name);
}

static const struct os_snapshot_process *row_of(const struct os_snapshot *s, uint32_t pid)
{
    for (unsigned i = 0; i < s->process_count; i++)
        if (s->processes[i].pid == pid)
            return &s->processes[i];
    return NULL;
}

static void process_pane_shows_the_reported_states(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    process(m, 2, ANNOTATION_PROC_RUNNABLE, 0, "sh");
    process(m, 3, ANNOTATION_PROC_RUNNING, 0, "cat");
    process(m, 2, ANNOTATION_PROC_BLOCKED, 0, "sh");
    process(m, 4, ANNOTATION_PROC_ZOMBIE, 0, "wc");
    process(m, 5, ANNOTATION_PROC_STOPPED, 0, "spin");
    process(m, 6, ANNOTATION_PROC_RUNNABLE, 0, "gone");
    process(m, 6, ANNOTATION_PROC_GONE, 0, "gone");
    switch_to(m, 1000, 3, "cat");
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 0);
    const struct os_snapshot *s = &f->snapshot;
    assert_int_equal(s->process_count, 4);
    assert_null(row_of(s, 6));
    char line[160];
    os_view_process_line(s, row_of(s, 2), line, sizeof line);
    assert_non_null(strstr(line, "    2 sh               BLOCKED   1000"));
    os_view_process_line(s, row_of(s, 3), line, sizeof line);
    assert_non_null(strstr(line, "    3 cat              RUNNING"));
    os_view_process_line(s, row_of(s, 4), line, sizeof line);
    assert_non_null(strstr(line, "ZOMBIE"));
    os_view_process_line(s, row_of(s, 5), line, sizeof line);
    assert_non_null(strstr(line, "STOPPED"));
    /* Nothing asked for: the page-table pane shows the process that runs. */
    assert_int_equal(s->selected_pid, 3);
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 2);
    assert_int_equal(s->selected_pid, 2);
}

/* The page-table pane's lines are `want`, no more and no fewer. */
static void assert_pte_lines(const struct os_snapshot *s, const char *const want[], unsigned count)
{
    assert_int_equal(s->pte_count, count);
    for (unsigned i = 0; i < count; i++) {
        char line[160];
        os_view_pte_line(s, &s->ptes[i], line, sizeof line);
        assert_string_equal(line, want[i]);
    }
}

/* A page table with a known layout, ASID 5:
 *   root[1]   -> second-level table
 *     [0]  0x00400000 -> frame 0x80200, U X R, accessed: resident (and in the TLB)
 *     [1]  0x00401000 -> valid clear, SWAPPED, slot 0x1234: swapped
 *     [2]  0x00402000 -> frame 0x80201, U W R, accessed and dirty: resident
 *     [3]  0x00403000 -> frame 0x80203, U R, COW: shared copy-on-write, the kernel's count 2
 *     [4]  zero: not yet touched
 *     [5]  0x00405000 -> valid clear, other bits kept by the kernel: not resident
 *     [6]  0x00406000 -> frame 0x80204, U R, COW, the kernel's count 1: no longer shared
 *     [7..1023] zero: not yet touched
 *   root[0x300] 0xc0000000: a 4 MiB page, R W X, global: the kernel's line */
static void page_table_pane_lists_the_ptes_of_a_known_layout(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    uint32_t root = VMSIM_RAM_BASE + 0x10000, table = VMSIM_RAM_BASE + 0x11000;
    uint32_t records = VMSIM_RAM_BASE + 0x12000, first_frame = 0x80200000u;
    uint32_t *root_words = (uint32_t *)bus_ram_pointer(&m->bus, root);
    uint32_t *table_words = (uint32_t *)bus_ram_pointer(&m->bus, table);
    uint8_t *record_bytes = bus_ram_pointer(&m->bus, records);
    root_words[1] = (table >> 12) << 10 | PTE_V;
    root_words[0x300] = (0x80400u << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;
    table_words[0] = (0x80200u << 10) | PTE_V | PTE_R | PTE_X | PTE_U | PTE_A;
    table_words[1] = (0x1234u << 10) | PTE_SWAPPED | PTE_W | PTE_R;
    table_words[2] = (0x80201u << 10) | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
    table_words[3] = (0x80203u << 10) | PTE_V | PTE_R | PTE_U | PTE_A | PTE_COW;
    table_words[5] = 0x4;
    table_words[6] = (0x80204u << 10) | PTE_V | PTE_R | PTE_U | PTE_A | PTE_COW;
    /* The kernel's frame records: 10 bytes each, the 16-bit count at byte 3, so that
     * counts straddle words and their neighbours' bytes sit beside them. */
    memset(record_bytes, 0xee, 200 * 10);
    record_bytes[2 * 10 + 3] = 0x07; /* frame 0x80202: 0x0107 */
    record_bytes[2 * 10 + 4] = 0x01;
    record_bytes[3 * 10 + 3] = 2; /* frame 0x80203: two address spaces map it */
    record_bytes[3 * 10 + 4] = 0;
    record_bytes[4 * 10 + 3] = 1; /* frame 0x80204: the others have their copies */
    record_bytes[4 * 10 + 4] = 0;
    report(m, ANNOTATION_EVENT_FRAME_TABLE, (uint32_t[ANNOTATION_EVENT_ARGS]){records, 10, 3, 2, first_frame, 200},
           NULL);
    uint32_t satp = SATP_MODE_SV32 | 5u << SATP_ASID_SHIFT | root >> 12;
    process(m, 7, ANNOTATION_PROC_RUNNABLE, satp, "layout");
    struct tlb_entry entry = {.vpn = 0x00400, .ppn = 0x80200, .asid = 5, .flags = (uint8_t)table_words[0]};
    assert_non_null(tlb_fill(&m->hart.mmu->tlb, TLB_FETCH, &entry, NULL));
    assert_int_equal(observe_frame_references(&m->observe, 0x80203000), 2);
    assert_int_equal(observe_frame_references(&m->observe, 0x80202000), 0x107);
    assert_int_equal(observe_frame_references(&m->observe, 0x80200000 + 200 * 4096), 0); /* not counted */
    assert_int_equal(observe_frame_references(&m->observe, 0x801ff000), 0);

    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 7);
    const struct os_snapshot *s = &f->snapshot;
    assert_int_equal(s->selected_pid, 7);
    assert_true(s->table_readable);
    const char *want[] = {
        "[001] 0x00400000  -> second-level table at 0x80011000",
        "    [000] 0x00400000  ppn  0x80200  .A.UX.RV  rsw 0  resident      in TLB",
        "    [001] 0x00401000  slot 0x01234  .....WR.  rsw 2  swapped",
        "    [002] 0x00402000  ppn  0x80201  DA.U.WRV  rsw 0  resident",
        "    [003] 0x00403000  ppn  0x80203  .A.U..RV  rsw 1  copy-on-write, shared by 2",
        "    [004] 0x00404000  1 page not yet touched (zero)",
        "    [005] 0x00405000  ppn  0x00000  .....W..  rsw 0  not resident",
        "    [006] 0x00406000  ppn  0x80204  .A.U..RV  rsw 1  copy-on-write, no longer shared",
        "    [007] 0x00407000  1017 pages not yet touched (zero)",
        "[300]  kernel: 1 global 4 MiB page, in every process",
    };
    assert_pte_lines(s, want, sizeof want / sizeof want[0]);
    assert_int_equal(s->resident_pages, 5);
    assert_int_equal(s->shared_pages, 2);
    assert_int_equal(s->swapped_pages, 1);
    assert_int_equal(s->other_pages, 1);
    assert_int_equal(s->untouched_pages, 1018);
    assert_int_equal(s->in_tlb_pages, 1);
    /* Taking the snapshot read the table and wrote nothing: A and D stay as they were. */
    assert_int_equal(table_words[0], (0x80200u << 10) | PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
}

/* The kernel maps devices and RAM with global 4 MiB pages, the same in every process: one
 * line stands for them all, where the first one is, so that the process's own entries are
 * what the pane lists. A 4 MiB page without G is the process's and keeps its line. */
static void kernel_global_pages_are_one_line(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    uint32_t root = VMSIM_RAM_BASE + 0x10000, table = VMSIM_RAM_BASE + 0x11000;
    uint32_t *root_words = (uint32_t *)bus_ram_pointer(&m->bus, root);
    uint32_t *table_words = (uint32_t *)bus_ram_pointer(&m->bus, table);
    const uint32_t kernel = PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D;
    root_words[0x000] = kernel;
    root_words[0x001] = (table >> 12) << 10 | PTE_V;
    root_words[0x002] = (0x80800u << 10) | PTE_V | PTE_R | PTE_U | PTE_A; /* the process's own */
    root_words[0x030] = (0x0c000u << 10) | kernel;
    root_words[0x031] = (0x0c400u << 10) | kernel;
    for (uint32_t i = 0x200; i < 0x228; i++)
        root_words[i] = ((0x80000u + (i - 0x200) * 0x400) << 10) | kernel | PTE_X;
    table_words[0] = (0x80200u << 10) | PTE_V | PTE_R | PTE_X | PTE_U | PTE_A;
    uint32_t satp = SATP_MODE_SV32 | 5u << SATP_ASID_SHIFT | root >> 12;
    process(m, 7, ANNOTATION_PROC_RUNNABLE, satp, "layout");
    struct tlb_entry entry = {.vpn = 0x80400, .ppn = 0x80400, .asid = 5, .flags = (uint8_t)(kernel | PTE_X),
                              .megapage = true};
    assert_non_null(tlb_fill(&m->hart.mmu->tlb, TLB_LOAD, &entry, NULL));

    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 7);
    const struct os_snapshot *s = &f->snapshot;
    const char *want[] = {
        "[000] [030]-[031] [200]-[227]  kernel: 43 global 4 MiB pages, in every process  in TLB",
        "[001] 0x00400000  -> second-level table at 0x80011000",
        "    [000] 0x00400000  ppn  0x80200  .A.UX.RV  rsw 0  resident",
        "    [001] 0x00401000  1023 pages not yet touched (zero)",
        "[002] 0x00800000  ppn  0x80800  .A.U..RV  rsw 0  4 MiB page",
    };
    assert_pte_lines(s, want, sizeof want / sizeof want[0]);
    assert_true(s->ptes[0].in_tlb);
    assert_false(s->ptes[4].in_tlb);

    /* Runs that would not fit end in "...": the count still says how many. */
    for (uint32_t i = 0x100; i < 0x140; i += 2)
        root_words[i] = ((0x80000u + i) << 10) | kernel;
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 7);
    char line[160];
    os_view_pte_line(s, &s->ptes[0], line, sizeof line);
    assert_non_null(strstr(line, "[000] [030]-[031] [100] [102] [104] ... "));
    assert_non_null(strstr(line, "kernel: 75 global 4 MiB pages, in every process"));
    assert_true(strlen(line) <= (620 - 20) / 6);
}

/* The layout comes from the guest: one that makes no sense, or points outside RAM, gives
 * no counts (and reads nothing) instead of wrong ones. */
static void a_frame_table_that_makes_no_sense_gives_no_counts(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    uint32_t records = VMSIM_RAM_BASE + 0x12000, frame = 0x80200000u;
    *(uint32_t *)bus_ram_pointer(&m->bus, records) = 3;
    const uint32_t layouts[][ANNOTATION_EVENT_ARGS] = {
        {records, 4, 0, 3, frame, 10},          /* a 3-byte count */
        {records, 4, 2, 4, frame, 10},          /* the count runs past its record */
        {records, 4, 0, 4, frame + 1, 10},      /* the first frame is not page-aligned */
        {0xfffffffeu, 4, 0, 4, frame, 10},      /* the count runs past the address space */
        {records, 4, 0, 4, frame, 0},           /* no records */
    };
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        report(m, ANNOTATION_EVENT_FRAME_TABLE, layouts[i], NULL);
        assert_int_equal(observe_frame_references(&m->observe, frame), 0);
    }
    report(m, ANNOTATION_EVENT_FRAME_TABLE, (uint32_t[ANNOTATION_EVENT_ARGS]){records, 4, 0, 4, frame, 10}, NULL);
    assert_int_equal(observe_frame_references(&m->observe, frame), 3);
    assert_int_equal(observe_frame_references(&m->observe, frame + 100), 0); /* not a frame's address */
}

static void timeline_has_the_slices_of_the_switches(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    switch_to(m, 100, 2, "sh");
    switch_to(m, 500, 3, "cat");
    switch_to(m, 900, 0, "idle");
    m->hart.idle = 50; /* wfi skipped 50 cycles */
    switch_to(m, 1000, 2, "sh");
    m->hart.steps = 1200;
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 0);
    const struct os_snapshot *s = &f->snapshot;
    assert_int_equal(s->slice_count, 4);
    const struct os_slice want[] = {
        {2, 2, 100, 500, "sh"}, {3, 3, 500, 900, "cat"}, {0, 0, 900, 1050, "idle"}, {2, 2, 1050, 0, "sh"}};
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(s->slices[i].pid, want[i].pid);
        assert_string_equal(s->slices[i].name, want[i].name); /* kept after the process is gone */
        assert_int_equal(s->slices[i].start, want[i].start);
        assert_int_equal(s->slices[i].end, want[i].end);
    }
    assert_int_equal(s->now_cycles, 1250);
}

static void system_call_log_pairs_calls_with_results(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 15, 1, 0x0bfffe80, 17, 0x4000c0},
           NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){3, 3, 16, 0, 0x0bfff000, 64, 0x4000d0},
           NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_EXIT, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 15, 17}, NULL);
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 0);
    const struct os_snapshot *s = &f->snapshot;
    assert_int_equal(s->call_count, 2);
    char line[160];
    os_view_call_line(&s->calls[0], line, sizeof line);
    assert_non_null(strstr(line, "    2  write(1, 0xbfffe80, 17) = 17"));
    os_view_call_line(&s->calls[1], line, sizeof line);
    assert_non_null(strstr(line, "    3  read(0, 0xbfff000, 64) ..."));
}

/* a1 and a2 still hold the caller's values; a call that takes fewer must not show them. */
static void system_call_log_shows_each_calls_own_arguments(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    const uint32_t leftover = 0x0bfffe80;
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 27, 3, leftover, 17, 0x4000c0},
           NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_EXIT, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 27, 0}, NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 5, 3, leftover, 17, 0x4000d0},
           NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_EXIT, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 5, 2}, NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){2, 2, 33, 0x400800, 0755, 17, 0x4000e0},
           NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){3, 3, 58, 0, 8192, 3, 0x4000f0}, NULL);
    report(m, ANNOTATION_EVENT_SYSCALL_ENTER, (uint32_t[ANNOTATION_EVENT_ARGS]){4, 4, 200, 1, 2, 3, 0x400100}, NULL);
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 0);
    const struct os_snapshot *s = &f->snapshot;
    assert_int_equal(s->call_count, 5);
    const char *const want[] = {
        "    2  close(3) = 0",
        "    2  getpid() = 2",
        "    2  mkdir(0x400800, 493) ...",
        "    3  mmap(0, 8192, 3, ...) ...", /* takes six; three are reported */
        "    4  ?(1, 2, 3) ...",            /* not in the list: all that is reported */
    };
    for (unsigned i = 0; i < 5; i++) {
        char line[160];
        os_view_call_line(&s->calls[i], line, sizeof line);
        if (!strstr(line, want[i]))
            fail_msg("call %u: \"%s\" lacks \"%s\"", i, line, want[i]);
    }
}

static unsigned pixels_of_color_in_memory_line(const struct canvas *c, uint32_t color)
{
    unsigned count = 0;
    for (int y = 38 + 232 - 14; y < 38 + 232 - 4; y++)
        for (int x = 10; x < 630; x++)
            count += (c->pixels[y * VIEW_WIDTH + x] & 0xffffff) == color;
    return count;
}

/* The processes pane's last line carries the latest MEMORY report: free and total frames,
 * swap slots used and total; yellow when less than an eighth of memory is free. */
static void memory_line_shows_free_frames_and_swap(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    static struct snapshot s;
    memset(&s, 0, sizeof s);
    char line[160];
    os_snapshot_take(&s.os, &f->history, &m->observe, 0);
    os_view_memory_line(&s.os, line, sizeof line);
    assert_string_equal(line, "memory: not reported by the kernel yet");

    report(m, ANNOTATION_EVENT_MEMORY, (uint32_t[ANNOTATION_EVENT_ARGS]){1536, 2048, 0, 0, 0, 0}, NULL);
    os_snapshot_take(&s.os, &f->history, &m->observe, 0);
    os_view_memory_line(&s.os, line, sizeof line);
    assert_string_equal(line, "memory: 1536 of 2048 frames free   swap: none");
    struct canvas c;
    assert_true(canvas_init(&c, VIEW_WIDTH, VIEW_HEIGHT));
    canvas_fill(&c, 0, 0, VIEW_WIDTH, VIEW_HEIGHT, 0);
    os_view_draw(&s, 0, &c);
    assert_true(pixels_of_color_in_memory_line(&c, COLOR_TEXT) > 100);
    assert_int_equal(pixels_of_color_in_memory_line(&c, COLOR_YELLOW), 0);

    report(m, ANNOTATION_EVENT_MEMORY, (uint32_t[ANNOTATION_EVENT_ARGS]){100, 2048, 40, 4096, 50, 10}, NULL);
    os_snapshot_take(&s.os, &f->history, &m->observe, 0);
    os_view_memory_line(&s.os, line, sizeof line);
    assert_string_equal(line, "memory: 100 of 2048 frames free   swap: 40 of 4096 slots used; 50 pages out, 10 in");
    os_view_draw(&s, 0, &c);
    assert_true(pixels_of_color_in_memory_line(&c, COLOR_YELLOW) > 100);
    /* 256 MiB of frames, 256 MiB of swap and millions of pages through it still fit the
     * pane's 100 characters (more is clipped at its edge). */
    report(m, ANNOTATION_EVENT_MEMORY, (uint32_t[ANNOTATION_EVENT_ARGS]){65536, 65536, 65536, 65536, 9999999, 9999999},
           NULL);
    os_snapshot_take(&s.os, &f->history, &m->observe, 0);
    os_view_memory_line(&s.os, line, sizeof line);
    assert_true(strlen(line) <= (620 - 20) / 6);
    canvas_destroy(&c);
}

static void hit_rate_points_are_on_guest_time(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    struct tlb_stats *stats = &m->hart.mmu->tlb.stats;
    /* 10,000 instructions with 3 hits and a miss, then 10,000 without lookups. */
    m->hart.steps = 10000;
    stats->total.hits[TLB_LOAD] = 3;
    stats->total.misses[TLB_LOAD] = 1;
    observe_batch_end(&m->observe);
    m->hart.steps = 20000;
    observe_batch_end(&m->observe);
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 0);
    const struct os_snapshot *s = &f->snapshot;
    assert_int_equal(s->rate_width, 10000);
    assert_int_equal(s->rate_count, 2);
    assert_int_equal(s->rate[0].hits, 3);
    assert_int_equal(s->rate[0].data_misses, 1);
    assert_int_equal(s->rate[1].hits + s->rate[1].misses, 0);
    /* A long run still fits: the points merge and widen. */
    m->hart.steps = 20000 + 10000ull * OS_HISTORY_RATE_POINTS;
    observe_batch_end(&m->observe);
    os_snapshot_take(&f->snapshot, &f->history, &m->observe, 0);
    assert_true(s->rate_count <= OS_HISTORY_RATE_POINTS);
    assert_true(s->rate_count * s->rate_width >= 10000ull * (OS_HISTORY_RATE_POINTS + 1));
    assert_int_equal(s->rate[0].hits, 3);
}

/* Where run-to-next stopped, in the slow-motion pane's words and the window's title. */
static void slow_motion_says_where_it_stopped(void **state)
{
    (void)state;
    static struct snapshot s;
    memset(&s, 0, sizeof s);
    s.run_state = SNAPSHOT_PAUSED;
    s.instret = 1234567;
    s.pc = 0x80001234;
    s.os.step_target = OS_STEP_SYSCALL;
    s.os.stopped_after_event = true;
    s.os.stopped_kind = OS_STEP_SYSCALL;
    s.os.stopped_event = (struct os_step_event){.pid = 3, .detail = 15};
    char line[200];
    view_status(&s, line, sizeof line);
    assert_string_equal(line, "PAUSED after system call write, pid 3, at instruction 1,234,567 (pc 0x80001234); "
                              "full speed; F7: next system call");
    const struct {
        enum os_step_target kind;
        struct os_step_event event;
        const char *said;
    } stops[] = {
        {OS_STEP_TRAP, {.pid = 2, .detail = CAUSE_SUPERVISOR_TIMER}, "after trap: supervisor timer interrupt, pid 2"},
        {OS_STEP_SWITCH, {.pid = 4, .detail = 4}, "after context switch to pid 4"},
        {OS_STEP_PAGE_FAULT, {.pid = 2, .detail = 0x0040a000}, "after page fault at 0x0040a000, pid 2"},
    };
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        s.os.stopped_kind = stops[i].kind;
        s.os.stopped_event = stops[i].event;
        os_view_stopped_after(&s.os, line, sizeof line);
        assert_string_equal(line, stops[i].said);
    }
    s.os.stopped_after_event = false;
    view_status(&s, line, sizeof line);
    assert_string_equal(line, "PAUSED at instruction 1,234,567 (pc 0x80001234); full speed; F7: next system call");
    s.run_state = SNAPSHOT_RUNNING;
    s.os.speed = 1000;
    s.os.seeking = true;
    s.os.stopped_kind = OS_STEP_PAGE_FAULT; /* the kind it runs to */
    view_status(&s, line, sizeof line);
    assert_string_equal(line, "RUNNING to the next page fault; 1,000 instructions per second");
}

static void the_os_page_draws_the_slices_in_the_processes_colours(void **state)
{
    struct fixture *f = *state;
    struct machine *m = &f->machine;
    process(m, 2, ANNOTATION_PROC_RUNNING, 0, "sh");
    switch_to(m, 0, 2, "sh");
    m->hart.steps = 100000;
    static struct snapshot s;
    memset(&s, 0, sizeof s);
    os_snapshot_take(&s.os, &f->history, &m->observe, 0);
    struct canvas c;
    assert_true(canvas_init(&c, VIEW_WIDTH, VIEW_HEIGHT));
    canvas_fill(&c, 0, 0, VIEW_WIDTH, VIEW_HEIGHT, 0);
    os_view_draw(&s, 0, &c);
    /* pid 2's slice fills its row of the scheduling pane from left to right. */
    unsigned coloured = 0;
    for (int x = 800; x < 1260; x++)
        coloured += (c.pixels[78 * VIEW_WIDTH + x] & 0xffffff) == 0xf0c35au;
    assert_true(coloured > 400);
    assert_int_equal(os_view_process_at(&s.os, 100, 38 + 44 + 3), 2);
    assert_int_equal(os_view_process_at(&s.os, 100, 38 + 44 + 3 + 13), 0);
    canvas_destroy(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(process_pane_shows_the_reported_states, setup, teardown),
        cmocka_unit_test_setup_teardown(page_table_pane_lists_the_ptes_of_a_known_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(kernel_global_pages_are_one_line, setup, teardown),
        cmocka_unit_test_setup_teardown(a_frame_table_that_makes_no_sense_gives_no_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(timeline_has_the_slices_of_the_switches, setup, teardown),
        cmocka_unit_test_setup_teardown(system_call_log_pairs_calls_with_results, setup, teardown),
        cmocka_unit_test_setup_teardown(system_call_log_shows_each_calls_own_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(memory_line_shows_free_frames_and_swap, setup, teardown),
        cmocka_unit_test_setup_teardown(hit_rate_points_are_on_guest_time, setup, teardown),
        cmocka_unit_test(slow_motion_says_where_it_stopped),
        cmocka_unit_test_setup_teardown(the_os_page_draws_the_slices_in_the_processes_colours, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
