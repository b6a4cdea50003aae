/* Start-up code for bare-metal guest programs: stack, gp, zeroed bss, a trap entry that
 * saves every register into a struct trap_frame and calls baremetal_trap(), then main(). */
#include "machine_map.h"
#include "trap_frame.h"

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

/* The M-mode trap entry: saves every register in a struct trap_frame (trap_frame.h) and
 * calls baremetal_trap(). */
    TRAP_ENTRY baremetal_trap_entry, m, baremetal_trap
