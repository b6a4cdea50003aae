/* Entering U and S mode from a C test and coming back: run_at_privilege() saves the M-mode
 * context and mrets into the function; the function returns into an ebreak that the M-mode
 * trap handler (lower_privilege.c) turns into a jump to machine_resume. Also the S-mode
 * trap entry, a twin of the runtime's M-mode one. */
#include "guest_defs.h"

#define SAVED_SIZE 64
#define FRAME_SIZE (36 * 4)

    .text
    .globl run_at_privilege
    .align 2
run_at_privilege:
    addi sp, sp, -SAVED_SIZE
    sw ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    sw s\r, (4 + 4 * \r)(sp)
    .endr
    la t0, saved_machine_sp
    sw sp, 0(t0)
    /* One NAPOT region over the whole address space, RWX: without a matching PMP entry
     * QEMU refuses every S and U access. */
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    slli a0, a0, MSTATUS_MPP_SHIFT
    csrs mstatus, a0
    csrw mepc, a1
    la ra, lower_privilege_return
    mret

/* Where functions run by run_at_privilege() and supervisor_enter_user() return to. */
    .align 2
lower_privilege_return:
    li a7, REQUEST_RETURN_TO_MACHINE
    ebreak
1:  j 1b

    .globl machine_resume
    .align 2
machine_resume:
    la t0, saved_machine_sp
    lw sp, 0(t0)
    lw ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    lw s\r, (4 + 4 * \r)(sp)
    .endr
    addi sp, sp, SAVED_SIZE
    ret

    .globl supervisor_enter_user
    .align 2
supervisor_enter_user:
    csrw sepc, a0
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    la ra, lower_privilege_return
    sret

    .globl current_privilege
    .align 2
current_privilege:
    li a7, REQUEST_WHOAMI
    ecall
    ret

/* struct trap_frame: x0..x31 at 4*i, then sepc, scause, stval, sstatus. */
    .globl supervisor_trap_entry
    .align 2
supervisor_trap_entry:
    addi sp, sp, -FRAME_SIZE
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw x\r, (\r * 4)(sp)
    .endr
    addi t0, sp, FRAME_SIZE
    sw t0, (2 * 4)(sp)
    csrr t0, sepc
    sw t0, (32 * 4)(sp)
    csrr t0, scause
    sw t0, (33 * 4)(sp)
    csrr t0, stval
    sw t0, (34 * 4)(sp)
    csrr t0, sstatus
    sw t0, (35 * 4)(sp)
    mv a0, sp
    call supervisor_trap
    lw t0, (32 * 4)(sp)
    csrw sepc, t0
    lw t0, (35 * 4)(sp)
    csrw sstatus, t0
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    lw x\r, (\r * 4)(sp)
    .endr
    addi sp, sp, FRAME_SIZE
    sret

    .bss
    .align 2
saved_machine_sp:
    .word 0
