/* The two instructions of the RAM probe (ram.c): a load that may fault, and an M-mode
 * trap handler that turns a load access fault into the answer 0 and skips the load. Any
 * other trap is a bug and goes to machine_trap_vector as usual. */

#include "riscv_spec.h"

    .section .text
/* int ram_probe_load(uint32_t address): 1 if a word can be loaded from address, else 0.
 * Precondition: M mode, paging off, mtvec = ram_probe_trap_vector. */
    .globl ram_probe_load
ram_probe_load:
    mv t0, a0
    li a0, 1
    lw t1, 0(t0)    /* on a fault the handler sets a0 = 0 and resumes after this load */
    ret

    .align 2
    .globl ram_probe_trap_vector
ram_probe_trap_vector:
    csrr t2, mcause
    li t3, CAUSE_LOAD_ACCESS
    beq t2, t3, 1f
    j machine_trap_vector
1:  csrr t2, mepc
    addi t2, t2, 4  /* no C extension: the load is 4 bytes */
    csrw mepc, t2
    li a0, 0
    mret            /* MPP is M: back to ram_probe_load in M mode */
