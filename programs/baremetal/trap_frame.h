/* The trap frame and the one trap entry that fills it, for M mode (the runtime's
 * baremetal_trap_entry in start.S) and S mode (the tests' supervisor_trap_entry): C sees
 * struct trap_frame, assembly the offsets and the TRAP_ENTRY macro. */
#ifndef VMSIM_TRAP_FRAME_H
#define VMSIM_TRAP_FRAME_H

/* On the stack of the interrupted code, 36 words:
 *
 *   0        4        8                 31*4   32*4   33*4    34*4   35*4
 *   +--------+--------+------ ... ------+------+------+-------+------+---------+
 *   | x0 (0) | x1 ra  | x2 sp (before)  | x31  | xepc | xcause| xtval| xstatus |
 *   +--------+--------+------ ... ------+------+------+-------+------+---------+
 *
 * where x is m or s: the registers of the mode that took the trap. */
#define TRAP_FRAME_SIZE (36 * 4)
#define TRAP_FRAME_EPC (32 * 4)
#define TRAP_FRAME_CAUSE (33 * 4)
#define TRAP_FRAME_TVAL (34 * 4)
#define TRAP_FRAME_STATUS (35 * 4)

#ifdef __ASSEMBLER__

/* TRAP_ENTRY name, mode, handler: defines `name`, an entry for mtvec (mode m) or stvec
 * (mode s) that saves every register in a trap frame on the current stack, calls
 * handler(frame), and returns with mret or sret to the epc and status the handler left in
 * the frame, with the other registers as the frame holds them. */
.macro TRAP_ENTRY name, mode, handler
    .globl \name
    .align 2
\name:
    addi sp, sp, -TRAP_FRAME_SIZE
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw x\r, (\r * 4)(sp)
    .endr
    addi t0, sp, TRAP_FRAME_SIZE
    sw t0, (2 * 4)(sp)
    csrr t0, \mode\()epc
    sw t0, TRAP_FRAME_EPC(sp)
    csrr t0, \mode\()cause
    sw t0, TRAP_FRAME_CAUSE(sp)
    csrr t0, \mode\()tval
    sw t0, TRAP_FRAME_TVAL(sp)
    csrr t0, \mode\()status
    sw t0, TRAP_FRAME_STATUS(sp)
    mv a0, sp
    call \handler
    lw t0, TRAP_FRAME_EPC(sp)
    csrw \mode\()epc, t0
    lw t0, TRAP_FRAME_STATUS(sp)
    csrw \mode\()status, t0
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw x\r, (\r * 4)(sp)
    .endr
    addi sp, sp, TRAP_FRAME_SIZE
    \mode\()ret
.endm

#else

#include <stddef.h>
#include <stdint.h>

/* A trap frame as C sees it. The field names are M mode's; in a frame that an S-mode entry
 * filled, they hold sepc, scause, stval and sstatus. A handler may change x[], mepc and
 * mstatus: the entry returns with what it finds there. */
struct trap_frame {
    uint32_t x[32];
    uint32_t mepc, mcause, mtval, mstatus;
};

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap frame size");
_Static_assert(offsetof(struct trap_frame, mepc) == TRAP_FRAME_EPC, "trap frame epc");
_Static_assert(offsetof(struct trap_frame, mcause) == TRAP_FRAME_CAUSE, "trap frame cause");
_Static_assert(offsetof(struct trap_frame, mtval) == TRAP_FRAME_TVAL, "trap frame tval");
_Static_assert(offsetof(struct trap_frame, mstatus) == TRAP_FRAME_STATUS, "trap frame status");

#endif

#endif
