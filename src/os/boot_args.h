/* The boot command line: the one vmsim passed (abi/bootargs.h); on QEMU, /chosen/bootargs
 * of the device tree it passes (what -append says; without -append none, and init starts
 * the shell); else the one built into the kernel image (vmsim started on a kernel image
 * directly). */
#ifndef OS_BOOT_ARGS_H
#define OS_BOOT_ARGS_H

#include "types.h"

/* The option "quiet": no boot messages, so that `vmsim prog.elf` shows only what prog
 * prints. */
extern bool boot_quiet;

/* The value of a numeric kernel option (abi/kernel_options.h "LOW..HIGH"): true if text
 * is a decimal number from low to high, stored in *out. */
bool boot_option_number(const char *text, uint32_t low, uint32_t high, uint32_t *out);

/* a1 at reset, saved by entry.S. */
extern uint32_t boot_args_address;

/* Copies the command line into the kernel. Call it before RAM is handed to the page
 * allocator, which may reuse the page vmsim wrote it in. Returns the text (kernel memory,
 * writable, lives forever). */
char *boot_args_take(void);

#endif
