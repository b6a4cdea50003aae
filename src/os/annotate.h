/* Telling vmsim who runs: the kernel reports every context switch to the annotation
 * device (src/devices/annotation.h), so that vmsim's statistics and trace name processes,
 * not only ASIDs. On other machines the writes would go nowhere harmful: the device page
 * is mapped by the kernel only. */
#ifndef OS_ANNOTATE_H
#define OS_ANNOTATE_H

#include "proc.h"

/* t is about to run (satp already selects its address space). */
void annotate_switch(const struct thread *t);

/* Nothing runs: the CPU idles in the scheduler (pid 0, ASID 0, "idle"). */
void annotate_idle(void);

#endif
