/* The parts of the 32-bit ELF format exec reads: the file header and program headers. */
#ifndef OS_ELF_H
#define OS_ELF_H

#include "types.h"

#define ELF_MAGIC 0x464c457fu /* "\x7fELF" read as a little-endian word */
#define ELF_CLASS_32 1
#define ELF_TYPE_EXEC 2
#define ELF_MACHINE_RISCV 243

struct elf_header {
    uint32_t magic;
    uint8_t class, data, version, os_abi, abi_version, padding[7];
    uint16_t type, machine;
    uint32_t elf_version, entry, program_header_offset, section_header_offset, flags;
    uint16_t header_size, program_header_size, program_header_count;
    uint16_t section_header_size, section_header_count, section_name_index;
};

#define ELF_SEGMENT_LOAD 1
#define ELF_SEGMENT_X 1
#define ELF_SEGMENT_W 2
#define ELF_SEGMENT_R 4

struct elf_program_header {
    uint32_t type, offset, vaddr, paddr, file_size, memory_size, flags, align;
};

#endif
