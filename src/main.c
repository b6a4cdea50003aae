/* The vmsim command line: parse options, build the machine, run the program, and turn how
 * the run ended into one line on standard error and a distinct exit status. */
#include <errno.h>
#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpu/csr.h"
#include "machine/console.h"
#include "machine/exit_status.h"
#include "machine/host_signals.h"
#include "machine/kernel_options.h"
#include "machine/machine.h"
#include "machine/os_boot.h"
#include "machine_map.h"
#include "debug/gdbstub.h"
#include "trace/miss_pages.h"
#include "trace/process_accounts.h"
#include "trace/process_times.h"
#include "trace/stats.h"
#include "trace/timeline.h"
#include "trace/trace.h"
#include "ui/image_file.h"
#include "ui/ui.h"

#define VMSIM_VERSION "0.1.0"

struct options {
    const char *program; /* NULL: boot the guest OS to its shell */
    char *const *args;   /* the guest OS program's arguments */
    int nargs;
    const char *kernel;
    const char *append;
    uint32_t ram_mib;
    uint64_t max_instructions;
    bool stats;
    const char *stats_json;
    const char *trace;
    bool trace_misses;
    uint64_t trace_interval;
    const char *timeline;
    struct tlb_config tlb;
    bool trap_misaligned;
    bool no_jit;
    struct hart_timing timing;
    unsigned gdb_port; /* 0: no debugger */
    const char *disk;
    uint64_t disk_create_size; /* 0: the image must exist */
    bool disk_read_only;
    enum ui_mode ui_mode;
    const char *screenshot;
    bool os_page;
};

