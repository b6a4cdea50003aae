/* The user code page of the paging test programs: a few routines in one 4 KiB page of their
 * own, so that mapping it with U exposes nothing else. Each ends with an ecall that hands a0
 * back to run_user() (paging.c); they use no stack. */

    .section .text.user, "ax"
    .balign 4096
    .globl user_code_start
user_code_start:

    .globl user_load_word
user_load_word:
    lw a0, 0(a0)
    ecall

    .globl user_load_through_pointer
user_load_through_pointer:
    lw a0, 0(a0)
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

    /* Two ways into one instruction that reads the address it runs at. */
    .globl user_where_first
user_where_first:
    j user_where
    .globl user_where_second
user_where_second:
    j user_where
user_where:
    auipc a0, 0
    ecall

    .balign 4096
