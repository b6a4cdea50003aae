/* User program start: the kernel enters here with a0 = argc, a1 = argv and sp at the
 * argument block (src/os/exec.c). Call main and exit with what it returns. */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    call main
    call exit
