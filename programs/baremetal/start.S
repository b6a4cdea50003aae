/* Start-up code for bare-metal guest programs: stack, gp, zeroed bss, a trap entry that
 * saves every register into a struct trap_frame and calls baremetal_trap(), then main(). */
#include "machine_map.h"

    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 1b
2:  la t0, baremetal_trap_entry
    csrw mtvec, t0
    /* Let S and U mode reach all memory through PMP entry 0 (TOR up to the top, RWX), as
     * firmware does: QEMU refuses to mret to a lower mode while no PMP entry exists. */
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x0f
    csrw pmpcfg0, t0
    /* A program linked with paging.c gets a satp value here and runs main() in S mode
     * with translation on; the default returns 0 and main() runs in M mode. */
    call baremetal_before_main
    beqz a0, 4f
    csrw satp, a0
    sfence.vma
    li t0, (3 << 11)
    csrc mstatus, t0
    li t0, (1 << 11)
    csrs mstatus, t0
    la t0, 4f
    csrw mepc, t0
    mret
4:  call main
    call exit
3:  j 3b

/* struct trap_frame: x0..x31 at 4*i, then mepc, mcause, mtval, mstatus. */
#define FRAME_SIZE (36 * 4)
    .align 2
    .globl baremetal_trap_entry
baremetal_trap_entry:
    addi sp, sp, -FRAME_SIZE
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw x\r, (\r * 4)(sp)
    .endr
    addi t0, sp, FRAME_SIZE
    sw t0, (2 * 4)(sp)          /* the interrupted sp */
    csrr t0, mepc
    sw t0, (32 * 4)(sp)
    csrr t0, mcause
    sw t0, (33 * 4)(sp)
    csrr t0, mtval
    sw t0, (34 * 4)(sp)
    csrr t0, mstatus
    sw t0, (35 * 4)(sp)
    mv a0, sp
    call baremetal_trap
    lw t0, (32 * 4)(sp)
    csrw mepc, t0
    lw t0, (35 * 4)(sp)
    csrw mstatus, t0
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw x\r, (\r * 4)(sp)
    .endr
    addi sp, sp, FRAME_SIZE
    mret
