/* The test finisher's one register. */
#include "devices/finisher.h"

#include "cpu/hart.h"
#include "machine_map.h"

static bool finisher_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    (void)opaque, (void)offset, (void)size;
    *value = 0;
    return true;
}

static bool finisher_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct finisher *f = opaque;
    if (offset != 0 || size != 4)
        return true;
    switch (value & 0xffff) {
    case VMSIM_FINISHER_PASS:
        *f->exit = (struct exit_request){.requested = true, .guest_failed = false, .code = 0};
        break;
    case VMSIM_FINISHER_FAIL:
        *f->exit = (struct exit_request){.requested = true, .guest_failed = true, .code = value >> 16};
        break;
    default:
        return true; /* other commands (reset) are not supported and ignored */
    }
    f->hart->stop_requested = true;
    return true;
}

const struct bus_device_ops finisher_ops = {.read = finisher_read, .write = finisher_write};
