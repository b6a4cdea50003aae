/* How vmsim hands the guest kernel its command line (the boot protocol; docs/os.md).
 *
 * At reset a0 holds the hart id (0) and a1 the physical address of a struct bootargs, as
 * RISC-V boot loaders pass a device tree in a1. vmsim places the block in the last
 * BOOTARGS_MAX bytes of RAM. The kernel checks the magic (under QEMU a1 points at a device
 * tree instead, and the kernel then uses its built-in command line) and copies the text
 * before it hands RAM to its page allocator.
 *
 * The text is words separated by spaces. Kernel options (abi/kernel_options.h: quiet, and
 * key=value words such as sched=rr) come first; the first other word names the program
 * init runs, and every word after it is that program's argument, whatever it looks like.
 * With no program, init runs the shell /bin/sh on the console. */
#ifndef OS_ABI_BOOTARGS_H
#define OS_ABI_BOOTARGS_H

#include <stdint.h>

#define BOOTARGS_MAGIC 0x41424d56u /* "VMBA" as little-endian bytes */
#define BOOTARGS_MAX 4096u

struct bootargs {
    uint32_t magic;  /* BOOTARGS_MAGIC */
    uint32_t length; /* bytes of text, not counting its NUL */
    char text[];     /* NUL-terminated */
};

#endif
