/* Writes the annotation device's registers: pid, tid, ASID and name, then COMMIT. */
#include "annotate.h"

#include "board.h"
#include "devices/annotation.h"
#include "machine_map.h"
#include "string.h"

static volatile uint32_t *const device = (volatile uint32_t *)VMSIM_ANNOTATION_BASE;

/* Repeated reports of the same thread (a thread that blocks and is chosen again) are
 * left out, so the trace shows changes only. */
static uint32_t last_pid = 0xffffffffu, last_tid, last_asid;

static void report(uint32_t pid, uint32_t tid, uint32_t asid, const char *name)
{
    if (!board.has_annotation || (pid == last_pid && tid == last_tid && asid == last_asid))
        return;
    last_pid = pid;
    last_tid = tid;
    last_asid = asid;
    uint32_t words[ANNOTATION_NAME_SIZE / 4] = {0};
    strlcpy((char *)words, name, sizeof words);
    device[ANNOTATION_PID / 4] = pid;
    device[ANNOTATION_TID / 4] = tid;
    device[ANNOTATION_ASID / 4] = asid;
    for (uint32_t i = 0; i < ANNOTATION_NAME_SIZE / 4; i++)
        device[ANNOTATION_NAME / 4 + i] = words[i];
    device[ANNOTATION_COMMIT / 4] = 1;
}

void annotate_switch(const struct thread *t)
{
    report((uint32_t)t->proc->pid, (uint32_t)t->tid, t->proc->as.asid, t->proc->name);
}

void annotate_event(uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS], const char *name)
{
    if (!board.has_annotation)
        return; /* not vmsim (QEMU): nobody listens, and the store would fault */
    if (name) {
        uint32_t words[ANNOTATION_NAME_SIZE / 4] = {0};
        strlcpy((char *)words, name, sizeof words);
        for (uint32_t i = 0; i < ANNOTATION_NAME_SIZE / 4; i++)
            device[ANNOTATION_NAME / 4 + i] = words[i];
        /* The NAME registers now differ from what the last COMMIT said. */
        last_pid = 0xffffffffu;
    }
    device[ANNOTATION_EVENT_KIND / 4] = kind;
    for (uint32_t i = 0; i < ANNOTATION_EVENT_ARGS; i++)
        device[ANNOTATION_EVENT_ARG0 / 4 + i] = args[i];
    device[ANNOTATION_EVENT_REPORT / 4] = 1;
}

void annotate_idle(void)
{
    report(0, 0, 0, "idle");
}