static void print_usage(FILE *out)
{
    fprintf(out,
            "Usage: vmsim [options] [PROGRAM.elf [ARGUMENTS...]]\n"
            "Run a 32-bit RISC-V (RV32IMA) program on the vmsim machine.\n"
            "\n"
            "A guest OS program (linked at user addresses, 0x%08x up, with the OS's user\n"
            "library) runs under the bundled guest OS kernel: vmsim copies the bundled root\n"
            "image, puts the program in it as /bin/NAME, boots, and init runs it with the\n"
            "ARGUMENTS; vmsim exits with its exit status. With no PROGRAM at all, the guest\n"
            "OS boots to its shell. See docs/fs-image.md.\n"
            "\n"
            "A bare-metal program is linked at 0x%08x and starts in M mode at its ELF\n"
            "entry point. UART output goes to standard output. The program ends the run\n"
            "through the test finisher at 0x%08x or through HTIF (a `tohost` symbol).\n"
            "\n"
            "Guest OS:\n"
            "      --disk FILE             (with a guest OS program) boot from FILE, a\n"
            "                              persistent file-system image made with vmsim-fs;\n"
            "                              the program goes into its /bin, and an image that\n"
            "                              fails the check is refused\n"
            "      --kernel FILE           boot FILE instead of the bundled kernel\n"
            "      --append WORDS          add kernel options to the command line, such as\n"
            "                              'sched=priority' (listed at the end)\n"
            "\n"
            "Machine:\n"
            "  -m, --memory MIB            guest RAM in MiB (default %u, at most 2048)\n"
            "  -n, --max-instructions N    stop after N instructions (suffixes k, M, G);\n"
            "                              traps count as instructions here\n"
            "      --no-jit                interpret only: do not translate guest code to host\n"
            "                              code (same results and counts, slower)\n"
            "      --trap-misaligned       misaligned loads and stores trap instead of\n"
            "                              completing (AMOs always trap)\n"
            "\n"
            "Timing model: guest cycles = instructions + these costs (docs/timing.md):\n"
            "      --walk-latency C        cycles per page-table-walk memory access (default %u)\n"
            "      --tlb-miss-latency C    cycles per TLB miss, besides its walk (default %u)\n"
            "      --trap-latency C        cycles per trap taken (default %u)\n"
            "\n"
            "Simulated TLB (see docs/tlb-and-tracing.md):\n"
            "      --tlb-entries N         entries per TLB (default 32)\n"
            "      --tlb-ways W            associativity, 1 to N; 0 = fully associative\n"
            "                              (default 4)\n"
            "      --tlb-policy P          replacement: lru (default), fifo or random\n"
            "      --tlb-seed S            seed of the random policy (default 1)\n"
            "      --tlb-split             separate instruction and data TLBs of N entries\n"
            "      --tlb-no-asid           entries carry no ASID; a satp write flushes the\n"
            "                              non-global ones\n"
            "\n"
            "Disk and console (see docs/devices.md):\n"
            "      --disk FILE             attach FILE as the virtio-blk disk; its size must\n"
            "                              be a whole number of 512-byte sectors\n"
            "      --disk-create SIZE      create FILE with SIZE bytes of zeros if it does\n"
            "                              not exist (suffixes k, M, G: KiB, MiB, GiB)\n"
            "      --disk-read-only        the guest may read the disk but not write it\n"
            "  Standard input feeds the UART. On a terminal, Ctrl-C goes to the guest;\n"
            "  Ctrl-A x quits vmsim, Ctrl-A h lists the console keys.\n"
            "\n"
            "Window (see docs/window.md):\n"
            "      --headless              no window, even when a display is there\n"
            "      --window                a window, or exit with status %d if none can open\n"
            "                              (default: a window when a display is there)\n"
            "      --screenshot FILE       at the end of the run, save the window's picture\n"
            "                              as FILE (.bmp, or .png); works headless too\n"
            "      --view PAGE             the window's page at the start (and in the\n"
            "                              screenshot): machine (default) or os (processes,\n"
            "                              page tables, scheduling, system calls)\n"
            "  Keys in the window: F1 machine page, F2 OS page, F5 pause/resume, F6 single\n"
            "  step, F10 quit; on the OS page F3/F4 slower/faster, F7 run to the next trap,\n"
            "  system call, context switch or page fault (F8 picks which), F9 next process,\n"
            "  PgUp/PgDn scroll its page table. Other keys go to the guest (the keyboard\n"
            "  device, and typed characters to the UART).\n"
            "\n"
            "Statistics and tracing:\n"
            "  -s, --stats                 print statistics on standard error at exit\n"
            "      --stats-json FILE       write the statistics as JSON to FILE at exit\n"
            "      --trace FILE            write a JSON Lines trace of traps, page faults,\n"
            "                              satp writes, sfence.vma and TLB samples\n"
            "      --trace-interval N      instructions between TLB samples (default 100k;\n"
            "                              0 = no samples; a last one at exit)\n"
            "      --trace-misses          add an event per TLB miss to the trace (pc,\n"
            "                              address, access, the entry its fill evicted)\n"
            "      --timeline FILE.json    write a timeline of processes, system calls, page\n"
            "                              faults, interrupts, TLB hit rate and free memory\n"
            "                              for ui.perfetto.dev (see docs/timeline.md)\n"
            "\n"
            "Debugging:\n"
            "      --gdb PORT              wait for gdb-multiarch on localhost:PORT before the\n"
            "                              first instruction (in gdb: target remote :PORT)\n"
            "\n"
            "  -h, --help                  show this help and exit\n"
            "  -V, --version               show the version and exit\n"
            "\n"
            "Exit status:\n"
            "  0     the guest passed (finisher 0x5555, or HTIF exit code 0)\n"
            "  1-255 the guest failed with this code (finisher or HTIF; 0 becomes 1)\n"
            "  %d    bad command line (the option is named), or guest OS arguments\n"
            "        beyond the kernel's command line (4096 bytes)\n"
            "  %d    not a program vmsim can run (or a file over 256 MiB)\n"
            "  %d    a file cannot be opened or read, or is not a regular file\n"
            "  %d    disk image not whole 512-byte sectors, or empty; for the guest OS,\n"
            "        not a consistent file system, or too small for the program\n"
            "  %d    --window and no display to open it on\n"
            "  %d    out of host memory\n"
            "  %d    the bundled guest OS kernel cannot be found\n"
            "  %d    the bundled root image (rootfs.img) cannot be found\n"
            "  %d   guest trap handler faults on itself (it would loop forever)\n"
            "  %d   guest waits for an interrupt that can never arrive\n"
            "  %d   quit from the console (Ctrl-A x) or the window (F10, or closed)\n"
            "  %d   instruction limit reached\n"
            "  %d   killed from the debugger\n"
            "  128+N killed by signal N (SIGINT, SIGTERM, SIGHUP), after closing the disk\n"
            "        image and restoring the terminal\n",
            0x00400000u, VMSIM_RAM_BASE, VMSIM_FINISHER_BASE, VMSIM_RAM_DEFAULT_SIZE >> 20,
            HART_TIMING_DEFAULT_WALK_ACCESS, HART_TIMING_DEFAULT_TLB_MISS, HART_TIMING_DEFAULT_TRAP, EXIT_NO_DISPLAY,
            EXIT_USAGE, EXIT_BAD_PROGRAM, EXIT_CANNOT_OPEN, EXIT_BAD_DISK, EXIT_NO_DISPLAY, EXIT_HOST_ERROR,
            EXIT_NO_KERNEL, EXIT_NO_ROOT_IMAGE, EXIT_GUEST_TRAP_LOOP, EXIT_GUEST_HUNG, EXIT_USER_QUIT, EXIT_INSTRUCTION_LIMIT,
            EXIT_DEBUGGER_KILLED);
    fprintf(out, "\nKernel options (--append NAME=VALUE; vmsim refuses others, and words without\n"
                 "'=' go to init as the program to run and its arguments):\n");
    kernel_options_print(out, 2);
}

