/* A misbehaving guest: a trap vector at address 0, where nothing is mapped, and a jump
 * there. Every fetch faults and traps to the same address; vmsim must give up (121). */
    .text
    .globl main
main:
    csrw mtvec, zero
    jr zero
