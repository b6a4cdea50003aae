/* Trap entry and exit. stvec points at trap_vector for every trap, from U mode or S mode.
 *
 * sscratch tells the two apart: while a thread runs in U mode it holds the address of the
 * thread's trapframe (struct trapframe, at the top of its kernel stack); while the kernel
 * runs it holds 0. Swapping it with sp therefore gives either a kernel stack to save user
 * registers on, or 0, meaning "the trap came from the kernel, keep the stack you have". */

#define TRAPFRAME_EPC (32 * 4)

    .section .text
    .align 2
    .globl trap_vector
trap_vector:
    csrrw sp, sscratch, sp
    beqz sp, trap_from_kernel

    /* From U mode: sp = this thread's trapframe, sscratch = the user's sp. */
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw x\r, (\r * 4)(sp)
    .endr
    csrr t0, sscratch
    sw t0, (2 * 4)(sp)
    csrw sscratch, zero
    csrr t0, sepc
    sw t0, TRAPFRAME_EPC(sp)
    /* The user's gp means nothing here: load the kernel's. */
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    /* The kernel stack grows down from just below the trapframe. */
    mv a0, sp
    call user_trap
1:  j 1b /* user_trap leaves through trap_return_to_user */

    /* From S mode (only interrupts while the scheduler idles; anything else is a kernel
     * bug that kernel_trap reports). Save what a C call may clobber, on the same stack. */
trap_from_kernel:
    csrrw sp, sscratch, sp /* sp back, sscratch 0 again */
    addi sp, sp, -64
    sw ra, 0(sp)
    sw t0, 4(sp)
    sw t1, 8(sp)
    sw t2, 12(sp)
    sw a0, 16(sp)
    sw a1, 20(sp)
    sw a2, 24(sp)
    sw a3, 28(sp)
    sw a4, 32(sp)
    sw a5, 36(sp)
    sw a6, 40(sp)
    sw a7, 44(sp)
    sw t3, 48(sp)
    sw t4, 52(sp)
    sw t5, 56(sp)
    sw t6, 60(sp)
    call kernel_trap
    lw ra, 0(sp)
    lw t0, 4(sp)
    lw t1, 8(sp)
    lw t2, 12(sp)
    lw a0, 16(sp)
    lw a1, 20(sp)
    lw a2, 24(sp)
    lw a3, 28(sp)
    lw a4, 32(sp)
    lw a5, 36(sp)
    lw a6, 40(sp)
    lw a7, 44(sp)
    lw t3, 48(sp)
    lw t4, 52(sp)
    lw t5, 56(sp)
    lw t6, 60(sp)
    addi sp, sp, 64
    sret

/* trap_return_to_user(trapframe): restores every user register from the trapframe and
 * returns to U mode at its epc. Precondition: sstatus.SPP = 0 (U) and SPIE = 1, so that
 * interrupts are on again in user mode. */
    .globl trap_return_to_user
trap_return_to_user:
    csrw sscratch, a0
    lw t0, TRAPFRAME_EPC(a0)
    csrw sepc, t0
    .irp r, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw x\r, (\r * 4)(a0)
    .endr
    lw a0, (10 * 4)(a0)
    sret