static int usage_error(const char *format, const char *detail)
{
    fprintf(stderr, "vmsim: ");
    fprintf(stderr, format, detail);
    fprintf(stderr, " (try 'vmsim --help')\n");
    return EXIT_USAGE;
}

/* Parses a positive number with an optional k/M/G suffix worth unit, unit^2 or unit^3. */
static bool parse_scaled(const char *text, uint64_t unit, uint64_t *out)
{
    if (!text[0] || text[0] == '-')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text)
        return false;
    uint64_t scale = 1;
    if (*end == 'k' || *end == 'K')
        scale = unit, end++;
    else if (*end == 'M')
        scale = unit * unit, end++;
    else if (*end == 'G')
        scale = unit * unit * unit, end++;
    if (*end || v == 0 || v > (UINT64_MAX >> 1) / scale)
        return false;
    *out = v * scale;
    return true;
}

/* A count of things: k, M and G are powers of 1000. */
static bool parse_count(const char *text, uint64_t *out)
{
    return parse_scaled(text, 1000, out);
}

/* A cost in cycles: a decimal number from 0 to MAX_LATENCY, no suffix. */
#define MAX_LATENCY 1000000u
static bool parse_latency(const char *text, uint32_t *out)
{
    if (strcmp(text, "0") == 0) {
        *out = 0;
        return true;
    }
    uint64_t v;
    if (!parse_count(text, &v) || v > MAX_LATENCY || strpbrk(text, "kKMG"))
        return false;
    *out = (uint32_t)v;
    return true;
}

/* A size in bytes: k, M and G are KiB, MiB and GiB. */
static bool parse_size(const char *text, uint64_t *out)
{
    return parse_scaled(text, 1024, out);
}

/* getopt_long's '?': `given` is the argument it stopped at, `code` its optopt (the letter
 * of a short option, or a long option's code: a number of ours, not a byte to print). The
 * message names the option as the user typed it, and what is wrong with it. */
static int option_error(const char *given, int code, const struct option *long_options)
{
    const char *problem = "is unknown";
    if (given[0] == '-' && given[1] == '-') {
        size_t length = strcspn(given, "=");
        const struct option *found = NULL;
        int matches = 0;
        for (const struct option *o = long_options; o->name; o++)
            if (strncmp(o->name, given + 2, length - 2) == 0) {
                found = o; /* an exact name wins over the abbreviations it starts */
                matches = strlen(o->name) == length - 2 ? 1 : matches + 1;
                if (matches == 1 && strlen(o->name) == length - 2)
                    break;
            }
        if (matches == 1)
            problem = found->has_arg == required_argument ? "wants a value" : "takes no value";
        else if (matches > 1)
            problem = "is ambiguous";
        fprintf(stderr, "vmsim: option '%.*s' %s (try 'vmsim --help')\n", (int)length, given, problem);
        return EXIT_USAGE;
    }
    if (code > 0 && code < 128 && isgraph(code)) {
        if (strchr("mn", code))
            problem = "wants a value";
        fprintf(stderr, "vmsim: option '-%c' %s (try 'vmsim --help')\n", code, problem);
        return EXIT_USAGE;
    }
    fprintf(stderr, "vmsim: option '%s' is unknown (try 'vmsim --help')\n", given);
    return EXIT_USAGE;
}

/* Returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
    enum {
        OPT_TLB_ENTRIES = 256, OPT_TLB_WAYS, OPT_TLB_POLICY, OPT_TLB_SEED, OPT_TLB_SPLIT,
        OPT_TLB_NO_ASID, OPT_STATS_JSON, OPT_TRACE, OPT_TRACE_INTERVAL, OPT_TRACE_MISSES, OPT_TRAP_MISALIGNED,
        OPT_NO_JIT, OPT_WALK_LATENCY, OPT_TLB_MISS_LATENCY, OPT_TRAP_LATENCY,
        OPT_GDB, OPT_DISK, OPT_DISK_CREATE, OPT_DISK_READ_ONLY, OPT_HEADLESS, OPT_WINDOW,
        OPT_SCREENSHOT, OPT_KERNEL, OPT_APPEND, OPT_TIMELINE, OPT_VIEW,
    };
    static const struct option long_options[] = {
        {"memory", required_argument, NULL, 'm'},
        {"max-instructions", required_argument, NULL, 'n'},
        {"trap-misaligned", no_argument, NULL, OPT_TRAP_MISALIGNED},
        {"no-jit", no_argument, NULL, OPT_NO_JIT},
        {"walk-latency", required_argument, NULL, OPT_WALK_LATENCY},
        {"tlb-miss-latency", required_argument, NULL, OPT_TLB_MISS_LATENCY},
        {"trap-latency", required_argument, NULL, OPT_TRAP_LATENCY},
        {"gdb", required_argument, NULL, OPT_GDB},
        {"disk", required_argument, NULL, OPT_DISK},
        {"disk-create", required_argument, NULL, OPT_DISK_CREATE},
        {"disk-read-only", no_argument, NULL, OPT_DISK_READ_ONLY},
        {"kernel", required_argument, NULL, OPT_KERNEL},
        {"append", required_argument, NULL, OPT_APPEND},
        {"tlb-entries", required_argument, NULL, OPT_TLB_ENTRIES},
        {"tlb-ways", required_argument, NULL, OPT_TLB_WAYS},
        {"tlb-policy", required_argument, NULL, OPT_TLB_POLICY},
        {"tlb-seed", required_argument, NULL, OPT_TLB_SEED},
        {"tlb-split", no_argument, NULL, OPT_TLB_SPLIT},
        {"tlb-no-asid", no_argument, NULL, OPT_TLB_NO_ASID},
        {"stats", no_argument, NULL, 's'},
        {"stats-json", required_argument, NULL, OPT_STATS_JSON},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"trace-interval", required_argument, NULL, OPT_TRACE_INTERVAL},
        {"trace-misses", no_argument, NULL, OPT_TRACE_MISSES},
        {"timeline", required_argument, NULL, OPT_TIMELINE},
        {"headless", no_argument, NULL, OPT_HEADLESS},
        {"window", no_argument, NULL, OPT_WINDOW},
        {"screenshot", required_argument, NULL, OPT_SCREENSHOT},
        {"view", required_argument, NULL, OPT_VIEW},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    *o = (struct options){.ram_mib = VMSIM_RAM_DEFAULT_SIZE >> 20, .tlb = tlb_default_config(),
                          .trace_interval = 100000,
                          .timing = {.walk_access = HART_TIMING_DEFAULT_WALK_ACCESS,
                                     .tlb_miss = HART_TIMING_DEFAULT_TLB_MISS,
                                     .trap = HART_TIMING_DEFAULT_TRAP}};
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+m:n:shV", long_options, NULL)) != -1) {
        uint64_t v;
        switch (c) {
        case 'm':
            if (!parse_count(optarg, &v) || v > 2048)
                return usage_error("--memory wants a size in MiB from 1 to 2048, not '%s'", optarg);
            o->ram_mib = (uint32_t)v;
            break;
        case 'n':
            if (!parse_count(optarg, &v))
                return usage_error("--max-instructions wants a positive count, not '%s'", optarg);
            o->max_instructions = v;
            break;
        case OPT_TRAP_MISALIGNED: o->trap_misaligned = true; break;
        case OPT_NO_JIT: o->no_jit = true; break;
        case OPT_WALK_LATENCY:
        case OPT_TLB_MISS_LATENCY:
        case OPT_TRAP_LATENCY: {
            uint32_t *field = c == OPT_WALK_LATENCY       ? &o->timing.walk_access
                              : c == OPT_TLB_MISS_LATENCY ? &o->timing.tlb_miss
                                                          : &o->timing.trap;
            const char *name = c == OPT_WALK_LATENCY       ? "--walk-latency"
                               : c == OPT_TLB_MISS_LATENCY ? "--tlb-miss-latency"
                                                           : "--trap-latency";
            if (!parse_latency(optarg, field)) {
                char message[160];
                snprintf(message, sizeof message, "%s wants a number of cycles from 0 to %u, not '%s'", name,
                         MAX_LATENCY, optarg);
                return usage_error("%s", message);
            }
            break;
        }
        case OPT_GDB:
            if (!parse_count(optarg, &v) || v > 65535)
                return usage_error("--gdb wants a TCP port from 1 to 65535, not '%s'", optarg);
            o->gdb_port = (unsigned)v;
            break;
        case OPT_DISK: o->disk = optarg; break;
        case OPT_DISK_CREATE:
            if (!parse_size(optarg, &v) || v % 512 != 0)
                return usage_error("--disk-create wants a size that is a multiple of 512 bytes, "
                                   "such as 16M, not '%s'", optarg);
            o->disk_create_size = v;
            break;
        case OPT_DISK_READ_ONLY: o->disk_read_only = true; break;
        case OPT_KERNEL: o->kernel = optarg; break;
        case OPT_APPEND: {
            char why[160];
            if (!kernel_options_check(optarg, why, sizeof why))
                return usage_error("%s", why);
            o->append = optarg;
            break;
        }
        case OPT_HEADLESS: o->ui_mode = UI_MODE_HEADLESS; break;
        case OPT_WINDOW: o->ui_mode = UI_MODE_WINDOW; break;
        case OPT_SCREENSHOT: {
            char why[160];
            if (!image_file_format_supported(optarg, why, sizeof why))
                return usage_error("--screenshot: %s", why);
            o->screenshot = optarg;
            break;
        }
        case OPT_TLB_ENTRIES:
            if (!parse_count(optarg, &v) || v > 65536)
                return usage_error("--tlb-entries wants a count from 1 to 65536, not '%s'", optarg);
            o->tlb.entries = (unsigned)v;
            break;
        case OPT_TLB_WAYS:
            if (strcmp(optarg, "0") == 0)
                v = 0;
            else if (!parse_count(optarg, &v) || v > 65536)
                return usage_error("--tlb-ways wants a count (0 = fully associative), not '%s'", optarg);
            o->tlb.ways = (unsigned)v;
            break;
        case OPT_TLB_POLICY:
            if (!tlb_policy_from_name(optarg, &o->tlb.policy))
                return usage_error("--tlb-policy wants lru, fifo or random, not '%s'", optarg);
            break;
        case OPT_TLB_SEED:
            if (!parse_count(optarg, &v))
                return usage_error("--tlb-seed wants a positive number, not '%s'", optarg);
            o->tlb.seed = v;
            break;
        case OPT_TLB_SPLIT: o->tlb.split = true; break;
        case OPT_TLB_NO_ASID: o->tlb.asid_tagging = false; break;
        case 's': o->stats = true; break;
        case OPT_STATS_JSON: o->stats_json = optarg; break;
        case OPT_TRACE: o->trace = optarg; break;
        case OPT_TRACE_MISSES: o->trace_misses = true; break;
        case OPT_TIMELINE: o->timeline = optarg; break;
        case OPT_VIEW:
            if (strcmp(optarg, "os") != 0 && strcmp(optarg, "machine") != 0)
                return usage_error("--view wants machine or os, not '%s'", optarg);
            o->os_page = strcmp(optarg, "os") == 0;
            break;
        case OPT_TRACE_INTERVAL:
            if (strcmp(optarg, "0") == 0)
                v = 0;
            else if (!parse_count(optarg, &v))
                return usage_error("--trace-interval wants a count of instructions, not '%s'", optarg);
            o->trace_interval = v;
            break;
        case 'h': print_usage(stdout); return 0;
        case 'V': printf("vmsim %s\n", VMSIM_VERSION); return 0;
        case '?':
            return option_error(argv[optind - 1], optopt, long_options);
        default:
            return usage_error("option '%s' is not handled", argv[optind - 1]);
        }
    }
    if ((o->disk_create_size || o->disk_read_only) && !o->disk)
        return usage_error("%s", "--disk-create and --disk-read-only need --disk FILE");
    if (o->trace_misses && !o->trace)
        return usage_error("%s", "--trace-misses needs --trace FILE");
    if (optind < argc) {
        o->program = argv[optind];
        o->args = argv + optind + 1;
        o->nargs = argc - optind - 1;
    }
    return -1;
}

/* The window, while it has a console pane to feed; NULL otherwise. */
static struct ui *console_ui;

