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

/* A flattened device tree (devicetree spec, chapter 5), as QEMU passes in a1: the header's
 * words and the structure block's tokens, all big-endian. */
#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

static uint32_t big_endian_word(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The header word at index i (0 magic, 1 totalsize, 2 off_dt_struct, 3 off_dt_strings,
 * 8 size_dt_strings, 9 size_dt_struct). */
static uint32_t fdt_header_word(uint32_t address, uint32_t i)
{
    return big_endian_word((const uint8_t *)(address + 4 * i));
}

static bool fdt_is_at(uint32_t address)
{
    return address >= KERNEL_BASE && address < RAM_END && address % 4 == 0 && RAM_END - address >= 40 &&
           fdt_header_word(address, 0) == FDT_MAGIC && fdt_header_word(address, 1) <= RAM_END - address;
}

/* Copies /chosen/bootargs of the device tree at address into command_line ("" when the
 * tree has none: QEMU without -append). Every offset is checked against the tree's size
 * before it is followed, so a damaged tree gives an empty line, not a fault. */
static void take_fdt_bootargs(uint32_t address)
{
    command_line[0] = '\0';
    uint32_t size = fdt_header_word(address, 1), structure = fdt_header_word(address, 2);
    uint32_t strings = fdt_header_word(address, 3), strings_size = fdt_header_word(address, 8);
    uint32_t structure_size = fdt_header_word(address, 9);
    if (structure > size || structure_size > size - structure || strings > size || strings_size > size - strings)
        return;
    const uint8_t *tree = (const uint8_t *)address;
    uint32_t at = structure, end = structure + structure_size, depth = 0;
    bool in_chosen = false;
    while (end - at >= 4) {
        uint32_t token = big_endian_word(tree + at);
        at += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)tree + at;
            uint32_t length = 0;
            while (at + length < end && name[length])
                length++;
            if (at + length == end)
                return;
            depth++;
            if (depth == 2 && strcmp(name, "chosen") == 0)
                in_chosen = true;
            at += (length + 4) & ~3u; /* the name, its NUL, padding to a word */
        } else if (token == FDT_END_NODE) {
            if (depth == 2)
                in_chosen = false;
            if (depth == 0)
                return;
            depth--;
        } else if (token == FDT_PROP) {
            if (end - at < 8)
                return;
            uint32_t length = big_endian_word(tree + at), name_offset = big_endian_word(tree + at + 4);
            at += 8;
            if (length > end - at || name_offset >= strings_size)
                return;
            const char *name = (const char *)tree + strings + name_offset;
            if (in_chosen && depth == 2 && strings_size - name_offset >= sizeof "bootargs" &&
                memcmp(name, "bootargs", sizeof "bootargs") == 0 &&
                length > 0 && length <= BOOTARGS_MAX) {
                memcpy(command_line, tree + at, length);
                command_line[length - 1] = '\0'; /* the property's own NUL */
                return;
            }
            at += (length + 3) & ~3u;
        } else if (token != FDT_NOP) {
            return; /* FDT_END, or a token this parser does not know */
        }
    }
}

char *boot_args_take(void)
{
    if (boot_args_address == 0)
        return command_line;
    if (fdt_is_at(boot_args_address)) {
        take_fdt_bootargs(boot_args_address);
        return command_line;
    }
    if (!block_is_valid(boot_args_address))
        return command_line;
    const struct bootargs *block = (const struct bootargs *)boot_args_address;
    memcpy(command_line, block->text, block->length + 1);
    return command_line;
}

bool boot_option_number(const char *text, uint32_t low, uint32_t high, uint32_t *out)
{
    uint32_t n = 0;
    if (!*text)
        return false;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || n > high)
            return false;
        n = n * 10 + (uint32_t)(*p - '0');
    }
    if (n < low || n > high)
        return false;
    *out = n;
    return true;
}
