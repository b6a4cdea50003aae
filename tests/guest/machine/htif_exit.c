/* Ending a run through HTIF, the riscv-tests convention: console output as device-1
 * commands and the exit code written to tohost as (code << 1) | 1. It touches no UART,
 * so it also runs on qemu-system-riscv32 -M spike. htif_pass.c builds it with code 0. */
#include "baremetal.h"

#ifndef HTIF_EXIT_CODE
#define HTIF_EXIT_CODE 5
#endif

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(64)));

/* The host acts when the high word is written, so the low word goes first. */
static void htif_send(uint64_t command)
{
    volatile uint32_t *words = (volatile uint32_t *)&tohost;
    while (words[0] | words[1])
        ; /* the previous command is not taken yet */
    words[0] = (uint32_t)command;
    words[1] = (uint32_t)(command >> 32);
}

static void htif_putchar(char c)
{
    htif_send((1ull << 56) | (1ull << 48) | (uint8_t)c);
    volatile uint32_t *answer = (volatile uint32_t *)&fromhost;
    while ((answer[0] | answer[1]) == 0)
        ;
    answer[0] = 0;
    answer[1] = 0;
}

int main(void)
{
    for (const char *s = "htif console: exiting with code "; *s; s++)
        htif_putchar(*s);
    htif_putchar((char)('0' + HTIF_EXIT_CODE));
    htif_putchar('\n');
    htif_send(((uint64_t)HTIF_EXIT_CODE << 1) | 1);
    for (;;)
        __asm__ volatile("wfi");
}
