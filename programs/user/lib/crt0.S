/* User program start: the kernel enters here with a0 = argc, a1 = argv, a2 = envp and sp
 * at the argument block (src/os/exec.c). Set environ, call main(argc, argv, envp) and exit
 * with what it returns. */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la t0, environ
    sw a2, 0(t0)
    call main
    call exit
