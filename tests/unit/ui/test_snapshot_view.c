/* What the window shows comes from snapshots: TLB entries are marked filled or used since
 * the previous snapshot while the TLB is left exactly as it was (a view writes no model
 * state), interrupts are counted by kind beside another attachment that sees them too, the guest's screen is copied when it is
 * on, and the view draws it 1:1 where the window tests look for it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/csr.h"
#include "cpu/trap.h"
#include "machine/machine.h"
#include "machine_map.h"
#include "mmu/mmu.h"
#include "ui/canvas.h"
#include "ui/snapshot.h"
#include "ui/view.h"

struct fixture {
    struct machine machine;
    struct snapshot_source source;
    struct snapshot snapshot;
    unsigned traced;
};

static void count_traps(void *opaque, const struct observe_event *e)
{
    assert_int_equal(e->kind, OBSERVE_TRAP);
    ((struct fixture *)opaque)->traced++;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct machine_config config = {.ram_size = 4u << 20, .tlb = tlb_default_config()};
    char err[256];
    if (!f || !machine_init(&f->machine, &config, err, sizeof err))
        return -1;
    struct observer other = {.name = "test", .kinds = OBSERVE_BIT(OBSERVE_TRAP), .on_event = count_traps,
                             .opaque = f};
    if (!observe_attach(&f->machine.observe, &other) || !snapshot_source_init(&f->source, &f->machine.observe))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    snapshot_source_destroy(&f->source);
    observe_detach(&f->machine.observe, f);
    machine_destroy(&f->machine);
    free(f);
    return 0;
}

static const struct snapshot_tlb_row *row_for(const struct snapshot *s, uint32_t vpn)
{
    for (unsigned i = 0; i < s->tlb_row_count; i++)
        if (s->tlb_rows[i].valid && s->tlb_rows[i].vpn == vpn)
            return &s->tlb_rows[i];
    return NULL;
}

static void tlb_rows_say_filled_then_used_since_the_last_snapshot(void **state)
{
    struct fixture *f = *state;
    struct tlb *tlb = &f->machine.hart.mmu->tlb;
    struct tlb_entry entry = {.vpn = 0x12345, .ppn = 0x80042, .asid = 3, .flags = 0xcf};
    assert_non_null(tlb_fill(tlb, TLB_LOAD, &entry, NULL));

    size_t bytes = tlb->arrays[0].sets * tlb->arrays[0].ways * sizeof(struct tlb_entry);
    struct tlb_entry *before = malloc(bytes);
    assert_non_null(before);
    memcpy(before, tlb->arrays[0].entries, bytes);
    struct tlb_stats *stats_before = malloc(sizeof *stats_before);
    assert_non_null(stats_before);
    *stats_before = tlb->stats;
    uint64_t clock_before = tlb->clock;
    snapshot_take(&f->source, &f->snapshot, 1.0);
    /* The snapshot wrote nothing in the TLB. */
    assert_memory_equal(before, tlb->arrays[0].entries, bytes);
    assert_memory_equal(stats_before, &tlb->stats, sizeof *stats_before);
    assert_int_equal(clock_before, tlb->clock);
    free(before);
    free(stats_before);
    assert_int_equal(f->snapshot.tlb_entries, 32);
    assert_int_equal(f->snapshot.tlb_row_count, 32);
    const struct snapshot_tlb_row *row = row_for(&f->snapshot, 0x12345);
    assert_non_null(row);
    assert_true(row->filled);
    assert_int_equal(row->ppn, 0x80042);
    assert_int_equal(row->asid, 3);
    assert_int_equal(row->flags, 0xcf);

    snapshot_take(&f->source, &f->snapshot, 2.0);
    row = row_for(&f->snapshot, 0x12345);
    assert_false(row->filled);
    assert_false(row->hit);

    assert_non_null(tlb_lookup(tlb, TLB_LOAD, 0x12345678, 3));
    snapshot_take(&f->source, &f->snapshot, 3.0);
    row = row_for(&f->snapshot, 0x12345);
    assert_true(row->hit);
    assert_false(row->filled);
    assert_int_equal(f->snapshot.tlb_hits, 1);
    assert_int_equal(f->snapshot.tlb_misses, 0);
    assert_int_equal(f->snapshot.tlb_data_hits, 1);
}

/* Translated code stamps its hits in the MMU's mirror slot, not in the entry: the row says
 * "hit" all the same, and taking the snapshot folds nothing into the TLB. */
