/* The first instructions: vmsim starts the hart here, at 0x80000000, in M mode with
 * paging off. Set up a stack and gp, clear bss, and go on in C (machine_start.c).
 * a1 may hold the address of vmsim's boot arguments (abi/bootargs.h); it is kept in s1
 * while bss is cleared, then stored in boot_args_address. */

    .section .text.entry, "ax"
    .globl _entry
_entry:
    mv s1, a1
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, boot_stack_top
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 1b
2:  la t0, boot_args_address
    sw s1, 0(t0)
    call machine_start
3:  j 3b

/* An exception or interrupt that reaches M mode is a kernel bug: everything that S mode
 * must handle is delegated. Report it through machine_trap, which powers off. */
    .align 2
    .globl machine_trap_vector
machine_trap_vector:
    la sp, boot_stack_top
    call machine_trap
4:  j 4b

    .section .bss
    .align 4
boot_stack:
    .space 4096
    .globl boot_stack_top
boot_stack_top:
