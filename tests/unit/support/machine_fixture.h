/* A whole machine for unit tests of what sits on it (the observation boundary, its
 * attachments, the window's parts): 4 MiB of RAM at VMSIM_RAM_BASE and the default TLB,
 * no program loaded. */
#ifndef VMSIM_TESTS_UNIT_MACHINE_FIXTURE_H
#define VMSIM_TESTS_UNIT_MACHINE_FIXTURE_H

#include <stdbool.h>

#include "machine/machine.h"

/* machine_init with that configuration; false if it failed. */
bool fixture_machine_init(struct machine *m);

#endif
