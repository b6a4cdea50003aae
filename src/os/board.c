/* Finding vmsim's own devices (board.h) with the M-mode load probe of machine_probe.h. */
#include "board.h"

#include "devices/framebuffer.h"
#include "machine_map.h"
#include "machine_probe.h"
#include "riscv.h"

struct board board;

void board_probe(void)
{
    csr_write(mtvec, (uint32_t)ram_probe_trap_vector);
    uint32_t fb_id = VMSIM_FB_BASE + FRAMEBUFFER_REG_ID;
    board.has_framebuffer = ram_probe_load(fb_id) && *(volatile uint32_t *)fb_id == FRAMEBUFFER_ID;
    board.has_annotation = ram_probe_load(VMSIM_ANNOTATION_BASE);
    csr_write(mtvec, (uint32_t)machine_trap_vector);
}
