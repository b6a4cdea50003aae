/* Which of vmsim's own devices this machine has. The framebuffer, keyboard and annotation
 * device sit where QEMU's virt board has nothing (machine_map.h), so the same kernel runs
 * on both: M mode probes for them at boot, as it probes RAM, and the rest of the kernel
 * asks here before touching one. */
#ifndef OS_BOARD_H
#define OS_BOARD_H

#include "types.h"

struct board {
    bool has_framebuffer; /* the framebuffer's ID register reads FRAMEBUFFER_ID */
    bool has_annotation;  /* the annotation device answers (vmsim only) */
};

extern struct board board;

/* Fills board. Precondition: M mode, paging off, mtvec = machine_trap_vector (restored). */
void board_probe(void);

#endif
