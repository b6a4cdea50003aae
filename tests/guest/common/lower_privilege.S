/* Running code at a lower privilege level and coming back, for C tests:
 * run_at_privilege() (from M mode) and run_user() (from S mode) save the caller's context
 * and enter the code with mret or sret; a trap handler ends the run by returning from its
 * trap into lower_privilege_resume, which restores that context (guest_test.c). Also the
 * S-mode trap entry, the runtime's M-mode one for stvec. */
#include "guest_defs.h"
#include "trap_frame.h"

/* The context of a run, on the caller's stack: ra, s0..s11 and the context of the run
 * that was in progress when this one started (runs nest: run_user() inside a function
 * that run_at_privilege() runs in S mode). lower_privilege_context points at the newest. */
#define CONTEXT_SIZE 64
#define CONTEXT_OUTER 52

.macro SAVE_CALLER_CONTEXT
    addi sp, sp, -CONTEXT_SIZE
    sw ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    sw s\r, (4 + 4 * \r)(sp)
    .endr
    la t0, lower_privilege_context
    lw t1, 0(t0)
    sw t1, CONTEXT_OUTER(sp)
    sw sp, 0(t0)
.endm

/* void run_at_privilege(unsigned level, void (*fn)(void)), from M mode */
    .text
    .globl run_at_privilege
    .align 2
run_at_privilege:
    SAVE_CALLER_CONTEXT
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    slli a0, a0, MSTATUS_MPP_SHIFT
    csrs mstatus, a0
    csrw mepc, a1
    la ra, lower_privilege_return
    mret

/* uint32_t run_user(uint32_t entry, uint32_t a0, uint32_t a1), from S mode */
    .globl run_user
    .align 2
run_user:
    SAVE_CALLER_CONTEXT
    csrw sepc, a0
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    mv a0, a1
    mv a1, a2
    sret

/* Where functions run by run_at_privilege() and supervisor_enter_user() return to. */
    .align 2
lower_privilege_return:
    li a7, REQUEST_RETURN_TO_MACHINE
    ebreak
1:  j 1b

/* Entered by a trap return (see return_to_caller() in guest_test.c) with a0 = the value
 * for the caller: restores the newest run's context and returns from its run_*(). */
    .globl lower_privilege_resume
    .align 2
lower_privilege_resume:
    la t0, lower_privilege_context
    lw sp, 0(t0)
    lw t1, CONTEXT_OUTER(sp)
    sw t1, 0(t0)
    lw ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    lw s\r, (4 + 4 * \r)(sp)
    .endr
    addi sp, sp, CONTEXT_SIZE
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

    TRAP_ENTRY supervisor_trap_entry, s, supervisor_trap

    .bss
    .align 2
lower_privilege_context:
    .word 0
