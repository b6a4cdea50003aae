/* The checks exec makes on a user's ELF file before it trusts any number in it. They are
 * kept apart from the file system and the page tables so that they also build for the
 * host, where tests/fuzz/fuzz_kernel_elf.c runs them on mutated files. */
#ifndef OS_ELF_CHECK_H
#define OS_ELF_CHECK_H

#include "elf.h"
#include "types.h"

#define ELF_CHECK_MAX_SEGMENTS 8

/* Where the bytes of the file come from. */
struct elf_reader {
    /* Copies length bytes at offset into destination; false if they are not all there. */
    bool (*read)(const void *context, void *destination, uint32_t offset, uint32_t length);
    const void *context;
    uint32_t size; /* of the file, in bytes */
};

/* What the program may occupy: [low, high) of the address space, in at most max_segments
 * loadable segments (max_segments <= ELF_CHECK_MAX_SEGMENTS). */
struct elf_limits {
    uint32_t low, high, max_segments;
};

/* One loadable segment: [vaddr, vaddr + memory_size), of which the first file_size bytes
 * are the file's bytes at file_offset. flags are the ELF's ELF_SEGMENT_R/W/X. */
struct elf_load_segment {
    uint32_t vaddr, memory_size, file_offset, file_size, flags;
};

struct elf_program {
    struct elf_load_segment segments[ELF_CHECK_MAX_SEGMENTS];
    uint32_t segment_count;
    uint32_t entry;
    uint32_t end; /* the highest segment end; the heap starts at the page after it */
};

/* Reads and checks the file header and every program header. 0, or -ENOEXEC when the
 * file is not an RV32 executable that fits the limits. On success, each segment lies
 * inside [low, high) and its file bytes inside the file, at least one segment exists,
 * low <= entry < end <= high, and no sum of these numbers wraps. */
int elf_check_program(const struct elf_reader *reader, const struct elf_limits *limits,
                      struct elf_program *program);

#endif
