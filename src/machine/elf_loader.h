/* Loading a RISC-V ELF executable into guest RAM with libelf. */
#ifndef VMSIM_MACHINE_ELF_LOADER_H
#define VMSIM_MACHINE_ELF_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bus;

struct elf_program {
    uint32_t entry;
    bool has_tohost;
    uint32_t tohost, fromhost; /* fromhost is 0 when the symbol is absent */
};

/* A program file larger than this is refused before a byte of it is read: far more than
 * any program for this machine (guest RAM is at most 2 GiB, and a guest OS program must fit
 * a 65 MiB file), and it keeps a mistaken multi-GB file from being read whole. */
#define ELF_MAX_FILE_BYTES (256u << 20)

enum elf_load_result {
    ELF_LOADED,
    ELF_CANNOT_OPEN, /* the file cannot be opened or read */
    ELF_INVALID,     /* not an ELF, the wrong kind of ELF, truncated, does not fit RAM, or
                      * a file larger than ELF_MAX_FILE_BYTES */
};

/* Loads the PT_LOAD segments of `path` at their physical addresses. On failure, `err`
 * holds one line saying what is wrong (without the file name). */
enum elf_load_result elf_load(const char *path, struct bus *bus, struct elf_program *program,
                              char *err, size_t err_size);

/* The lowest and highest-plus-one virtual addresses of the PT_LOAD segments of `path`,
 * after the same header checks as elf_load (vmsim tells a guest OS program, linked at
 * user addresses, from a bare-metal one, linked in RAM, by them). */
enum elf_load_result elf_load_span(const char *path, uint64_t *low, uint64_t *high, char *err,
                                   size_t err_size);

#endif
