/* A misbehaving guest that never ends: only --max-instructions stops it (124). */
    .text
    .globl main
main:
1:  j 1b
