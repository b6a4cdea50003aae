/* A misbehaving guest: wfi with every interrupt disabled and no timer armed can never
 * wake up; vmsim must notice and stop (122). */
    .text
    .globl main
main:
    csrw mie, zero
    csrci mstatus, 8
    wfi
    /* Waking here would be a bug in the emulator. */
    li a0, 3
    call exit