static void console_write(void *opaque, uint8_t byte)
{
    (void)opaque;
    putchar(byte);
    if (console_ui)
        ui_console_output(console_ui, byte);
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *stop_name(enum machine_stop stop)
{
    switch (stop) {
    case MACHINE_EXITED: return "guest exit";
    case MACHINE_LIMIT: return "instruction limit";
    case MACHINE_HUNG: return "guest hung in wfi";
    case MACHINE_TRAP_LOOP: return "guest trap loop";
    case MACHINE_HOST_ERROR: return "host error";
    case MACHINE_KILLED: return "killed from the debugger";
    case MACHINE_SIGNALLED: return "stopped by a signal";
    case MACHINE_QUIT: return "quit by the user";
    }
    return "?";
}

/* quiet_guest_status: a guest OS program's status is its own business, as a shell
 * command's is; say nothing about a non-zero one. */
static int exit_status_for(struct machine *m, enum machine_stop stop, bool quiet_guest_status)
{
    const struct hart *h = &m->hart;
    switch (stop) {
    case MACHINE_EXITED:
        if (!m->exit.guest_failed)
            return EXIT_GUEST_PASSED;
        if (!quiet_guest_status)
            fprintf(stderr, "vmsim: guest reported failure with code %u\n", m->exit.code);
        return (m->exit.code & 0xff) ? (int)(m->exit.code & 0xff) : 1;
    case MACHINE_LIMIT:
        fprintf(stderr, "vmsim: stopped after %" PRIu64 " instructions (--max-instructions) at pc 0x%08x\n",
                h->steps, h->pc);
        return EXIT_INSTRUCTION_LIMIT;
    case MACHINE_HUNG:
        if (m->hung_waiting_for_input)
            fprintf(stderr, "vmsim: guest waits (wfi at 0x%08x) for UART input, but standard input "
                            "has ended and no timer is set\n", h->pc - 4);
        else
            fprintf(stderr, "vmsim: guest waits (wfi at 0x%08x) for an interrupt that can never arrive\n",
                    h->pc - 4);
        return EXIT_GUEST_HUNG;
    case MACHINE_TRAP_LOOP:
        fprintf(stderr,
                "vmsim: guest is stuck: %s at 0x%08x (mtval 0x%08x), which is its own trap handler "
                "(mtvec 0x%08x)\n",
                riscv_cause_name(h->mcause), h->mepc, h->mtval, h->mtvec);
        return EXIT_GUEST_TRAP_LOOP;
    case MACHINE_KILLED:
        fprintf(stderr, "vmsim: killed from the debugger at pc 0x%08x\n", h->pc);
        return EXIT_DEBUGGER_KILLED;
    case MACHINE_SIGNALLED:
        fprintf(stderr, "vmsim: stopped by %s at pc 0x%08x\n", host_signals_name(host_signals_caught()), h->pc);
        return 128 + host_signals_caught();
    case MACHINE_QUIT:
        fprintf(stderr, "vmsim: quit (Ctrl-A x, or the window) at pc 0x%08x\n", h->pc);
        return EXIT_USER_QUIT;
    case MACHINE_HOST_ERROR:
        fprintf(stderr, "vmsim: out of host memory for the decode cache\n");
        return EXIT_HOST_ERROR;
    }
    return EXIT_HOST_ERROR;
}

int main(int argc, char **argv)
{
    struct options options;
    int status = parse_options(argc, argv, &options);
    if (status >= 0)
        return status;

    static struct machine machine;
    char err[256];
    struct machine_config config = {
        .ram_size = options.ram_mib << 20,
        .max_instructions = options.max_instructions,
        .tlb = options.tlb,
        .trap_misaligned = options.trap_misaligned,
        .no_jit = options.no_jit,
        .timing = options.timing,
        .console_output = console_write,
    };
    /* A TLB geometry that cannot exist is a usage error; check it before allocating RAM. */
    struct tlb probe;
    if (!tlb_init(&probe, &options.tlb, err, sizeof err)) {
        fprintf(stderr, "vmsim: %s (try 'vmsim --help')\n", err);
        return EXIT_USAGE;
    }
    tlb_destroy(&probe);
    /* With no program, or a program linked at user addresses, boot the guest OS. */
    enum os_program_kind kind = OS_PROGRAM_USER;
    if (options.program && (status = os_boot_classify(options.program, &kind)) >= 0)
        return status;
    bool guest_os = kind == OS_PROGRAM_USER;
    if (!guest_os && options.nargs > 0)
        return usage_error("unexpected argument '%s' after a bare-metal program (arguments are for "
                           "guest OS programs)", options.args[0]);
    if (!guest_os && (options.kernel || options.append))
        return usage_error("%s", "--kernel and --append are for guest OS programs");
    if (guest_os && (options.disk_create_size || options.disk_read_only))
        return usage_error("%s", "--disk-create and --disk-read-only are for bare-metal programs; "
                                 "make a guest OS disk with vmsim-fs create");
    /* Before any file is made: a signal from here on ends the run the orderly way. */
    if (!host_signals_install(err, sizeof err)) {
        fprintf(stderr, "vmsim: %s\n", err);
        return EXIT_HOST_ERROR;
    }
    static struct disk_image disk;
    static struct os_boot boot;
    if (guest_os) {
        struct os_boot_request request = {.program = options.program, .args = options.args,
                                          .nargs = options.nargs, .disk = options.disk,
                                          .kernel = options.kernel, .append = options.append,
                                          .input_is_pipe = !isatty(STDIN_FILENO)};
        if ((status = os_boot_prepare(&request, &boot)) >= 0)
            return status;
        config.disk = &boot.disk;
    } else if (options.disk) {
        enum disk_image_result opened = disk_image_open(&disk, options.disk, options.disk_create_size,
                                                        options.disk_read_only, err, sizeof err);
        if (opened != DISK_IMAGE_OK) {
            fprintf(stderr, "vmsim: %s\n", err);
            return opened == DISK_IMAGE_BAD ? EXIT_BAD_DISK : EXIT_CANNOT_OPEN;
        }
        config.disk = &disk;
    }
    if (!machine_init(&machine, &config, err, sizeof err)) {
        fprintf(stderr, "vmsim: %s\n", err);
        return EXIT_HOST_ERROR;
    }
    if (guest_os && (status = os_boot_start(&machine, &boot)) >= 0) {
        machine_destroy(&machine);
        return status;
    }
    enum elf_load_result loaded = guest_os ? ELF_LOADED
                                           : machine_load_program(&machine, options.program, err, sizeof err);
    if (loaded != ELF_LOADED) {
        fprintf(stderr, "vmsim: %s: %s\n", options.program, err);
        machine_destroy(&machine);
        return loaded == ELF_CANNOT_OPEN ? EXIT_CANNOT_OPEN : EXIT_BAD_PROGRAM;
    }
    /* The attachments on the observation boundary, in this order: process accounts, trace,
     * timeline, debugger, window; detached in reverse at the end. */
    static struct process_accounts processes;
    process_accounts_init(&processes, &machine.hart);
    struct observer accounts = process_accounts_observer(&processes);
    observe_attach(&machine.observe, &accounts);
    /* --stats-json's per-page miss histogram; static, so that its table stays reachable
     * on the early returns below. */
    static struct miss_pages miss_pages;
    bool counting_miss_pages = options.stats_json != NULL;
    if (counting_miss_pages) {
        if (!miss_pages_init(&miss_pages, &machine.observe)) {
            fprintf(stderr, "vmsim: out of host memory\n");
            process_accounts_destroy(&processes);
            machine_destroy(&machine);
            return EXIT_HOST_ERROR;
        }
        struct observer pages = miss_pages_observer(&miss_pages);
        observe_attach(&machine.observe, &pages);
    }
    static struct trace trace;
    if (options.trace) {
        if (!trace_open(&trace, options.trace, &machine.hart, options.trace_interval, options.trace_misses, err,
                        sizeof err)) {
            fprintf(stderr, "vmsim: %s\n", err);
            process_accounts_destroy(&processes);
            machine_destroy(&machine);
            return EXIT_CANNOT_OPEN;
        }
        trace_attach(&trace, &machine.observe);
    }
    static struct timeline timeline;
    if (options.timeline) {
        if (!timeline_open(&timeline, options.timeline, &machine.hart, err, sizeof err)) {
            fprintf(stderr, "vmsim: %s\n", err);
            if (options.trace)
                trace_close(&trace, "not started", EXIT_CANNOT_OPEN);
            process_accounts_destroy(&processes);
            machine_destroy(&machine);
            return EXIT_CANNOT_OPEN;
        }
        timeline_attach(&timeline, &machine.observe);
    }
    static struct gdbstub debugger;
    if (options.gdb_port) {
        if (!gdbstub_open(&debugger, &machine.hart, options.gdb_port, err, sizeof err)) {
            fprintf(stderr, "vmsim: %s\n", err);
            if (options.timeline)
                timeline_close(&timeline);
            if (options.trace)
                trace_close(&trace, "not started", EXIT_CANNOT_OPEN);
            process_accounts_destroy(&processes);
            machine_destroy(&machine);
            return EXIT_CANNOT_OPEN;
        }
        struct observer stub = gdbstub_observer(&debugger);
        observe_attach(&machine.observe, &stub);
        if (!gdbstub_watch_guest_os(&debugger, &machine.observe))
            fprintf(stderr, "vmsim: the debugger cannot follow the guest's threads (too many attachments)\n");
    }
    struct ui *ui;
    struct ui_options ui_options = {.mode = options.ui_mode,
                                    .title = options.program ? options.program : "vmsim guest OS",
                                    .screenshot = options.screenshot,
                                    .os_page = options.os_page};
    enum ui_open_result ui_opened = ui_open(&ui, &ui_options, &machine, err, sizeof err);
    if (ui_opened != UI_OPENED) {
        fprintf(stderr, "vmsim: %s\n", err);
        if (options.gdb_port)
            gdbstub_close(&debugger, EXIT_HOST_ERROR);
        if (options.timeline)
            timeline_close(&timeline);
        if (options.trace)
            trace_close(&trace, "not started", EXIT_HOST_ERROR);
        process_accounts_destroy(&processes);
        machine_destroy(&machine);
        return ui_opened == UI_NO_DISPLAY ? EXIT_NO_DISPLAY : EXIT_HOST_ERROR;
    }
    if (ui)
        console_ui = ui;
    static struct console console;
    console_open(&console, STDIN_FILENO, &machine.uart);
    if (ui)
        console.wake_fd = ui_wake_fd(ui);
    machine.console = &console;
    /* Turnaround and response time per process, for --stats and --stats-json. */
    static struct process_times times;
    process_times_init(&times);
    struct observer times_observer = process_times_observer(&times, &machine.hart);
    observe_attach(&machine.observe, &times_observer);
    double start = seconds_now();
    enum machine_stop stop = machine_run(&machine);
    double seconds = seconds_now() - start;
    fflush(stdout);
    console_close(&console);
    status = exit_status_for(&machine, stop, guest_os);
    observe_run_end(&machine.observe, stop_name(stop), status);
    if (ui) {
        char how[96];
        snprintf(how, sizeof how, "%s, exit status %d", stop_name(stop), status);
        console_ui = NULL;
        if (!ui_close(ui, how, err, sizeof err)) {
            fprintf(stderr, "vmsim: %s\n", err);
            if (status == EXIT_GUEST_PASSED)
                status = EXIT_CANNOT_OPEN;
        }
    }
    if (options.gdb_port) {
        observe_detach(&machine.observe, &debugger);
        gdbstub_close(&debugger, status);
    }
    if (options.timeline && !timeline_close(&timeline)) {
        fprintf(stderr, "vmsim: cannot write timeline file %s: %s\n", options.timeline, strerror(errno));
        if (status == EXIT_GUEST_PASSED)
            status = EXIT_CANNOT_OPEN;
    }
    if (options.trace)
        trace_close(&trace, stop_name(stop), status);
    observe_detach(&machine.observe, &times);
    observe_detach(&machine.observe, &processes);
    if (counting_miss_pages)
        observe_detach(&machine.observe, &miss_pages);
    if (options.stats)
        stats_print_summary(stderr, &machine.hart, &machine.annotation, &processes, &times, seconds);
    if (options.stats_json && !stats_write_json(options.stats_json, &machine.hart, &machine.annotation, &processes,
                                                    &times, counting_miss_pages ? &miss_pages : NULL, seconds)) {
        fprintf(stderr, "vmsim: cannot write statistics to %s: %s\n", options.stats_json, strerror(errno));
        if (status == EXIT_GUEST_PASSED)
            status = EXIT_CANNOT_OPEN;
    }
    process_times_destroy(&times);
    process_accounts_destroy(&processes);
    miss_pages_destroy(&miss_pages);
    machine_destroy(&machine);
    host_signals_reraise();
    return status;
}
