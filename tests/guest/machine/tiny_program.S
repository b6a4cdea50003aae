/* The smallest program: assembled for RV64 and for the wrong address, it gives ELF files
 * that vmsim must refuse. */
    .text
    .globl _start
_start:
1:  j 1b
