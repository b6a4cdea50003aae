/* kernel_main: the S-mode kernel's start, entered from machine_start with paging off.
 * Sets up memory, paging, traps, console input and the timer, creates the first process
 * and starts scheduling. */
#include "console.h"
#include "kalloc.h"
#include "memlayout.h"
#include "plic.h"
#include "printf.h"
#include "proc.h"
#include "riscv.h"
#include "sched.h"
#include "string.h"
#include "timer.h"
#include "trap.h"
#include "vm.h"

/* The boot command line is built into each kernel image (src/os/CMakeLists.txt):
 * "sched=POLICY" picks the scheduling policy; every other word is an argument of init,
 * the first of them naming the program init starts. */
#ifndef BOOT_COMMAND_LINE
#define BOOT_COMMAND_LINE ""
#endif

#define MAX_BOOT_WORDS 8

void kernel_main(void);

static char command_line[] = BOOT_COMMAND_LINE;

/* Splits the command line into init's argv, acting on the kernel's own options. */
static int parse_command_line(char **argv)
{
    int argc = 0;
    argv[argc++] = "init";
    char *c = command_line;
    while (*c) {
        while (*c == ' ')
            *c++ = '\0';
        if (!*c)
            break;
        char *word = c;
        while (*c && *c != ' ')
            c++;
        if (*c)
            *c++ = '\0';
        if (strncmp(word, "sched=", 6) == 0) {
            if (!sched_select_policy(word + 6))
                kprintf("boot: no scheduling policy '%s'; using %s\n", word + 6, sched_policy()->name);
        } else if (argc < MAX_BOOT_WORDS) {
            argv[argc++] = word;
        }
    }
    argv[argc] = NULL;
    return argc;
}

void kernel_main(void)
{
    char *init_argv[MAX_BOOT_WORDS + 1];
    int init_argc = parse_command_line(init_argv);
    kalloc_init();
    vm_init();
    trap_init();
    kprintf("vmsim os: %u KiB RAM, %u KiB free, scheduler %s\n", (unsigned)((RAM_END - KERNEL_BASE) / 1024),
            (unsigned)pages_free_count() * 4, sched_policy()->name);
    proc_create_init("init", init_argc, init_argv);
    plic_init();
    console_init_input();
    timer_init();
    scheduler();
}
