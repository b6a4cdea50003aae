/* The vmsim machine: one hart, RAM and the devices of the machine map, wired together,
 * and the loop that runs it in batches that end at every timer deadline. */
#ifndef VMSIM_MACHINE_MACHINE_H
#define VMSIM_MACHINE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/hart.h"
#include "devices/annotation.h"
#include "devices/clint.h"
#include "devices/exit_request.h"
#include "devices/finisher.h"
#include "devices/framebuffer.h"
#include "devices/htif.h"
#include "devices/keyboard.h"
#include "devices/plic.h"
#include "devices/uart16550.h"
#include "devices/virtio_blk.h"
#include "machine/elf_loader.h"
#include "machine/machine_stop.h"
#include "machine/observe.h"
#include "mmu/bus.h"
#include "tlb/tlb.h"

struct console;

struct machine_config {
    uint32_t ram_size;
    uint64_t max_instructions; /* 0: no limit */
    struct tlb_config tlb;
    bool trap_misaligned;
    bool no_jit; /* interpret only (see hart_set_jit) */
    struct hart_timing timing; /* zero: a cycle per step (the CLI sets the defaults) */
    struct disk_image *disk; /* the virtio-blk disk's image; NULL: no disk */
    /* Where console output (UART and HTIF) goes. */
    void (*console_output)(void *opaque, uint8_t byte);
    void *console_opaque;
};

struct machine {
    struct machine_config config;
    struct bus bus;
    struct hart hart;
    struct clint clint;
    struct plic plic;
    struct uart16550 uart;
    struct plic_line uart_irq;
    struct virtio_blk disk;
    struct plic_line disk_irq;
    struct framebuffer framebuffer;
    struct keyboard keyboard;
    struct plic_line keyboard_irq;
    struct finisher finisher;
    struct annotation annotation; /* who the guest OS says runs now, and its reports */
    struct htif htif;
    bool has_htif;
    struct exit_request exit;
    /* Where trace, statistics, the window, the timeline and the debugger attach. */
    struct observe observe;
    struct console *console;  /* standard input for the UART; NULL: no input */
    uint64_t console_polled_at; /* hart steps at the last look at the console */
    bool hung_waiting_for_input; /* MACHINE_HUNG because the console input ended */
};

/* Builds the machine. False with a one-line message in err on failure. The machine owns
 * config->disk from here on, even on failure: machine_destroy() closes it. */
bool machine_init(struct machine *m, const struct machine_config *config, char *err, size_t err_size);
void machine_destroy(struct machine *m);

/* Loads a bare-metal program and points the hart at its entry, with HTIF if it has tohost. */
enum elf_load_result machine_load_program(struct machine *m, const char *path, char *err,
                                          size_t err_size);

/* Runs until the guest exits or the machine cannot go on. */
enum machine_stop machine_run(struct machine *m);

#endif
