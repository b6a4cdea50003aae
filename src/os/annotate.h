/* Telling vmsim who runs: the kernel reports every context switch to the annotation
 * device (src/devices/annotation.h), so that vmsim's statistics and trace name processes,
 * not only ASIDs. On other machines the writes would go nowhere harmful: the device page
 * is mapped by the kernel only. */
#ifndef OS_ANNOTATE_H
#define OS_ANNOTATE_H

#include "devices/annotation.h"
#include "proc.h"

/* t is about to run (satp already selects its address space). */
void annotate_switch(const struct thread *t);

/* Reports an event (ANNOTATION_EVENT_*, src/devices/annotation.h) with its arguments;
 * name, when not NULL, goes in the NAME registers for the kinds that carry one. */
void annotate_event(uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS], const char *name);

/* Nothing runs: the CPU idles in the scheduler (pid 0, ASID 0, "idle"). */
void annotate_idle(void);

#endif
