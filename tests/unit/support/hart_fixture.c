/* The unit tests' machine fixture: see hart_fixture.h. */
#include "hart_fixture.h"

#include <stdlib.h>
#include <string.h>

int hart_fixture_setup(void **state)
{
    struct hart_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    char err[128];
    if (!bus_init(&f->bus, FIXTURE_RAM_BASE, FIXTURE_RAM_SIZE, err, sizeof err)) {
        free(f);
        return -1;
    }
    if (!hart_init(&f->hart, &f->bus, FIXTURE_CODE)) {
        bus_destroy(&f->bus);
        free(f);
        return -1;
    }
    f->hart.mtvec = FIXTURE_M_HANDLER;
    f->hart.stvec = FIXTURE_S_HANDLER;
    *state = f;
    return 0;
}

int hart_fixture_teardown(void **state)
{
    struct hart_fixture *f = *state;
    hart_destroy(&f->hart);
    bus_destroy(&f->bus);
    free(f);
    return 0;
}

void fixture_write_words(struct hart_fixture *f, uint32_t address, const uint32_t *words,
                         size_t count)
{
    assert_true(bus_write_ram(&f->bus, address, words, (uint32_t)(count * sizeof *words)));
}

void fixture_write_word(struct hart_fixture *f, uint32_t address, uint32_t value)
{
    fixture_write_words(f, address, &value, 1);
}

uint32_t fixture_read_word(struct hart_fixture *f, uint32_t address)
{
    assert_true(bus_in_ram(&f->bus, address, 4));
    uint32_t value;
    memcpy(&value, bus_ram_pointer(&f->bus, address), 4);
    return value;
}

void fixture_run(struct hart_fixture *f, uint64_t steps)
{
    assert_int_equal(cpu_run(&f->hart, steps), CPU_STOP_BUDGET);
}

void fixture_run_one(struct hart_fixture *f, uint32_t word)
{
    fixture_write_word(f, FIXTURE_CODE, word);
    f->hart.pc = FIXTURE_CODE;
    fixture_run(f, 1);
}
