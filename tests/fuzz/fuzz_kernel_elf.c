/* libFuzzer target: the guest kernel's ELF checks (src/os/elf_check.c), built for the host.
 * Whatever the bytes, elf_check_program must either refuse them or describe a program
 * that the kernel can map without any sum wrapping: every segment inside
 * [USER_BASE, USER_HEAP_LIMIT), its file bytes inside the file, and the entry and the heap
 * start inside user space. A broken promise aborts, which libFuzzer reports as a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "abi/errno.h"
#include "elf_check.h"
#include "memlayout.h"
#include "riscv.h"
#include "user_range.h"

struct buffer {
    const uint8_t *bytes;
    size_t size;
};

static bool buffer_read(const void *context, void *destination, uint32_t offset, uint32_t length)
{
    const struct buffer *b = context;
    if (offset > b->size || length > b->size - offset)
        return false;
    memcpy(destination, b->bytes + offset, length);
    return true;
}

#define REQUIRE(condition)                                                                  \
    do {                                                                                    \
        if (!(condition))                                                                   \
            abort();                                                                        \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > UINT32_MAX)
        return 0;
    const struct buffer buffer = {data, size};
    const struct elf_reader reader = {.read = buffer_read, .context = &buffer, .size = (uint32_t)size};
    const struct elf_limits limits = {.low = USER_BASE, .high = USER_HEAP_LIMIT, .max_segments = 4};
    struct elf_program program;
    int result = elf_check_program(&reader, &limits, &program);
    if (result != 0) {
        REQUIRE(result == -ENOEXEC);
        return 0;
    }
    REQUIRE(program.segment_count >= 1 && program.segment_count <= limits.max_segments);
    for (uint32_t i = 0; i < program.segment_count; i++) {
        const struct elf_load_segment *s = &program.segments[i];
        REQUIRE((uint64_t)s->vaddr + s->memory_size <= USER_HEAP_LIMIT && s->vaddr >= USER_BASE);
        REQUIRE((uint64_t)s->file_offset + s->file_size <= size && s->file_size <= s->memory_size);
        REQUIRE(user_range_valid(s->vaddr, s->memory_size));
    }
    REQUIRE(program.entry >= USER_BASE && program.entry < program.end && program.end <= USER_HEAP_LIMIT);
    uint32_t heap_start = PAGE_ROUND_UP(program.end);
    REQUIRE(heap_start >= USER_BASE && heap_start <= USER_HEAP_LIMIT);
    return 0;
}
