/* kernel_main: the S-mode kernel's start, entered from machine_start with paging off.
 * Sets up memory, paging, traps, console input and the timer, creates the first process
 * and starts scheduling. */
#include "abi/bootargs.h"
#include "abi/kernel_options.h"
#include "annotate.h"
#include "boot_args.h"
#include "console.h"
#include "exec.h"
#include "fb.h"
#include "fs.h"
#include "kalloc.h"
#include "memlayout.h"
#include "plic.h"
#include "printf.h"
#include "proc.h"
#include "riscv.h"
#include "sched.h"
#include "swap.h"
#include "string.h"
#include "timer.h"
#include "trap.h"
#include "tty.h"
#include "vm.h"

/* init's argv: "init", then the command line's words that are not kernel options (a word
 * takes at least two bytes of the command line). */
#define MAX_BOOT_WORDS ((int)BOOTARGS_MAX / 2)

void kernel_main(void);

/* Acts on word if it is one of the kernel's own options (abi/kernel_options.h lists them
 * for vmsim's check of --append); false if it is not one. */
static bool take_option(const char *word)
{
    if (strcmp(word, "quiet") == 0) {
        boot_quiet = true;
    } else if (strncmp(word, "sched=", 6) == 0) {
        if (!sched_select_policy(word + 6))
            kprintf("boot: no scheduling policy '%s'; using %s\n", word + 6, sched_policy()->name);
    } else if (strncmp(word, "slice=", 6) == 0) {
        if (!sched_set_slice(word + 6))
            kprintf("boot: slice wants %d to %d timer ticks, not '%s'; using %u\n", KERNEL_SLICE_MIN,
                    KERNEL_SLICE_MAX, word + 6, (unsigned)sched_slice());
    } else if (strncmp(word, "evict=", 6) == 0) {
        if (!swap_select_policy(word + 6))
            kprintf("boot: no replacement policy '%s'; using %s\n", word + 6, swap_policy_name());
    } else if (strncmp(word, "swap=", 5) == 0) {
        if (!swap_set_limit(word + 5))
            kprintf("boot: swap wants 0 to %d MiB, not '%s'; using all of the swap area\n",
                    KERNEL_SWAP_MAX_MIB, word + 5);
    } else if (strncmp(word, "console=", 8) == 0) {
        if (strcmp(word + 8, "pipe") == 0 || strcmp(word + 8, "terminal") == 0)
            tty_set_input_is_pipe(strcmp(word + 8, "pipe") == 0);
        else
            kprintf("boot: console wants terminal or pipe, not '%s'\n", word + 8);
    } else {
        return false;
    }
    return true;
}

/* Splits the command line into init's argv: the kernel's options come first, and the
 * first other word is the program init runs; every word after it is that program's, so
 * that an argument such as quiet or sched=rr reaches the program. */
static int parse_command_line(char *c, char **argv)
{
    int argc = 0;
    argv[argc++] = "init";
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
        if (argc == 1 && take_option(word))
            continue;
        if (argc > MAX_BOOT_WORDS) {
            kprintf("boot: more than %d words for init; '%s' and the rest are dropped\n", MAX_BOOT_WORDS, word);
            break;
        }
        argv[argc++] = word;
    }
    argv[argc] = NULL;
    return argc;
}

void kernel_main(void)
{
    static char *init_argv[MAX_BOOT_WORDS + 2]; /* "init", the words, NULL */
    int init_argc = parse_command_line(boot_args_take(), init_argv);
    kalloc_init(fb_reserve());
    annotate_frame_table();
    vm_init();
    trap_init();
    if (!boot_quiet)
        kprintf("vmsim os: %u KiB RAM, %u KiB free, scheduler %s\n", (unsigned)((RAM_END - KERNEL_BASE) / 1024),
            (unsigned)pages_free_count() * 4, sched_policy()->name);
    /* init comes from the disk's /bin when it has one, else from the kernel image. */
    int error;
    struct inode *init = fs_mount() ? namei("/bin/init", &error) : NULL;
    swap_init();
    bool init_on_disk = init && init->d.type == FS_T_FILE;
    if (init)
        iput(init);
    proc_create_init(init_on_disk ? "/bin/init" : "init", init_argc, init_argv);
    plic_init();
    console_init_input();
    timer_init();
    scheduler();
}
