/* Taking the boot command line from vmsim's boot-argument block (abi/bootargs.h). */
#include "boot_args.h"

#include "abi/bootargs.h"
#include "memlayout.h"
#include "printf.h"
#include "string.h"

#ifndef BOOT_COMMAND_LINE
#define BOOT_COMMAND_LINE ""
#endif

uint32_t boot_args_address;
bool boot_quiet;

static char command_line[BOOTARGS_MAX] = BOOT_COMMAND_LINE;

/* True if a valid block lies at address: inside RAM, with the magic, a length that fits
 * and the NUL where the length says. Under QEMU a1 points at a device tree, which fails
 * the magic test. */
static bool block_is_valid(uint32_t address)
{
    if (address < KERNEL_BASE || address >= RAM_END || address % 4 != 0 ||
        RAM_END - address < BOOTARGS_MAX)
        return false;
    const struct bootargs *block = (const struct bootargs *)address;
    return block->magic == BOOTARGS_MAGIC && block->length < BOOTARGS_MAX - sizeof *block &&
           block->text[block->length] == '\0';
}

char *boot_args_take(void)
{
    if (boot_args_address == 0)
        return command_line;
    if (!block_is_valid(boot_args_address))
        return command_line;
    const struct bootargs *block = (const struct bootargs *)boot_args_address;
    memcpy(command_line, block->text, block->length + 1);
    return command_line;
}
