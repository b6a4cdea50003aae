/* How a device asks the machine to stop and with which status: the test finisher and
 * HTIF's tohost both end a run this way. */
#ifndef VMSIM_DEVICES_EXIT_REQUEST_H
#define VMSIM_DEVICES_EXIT_REQUEST_H

#include <stdbool.h>

struct exit_request {
    bool requested;
    bool guest_failed; /* the guest reported failure; `code` is its own failure code */
    unsigned code;
};

#endif
