/* The assembly half of the paging test kernel: the S-mode trap entry (on its own stack,
 * found through sscratch), run_user()/user_return() which leave S mode for one piece of
 * user code and come back when it ecalls or faults, and the user code page itself. */

#define FRAME_SIZE (36 * 4) /* struct trap_frame: x0..x31, sepc, scause, stval, sstatus */
#define SAVED_SIZE 64       /* ra and s0..s11 of run_user's caller */
#define SSTATUS_SPP (1 << 8)

    .text
    .globl supervisor_trap_entry
    .align 2
supervisor_trap_entry:
    csrrw sp, sscratch, sp      /* sp: the trap stack; sscratch: the interrupted sp */
    addi sp, sp, -FRAME_SIZE
    .irp r, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sw x\r, (\r * 4)(sp)
    .endr
    csrr t0, sscratch
    sw t0, (2 * 4)(sp)
    addi t0, sp, FRAME_SIZE     /* ready for the next trap */
    csrw sscratch, t0
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
    lw sp, (2 * 4)(sp)
    sret

/* uint32_t run_user(uint32_t entry, uint32_t a0, uint32_t a1) */
    .globl run_user
    .align 2
run_user:
    addi sp, sp, -SAVED_SIZE
    sw ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    sw s\r, (4 + 4 * \r)(sp)
    .endr
    la t0, run_user_sp
    sw sp, 0(t0)
    csrw sepc, a0
    li t0, SSTATUS_SPP
    csrc sstatus, t0
    mv a0, a1
    mv a1, a2
    sret

/* void user_return(uint32_t value): called by the trap handler, on the trap stack, to
 * make run_user() return `value`. */
    .globl user_return
    .align 2
user_return:
    la t0, run_user_sp
    lw sp, 0(t0)
    lw ra, 0(sp)
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11
    lw s\r, (4 + 4 * \r)(sp)
    .endr
    addi sp, sp, SAVED_SIZE
    ret

/* The user code page: one page to itself, so that mapping it with U exposes nothing else. */
    .section .text.user, "ax"
    .balign 4096
    .globl user_code_start
user_code_start:

    .globl user_load_word
user_load_word:
    lw a0, 0(a0)
    ecall

    .globl user_store_word
user_store_word:
    sw a1, 0(a0)
    li a0, 0
    ecall

    .globl user_jump
user_jump:
    jr a0

    .globl user_amoadd_word
user_amoadd_word:
    amoadd.w a0, a1, (a0)
    ecall

    .balign 4096

    .bss
    .align 2
run_user_sp:
    .word 0
