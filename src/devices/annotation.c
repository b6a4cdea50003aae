/* The annotation device: latches what the guest OS writes and, on COMMIT, makes it the
 * current process, remembers the name for the ASID and tells the listener (the observation
 * boundary). */
#include "devices/annotation.h"

#include <string.h>

#include "mmu/bus.h"

void annotation_init(struct annotation *a)
{
    memset(a, 0, sizeof *a);
}

const struct annotation_process *annotation_for_asid(const struct annotation *a, uint32_t asid)
{
    if (asid >= ANNOTATION_ASID_COUNT || !a->by_asid[asid].known)
        return NULL;
    return &a->by_asid[asid];
}

static bool is_name_word(uint32_t offset)
{
    return offset >= ANNOTATION_NAME && offset < ANNOTATION_NAME + ANNOTATION_NAME_SIZE;
}

static bool is_event_arg(uint32_t offset)
{
    return offset >= ANNOTATION_EVENT_ARG0 &&
           offset < ANNOTATION_EVENT_ARG0 + 4 * ANNOTATION_EVENT_ARGS;
}

static bool annotation_read(void *opaque, uint32_t offset, unsigned size, uint32_t *value)
{
    const struct annotation *a = opaque;
    if (size != 4 || offset % 4)
        return false;
    switch (offset) {
    case ANNOTATION_PID: *value = a->staged.pid; return true;
    case ANNOTATION_TID: *value = a->staged.tid; return true;
    case ANNOTATION_ASID: *value = a->staged.asid; return true;
    case ANNOTATION_COMMIT: *value = 0; return true;
    case ANNOTATION_EVENT_KIND: *value = a->staged_event.kind; return true;
    case ANNOTATION_EVENT_REPORT: *value = 0; return true;
    default:
        if (is_event_arg(offset)) {
            *value = a->staged_event.args[(offset - ANNOTATION_EVENT_ARG0) / 4];
            return true;
        }
        if (is_name_word(offset)) {
            memcpy(value, a->staged.name + (offset - ANNOTATION_NAME), 4);
            return true;
        }
        *value = 0;
        return true;
    }
}

static void commit(struct annotation *a)
{
    a->staged.name[ANNOTATION_NAME_SIZE] = '\0';
    a->staged.known = true;
    /* ASIDs are 9 bits in satp; the device keeps the guest's value but files it by
     * those bits, as the TLB statistics do. */
    a->current = a->staged;
    a->by_asid[a->staged.asid % ANNOTATION_ASID_COUNT] = a->staged;
    a->commits++;
    if (a->listener.on_commit)
        a->listener.on_commit(a->listener.opaque, &a->current);
}

/* The event carries the NAME registers as they are now: a process event names its
 * process without a COMMIT (which would say that it runs). */
static void report_event(struct annotation *a)
{
    memcpy(a->staged_event.name, a->staged.name, ANNOTATION_NAME_SIZE);
    a->staged_event.name[ANNOTATION_NAME_SIZE] = '\0';
    a->events++;
    if (a->listener.on_report)
        a->listener.on_report(a->listener.opaque, &a->staged_event);
}

static bool annotation_write(void *opaque, uint32_t offset, unsigned size, uint32_t value)
{
    struct annotation *a = opaque;
    if (size != 4 || offset % 4)
        return false;
    switch (offset) {
    case ANNOTATION_PID: a->staged.pid = value; return true;
    case ANNOTATION_TID: a->staged.tid = value; return true;
    case ANNOTATION_ASID: a->staged.asid = value; return true;
    case ANNOTATION_COMMIT: commit(a); return true;
    case ANNOTATION_EVENT_KIND: a->staged_event.kind = value; return true;
    case ANNOTATION_EVENT_REPORT: report_event(a); return true;
    default:
        if (is_event_arg(offset)) {
            a->staged_event.args[(offset - ANNOTATION_EVENT_ARG0) / 4] = value;
            return true;
        }
        if (is_name_word(offset))
            memcpy(a->staged.name + (offset - ANNOTATION_NAME), &value, 4);
        return true; /* writes elsewhere in the page are ignored */
    }
}

void annotation_listen(struct annotation *a, const struct annotation_listener *listener)
{
    a->listener = *listener;
}

const struct bus_device_ops annotation_ops = {.read = annotation_read, .write = annotation_write};