static void a_hit_stamped_by_translated_code_shows_and_the_tlb_stays_as_it_was(void **state)
{
    struct fixture *f = *state;
    struct mmu *mmu = f->machine.hart.mmu;
    struct tlb *tlb = &mmu->tlb;
    struct tlb_entry fresh = {.vpn = 0x12345, .ppn = 0x80042, .asid = 3, .flags = 0xcf};
    struct tlb_entry *entry = tlb_fill(tlb, TLB_LOAD, &fresh, NULL);
    assert_non_null(entry);
    snapshot_take(&f->source, &f->snapshot, 1.0);
    snapshot_take(&f->source, &f->snapshot, 2.0);
    assert_false(row_for(&f->snapshot, 0x12345)->hit);

    /* The slot as the MMU fills it and a block stamps it. */
    struct mmu_fast_entry *slot = &mmu->mirror->fast[TLB_LOAD][0x12345 % MMU_FAST_ENTRIES];
    *slot = (struct mmu_fast_entry){.page = 0x12345000u, .entry = entry, .last_use = ++tlb->clock};
    entry->mirrored |= mmu->mirror->bit;
    uint64_t stamp = entry->last_use;
    snapshot_take(&f->source, &f->snapshot, 3.0);
    assert_true(row_for(&f->snapshot, 0x12345)->hit);
    assert_int_equal(entry->last_use, stamp);
    snapshot_take(&f->source, &f->snapshot, 4.0);
    assert_false(row_for(&f->snapshot, 0x12345)->hit);
}

static void interrupts_are_counted_and_another_attachment_still_sees_them(void **state)
{
    struct fixture *f = *state;
    trap_take(&f->machine.hart, CAUSE_MACHINE_TIMER, 0);
    trap_take(&f->machine.hart, CAUSE_SUPERVISOR_SOFTWARE, 0);
    trap_take(&f->machine.hart, CAUSE_ILLEGAL_INSTRUCTION, 0);
    snapshot_take(&f->source, &f->snapshot, 1.0);
    assert_int_equal(f->snapshot.timer_interrupts, 1);
    assert_int_equal(f->snapshot.software_interrupts, 1);
    assert_int_equal(f->snapshot.exceptions, 1);
    assert_int_equal(f->traced, 3);
}

static void screen_is_copied_and_drawn_one_to_one(void **state)
{
    struct fixture *f = *state;
    snapshot_take(&f->source, &f->snapshot, 1.0);
    assert_false(f->snapshot.screen_on);

    uint32_t address = VMSIM_RAM_BASE + 0x100000;
    uint32_t *pixels = (uint32_t *)bus_ram_pointer(&f->machine.bus, address);
    pixels[0] = 0x00ff8000;
    pixels[FRAMEBUFFER_WIDTH * 479 + 639] = 0xff0080ff; /* bits 31..24 do not show */
    assert_true(framebuffer_ops.write(&f->machine.framebuffer, FRAMEBUFFER_REG_ADDRESS, 4, address));
    snapshot_take(&f->source, &f->snapshot, 2.0);
    assert_true(f->snapshot.screen_on);
    assert_int_equal(f->snapshot.fb_address, address);
    assert_int_equal(f->snapshot.pixels[0], 0x00ff8000);

    static struct view v;
    struct canvas c;
    assert_true(canvas_init(&c, VIEW_WIDTH, VIEW_HEIGHT));
    view_init(&v, "test");
    view_update(&v, &f->snapshot, (const uint8_t *)"hello\n", 6);
    view_draw(&v, &f->snapshot, &c);
    assert_int_equal(c.pixels[VIEW_SCREEN_Y * VIEW_WIDTH + VIEW_SCREEN_X], 0xff8000);
    assert_int_equal(c.pixels[(VIEW_SCREEN_Y + 479) * VIEW_WIDTH + VIEW_SCREEN_X + 639] & 0xffffff, 0x0080ff);
    assert_string_equal(console_pane_line(&v.console, 1), "hello");
    canvas_destroy(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(tlb_rows_say_filled_then_used_since_the_last_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(a_hit_stamped_by_translated_code_shows_and_the_tlb_stays_as_it_was,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(interrupts_are_counted_and_another_attachment_still_sees_them, setup, teardown),
        cmocka_unit_test_setup_teardown(screen_is_copied_and_drawn_one_to_one, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
