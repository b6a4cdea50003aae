/* The unit tests' machine. */
#include "machine_fixture.h"

bool fixture_machine_init(struct machine *m)
{
    struct machine_config config = {.ram_size = 4u << 20, .tlb = tlb_default_config()};
    char err[256];
    return machine_init(m, &config, err, sizeof err);
}
