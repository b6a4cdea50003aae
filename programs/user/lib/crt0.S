/* User program start: the kernel enters here with a0 = argc, a1 = argv, a2 = envp (0 from
 * a kernel that passes no environment) and sp at the argument block (src/os/exec.c).
 * gp first, then the C start-up (start.c), which never returns. */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    tail __vmsim_start
