/* exec's ELF checks (elf_check.h). Every field is the user's: ranges are checked with
 * range_inside, never by adding two fields. */
#include "elf_check.h"

#include "abi/errno.h"
#include "user_range.h"

static bool header_is_rv32_executable(const struct elf_header *h)
{
    return h->magic == ELF_MAGIC && h->class == ELF_CLASS_32 && h->type == ELF_TYPE_EXEC &&
           h->machine == ELF_MACHINE_RISCV && h->program_header_size == sizeof(struct elf_program_header);
}

static bool segment_fits(const struct elf_program_header *ph, const struct elf_limits *limits,
                         uint32_t file_size)
{
    return range_inside(ph->vaddr, ph->memory_size, limits->low, limits->high) &&
           ph->file_size <= ph->memory_size && range_inside(ph->offset, ph->file_size, 0, file_size);
}

int elf_check_program(const struct elf_reader *reader, const struct elf_limits *limits,
                      struct elf_program *program)
{
    struct elf_header h;
    if (!reader->read(reader->context, &h, 0, sizeof h) || !header_is_rv32_executable(&h))
        return -ENOEXEC;
    uint32_t table_size = (uint32_t)h.program_header_count * (uint32_t)sizeof(struct elf_program_header);
    if (!range_inside(h.program_header_offset, table_size, 0, reader->size))
        return -ENOEXEC;
    uint32_t max = limits->max_segments < ELF_CHECK_MAX_SEGMENTS ? limits->max_segments : ELF_CHECK_MAX_SEGMENTS;
    program->segment_count = 0;
    program->end = limits->low;
    for (uint32_t i = 0; i < h.program_header_count; i++) {
        struct elf_program_header ph;
        if (!reader->read(reader->context, &ph, h.program_header_offset + i * (uint32_t)sizeof ph, sizeof ph))
            return -ENOEXEC;
        if (ph.type != ELF_SEGMENT_LOAD || ph.memory_size == 0)
            continue;
        if (program->segment_count == max || !segment_fits(&ph, limits, reader->size))
            return -ENOEXEC;
        program->segments[program->segment_count++] = (struct elf_load_segment){
            .vaddr = ph.vaddr, .memory_size = ph.memory_size, .file_offset = ph.offset,
            .file_size = ph.file_size, .flags = ph.flags};
        uint32_t segment_end = ph.vaddr + ph.memory_size; /* <= high: segment_fits held */
        if (segment_end > program->end)
            program->end = segment_end;
    }
    if (program->segment_count == 0 || h.entry < limits->low || h.entry >= program->end)
        return -ENOEXEC;
    program->entry = h.entry;
    return 0;
}
