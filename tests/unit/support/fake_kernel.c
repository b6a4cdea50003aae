/* The guest kernel's annotation-device writes, for unit tests. */
#include "fake_kernel.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "mmu/bus.h"

void fake_kernel_write_register(struct annotation *a, uint32_t offset, uint32_t value)
{
    assert_true(annotation_ops.write(a, offset, 4, value));
}

uint32_t fake_kernel_read_register(struct annotation *a, uint32_t offset)
{
    uint32_t value = 0xdeadbeef;
    assert_true(annotation_ops.read(a, offset, 4, &value));
    return value;
}

void fake_kernel_write_name(struct annotation *a, const char *name)
{
    char bytes[ANNOTATION_NAME_SIZE] = {0};
    if (name)
        memcpy(bytes, name, strlen(name) < sizeof bytes ? strlen(name) : sizeof bytes);
    for (unsigned i = 0; i < ANNOTATION_NAME_SIZE; i += 4) {
        uint32_t word;
        memcpy(&word, bytes + i, 4);
        fake_kernel_write_register(a, ANNOTATION_NAME + i, word);
    }
}

void fake_kernel_switch_to(struct annotation *a, uint32_t pid, uint32_t tid, uint32_t asid, const char *name)
{
    fake_kernel_write_register(a, ANNOTATION_PID, pid);
    fake_kernel_write_register(a, ANNOTATION_TID, tid);
    fake_kernel_write_register(a, ANNOTATION_ASID, asid);
    fake_kernel_write_name(a, name);
    fake_kernel_write_register(a, ANNOTATION_COMMIT, 1);
}

void fake_kernel_report(struct annotation *a, uint32_t kind, const uint32_t args[ANNOTATION_EVENT_ARGS],
                        const char *name)
{
    fake_kernel_write_name(a, name);
    fake_kernel_write_register(a, ANNOTATION_EVENT_KIND, kind);
    for (unsigned i = 0; i < ANNOTATION_EVENT_ARGS; i++)
        fake_kernel_write_register(a, ANNOTATION_EVENT_ARG0 + 4 * i, args[i]);
    fake_kernel_write_register(a, ANNOTATION_EVENT_REPORT, 1);
}
