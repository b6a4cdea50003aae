/* The annotation device: the guest OS tells vmsim which process and thread run now, so
 * that statistics (--stats), the trace (--trace) and the window can name processes next
 * to ASIDs. Base VMSIM_ANNOTATION_BASE (src/machine_map.h). The guest kernel includes this
 * header for the register offsets (src/os/annotate.c).
 *
 * Registers (32-bit, word access only):
 *
 *   offset  name     access
 *   +0x00   PID      RW  process id of the thread about to run (0: the CPU idles)
 *   +0x04   TID      RW  thread id
 *   +0x08   ASID     RW  ASID of the address space it runs in (what satp selects)
 *   +0x0c   COMMIT   W   any write: PID, TID, ASID and NAME become the current process,
 *                        and the name is remembered for that ASID; reads as 0
 *   +0x10   NAME     RW  16 bytes: the process name, NUL-padded, as four little-endian
 *   ...                  words (+0x10, +0x14, +0x18, +0x1c)
 *
 *   The guest writes PID, TID, ASID and NAME in any order, then COMMIT.
 */
#ifndef VMSIM_DEVICES_ANNOTATION_H
#define VMSIM_DEVICES_ANNOTATION_H

#include <stdbool.h>
#include <stdint.h>

#define ANNOTATION_PID 0x00
#define ANNOTATION_TID 0x04
#define ANNOTATION_ASID 0x08
#define ANNOTATION_COMMIT 0x0c
#define ANNOTATION_NAME 0x10
#define ANNOTATION_NAME_SIZE 16
#define ANNOTATION_ASID_COUNT 512 /* Sv32 ASIDs are 9 bits */

/* What one commit said. name is always NUL-terminated. */
struct annotation_process {
    bool known;
    uint32_t pid, tid, asid;
    char name[ANNOTATION_NAME_SIZE + 1];
};

#define ANNOTATION_MAX_OBSERVERS 4
typedef void (*annotation_observer)(void *opaque, const struct annotation_process *now);

struct annotation {
    struct annotation_process staged;  /* the registers as written so far */
    struct annotation_process current; /* as of the last COMMIT */
    /* The last process committed with each ASID. */
    struct annotation_process by_asid[ANNOTATION_ASID_COUNT];
    uint64_t commits;
    /* Called after every COMMIT, in the order they were added (the trace, the
     * per-process statistics). */
    struct {
        annotation_observer fn;
        void *opaque;
    } observers[ANNOTATION_MAX_OBSERVERS];
    unsigned observer_count;
};

struct bus_device_ops;
extern const struct bus_device_ops annotation_ops;

void annotation_init(struct annotation *a);

/* Adds fn(opaque, now) to what each COMMIT calls; false when ANNOTATION_MAX_OBSERVERS
 * watch already. */
bool annotation_watch(struct annotation *a, annotation_observer fn, void *opaque);
/* Removes that observer, if it watches. */
void annotation_unwatch(struct annotation *a, annotation_observer fn, void *opaque);

/* The process last committed with asid, or NULL if none was. */
const struct annotation_process *annotation_for_asid(const struct annotation *a, uint32_t asid);

#endif
