/* Unit tests that play the guest kernel: writes to the annotation device's registers
 * (src/devices/annotation.h) in the order src/os/annotate.c writes them, the COMMIT of a
 * context switch and the REPORT of an event. Every access is asserted to be accepted. */
#ifndef VMSIM_TESTS_UNIT_FAKE_KERNEL_H
#define VMSIM_TESTS_UNIT_FAKE_KERNEL_H

#include <stdint.h>

#include "devices/annotation.h"

void fake_kernel_write_register(struct annotation *a, uint32_t offset, uint32_t value);
uint32_t fake_kernel_read_register(struct annotation *a, uint32_t offset);

/* The NAME registers: `name` NUL-padded, cut to ANNOTATION_NAME_SIZE bytes; NULL: empty. */
void fake_kernel_write_name(struct annotation *a, const char *name);

/* A context switch: PID, TID, ASID and NAME, then COMMIT. */
void fake_kernel_switch_to(struct annotation *a, uint32_t pid, uint32_t tid, uint32_t asid, const char *name);

/* An event: NAME (NULL: empty), KIND and all ANNOTATION_EVENT_ARGS arguments, then REPORT. */
void fake_kernel_report(struct annotation *a, uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS],
                        const char *name);

#endif
