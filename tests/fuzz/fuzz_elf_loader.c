/* libFuzzer target: vmsim's ELF loader (src/machine/elf_loader.c) on any file. It must
 * refuse what it cannot load with a message, and load the rest into RAM, never touching
 * host memory outside the guest's RAM (AddressSanitizer watches). elf_load takes a path, so
 * each input is written to one temporary file first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_target.h"
#include "machine/elf_loader.h"
#include "machine_map.h"
#include "mmu/bus.h"

#define RAM_SIZE (1u << 20)

static struct bus bus;
static char path[] = "/tmp/vmsim-fuzz-elf.XXXXXX";
static int fd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; /* libFuzzer's own options; the target has none */
    (void)argv;
    char err[256];
    fd = mkstemp(path);
    if (fd < 0 || !bus_init(&bus, VMSIM_RAM_BASE, RAM_SIZE, err, sizeof err)) {
        fprintf(stderr, "fuzz_elf_loader: cannot set up: %s\n", fd < 0 ? "mkstemp" : err);
        exit(1);
    }
    unlink(path); /* elf_load opens it by name through /proc/self/fd */
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    struct elf_program program;
    char err[256] = "";
    uint64_t low, high;
    enum elf_load_result span = elf_load_span(path, &low, &high, err, sizeof err);
    if (span == ELF_LOADED && low > high)
        abort();
    err[0] = '\0';
    enum elf_load_result result = elf_load(path, &bus, &program, err, sizeof err);
    if (result != ELF_LOADED && err[0] == '\0')
        abort(); /* every refusal says why */
    if (result == ELF_CANNOT_OPEN)
        abort(); /* the file is always there and readable */
    return 0;
}
