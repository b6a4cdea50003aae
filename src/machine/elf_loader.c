/* The ELF loader: checks class, data encoding, machine and type, that every segment lies in
 * the file and in RAM, and finds HTIF's tohost/fromhost symbols. */
#include "machine/elf_loader.h"

#include "host/host_file.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mmu/bus.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

static void find_htif_symbols(Elf *elf, struct elf_program *program)
{
    Elf_Scn *section = NULL;
    while ((section = elf_nextscn(elf, section)) != NULL) {
        GElf_Shdr header;
        if (!gelf_getshdr(section, &header) || header.sh_type != SHT_SYMTAB || header.sh_entsize == 0)
            continue;
        Elf_Data *data = elf_getdata(section, NULL);
        if (!data)
            continue;
        size_t count = header.sh_size / header.sh_entsize;
        for (size_t i = 0; i < count; i++) {
            GElf_Sym symbol;
            if (!gelf_getsym(data, (int)i, &symbol))
                break;
            const char *name = elf_strptr(elf, header.sh_link, symbol.st_name);
            if (!name)
                continue;
            if (strcmp(name, "tohost") == 0) {
                program->has_tohost = true;
                program->tohost = (uint32_t)symbol.st_value;
            } else if (strcmp(name, "fromhost") == 0) {
                program->fromhost = (uint32_t)symbol.st_value;
            }
        }
    }
}

static enum elf_load_result check_header(Elf *elf, const char *raw, size_t raw_size,
                                         char *err, size_t err_size)
{
    if (elf_kind(elf) != ELF_K_ELF) {
        /* libelf calls a file with the ELF magic but a cut-off header "not ELF" too. */
        bool has_magic = raw_size >= SELFMAG && memcmp(raw, ELFMAG, SELFMAG) == 0;
        snprintf(err, err_size, has_magic ? "truncated ELF header" : "not an ELF file");
        return ELF_INVALID;
    }
    if (raw[EI_CLASS] != ELFCLASS32) {
        snprintf(err, err_size, "%s ELF; vmsim runs 32-bit RISC-V (RV32) programs",
                 raw[EI_CLASS] == ELFCLASS64 ? "a 64-bit" : "an unknown-class");
        return ELF_INVALID;
    }
    if (raw[EI_DATA] != ELFDATA2LSB) {
        snprintf(err, err_size, "a big-endian ELF; RISC-V programs are little-endian");
        return ELF_INVALID;
    }
    GElf_Ehdr header;
    if (!gelf_getehdr(elf, &header)) {
        snprintf(err, err_size, "truncated or corrupt ELF header (%s)", elf_errmsg(-1));
        return ELF_INVALID;
    }
    if (header.e_machine != EM_RISCV) {
        snprintf(err, err_size, "an ELF for machine %u, not RISC-V (%u)", header.e_machine, EM_RISCV);
        return ELF_INVALID;
    }
    if (header.e_type != ET_EXEC) {
        snprintf(err, err_size, "not an executable (ELF type %u); link it with a fixed address",
                 header.e_type);
        return ELF_INVALID;
    }
    return ELF_LOADED;
}

static enum elf_load_result load_segments(Elf *elf, const char *raw, size_t raw_size,
                                          struct bus *bus, char *err, size_t err_size)
{
    size_t count;
    if (elf_getphdrnum(elf, &count) != 0) {
        snprintf(err, err_size, "truncated or corrupt program headers (%s)", elf_errmsg(-1));
        return ELF_INVALID;
    }
    unsigned loaded = 0;
    for (size_t i = 0; i < count; i++) {
        GElf_Phdr segment;
        if (!gelf_getphdr(elf, (int)i, &segment)) {
            snprintf(err, err_size, "truncated or corrupt program header %zu (%s)", i, elf_errmsg(-1));
            return ELF_INVALID;
        }
        if (segment.p_type != PT_LOAD || segment.p_memsz == 0)
            continue;
        if (segment.p_filesz > segment.p_memsz) {
            snprintf(err, err_size, "segment %zu has more file bytes than memory bytes", i);
            return ELF_INVALID;
        }
        if (segment.p_offset > raw_size || segment.p_filesz > raw_size - segment.p_offset) {
            snprintf(err, err_size, "truncated: segment %zu ends at byte %llu of a %zu-byte file", i,
                     (unsigned long long)(segment.p_offset + segment.p_filesz), raw_size);
            return ELF_INVALID;
        }
        if (segment.p_paddr > UINT32_MAX || segment.p_memsz > UINT32_MAX ||
            !bus_in_ram(bus, (uint32_t)segment.p_paddr, (uint32_t)segment.p_memsz)) {
            snprintf(err, err_size,
                     "segment %zu at 0x%08llx-0x%08llx lies outside RAM (0x%08x-0x%08x)", i,
                     (unsigned long long)segment.p_paddr,
                     (unsigned long long)(segment.p_paddr + segment.p_memsz - 1), bus->ram.base,
                     bus->ram.base + bus->ram.size - 1);
            return ELF_INVALID;
        }
        uint32_t address = (uint32_t)segment.p_paddr;
        bus_write_ram(bus, address, raw + segment.p_offset, (uint32_t)segment.p_filesz);
        uint32_t zero_fill = (uint32_t)(segment.p_memsz - segment.p_filesz);
        if (zero_fill > 0) {
            memset(bus_ram_pointer(bus, address + (uint32_t)segment.p_filesz), 0, zero_fill);
            /* As bus_write_ram does for the copied bytes: drop decodes of what was there. */
            bus_note_ram_store(bus, address + (uint32_t)segment.p_filesz, zero_fill);
        }
        loaded++;
    }
    if (loaded == 0) {
        snprintf(err, err_size, "no loadable segments");
        return ELF_INVALID;
    }
    return ELF_LOADED;
}

/* Opens path as a checked RV32 executable. On ELF_LOADED the caller owns *fd and *elf
 * (elf_end, close) and *raw holds the file's bytes; otherwise err says why. */
static enum elf_load_result open_executable(const char *path, int *fd, Elf **elf, const char **raw,
                                            size_t *raw_size, char *err, size_t err_size)
{
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(err, err_size, "libelf is too old");
        return ELF_INVALID;
    }
    /* A regular file of a sane size, checked before libelf reads it whole; the message
     * without the path, which the caller puts in front. */
    uint64_t size;
    enum host_file_result opened;
    char why[512];
    *fd = host_file_open(path, O_RDONLY, ELF_MAX_FILE_BYTES, &size, &opened, why, sizeof why);
    if (*fd < 0) {
        size_t length = strlen(path);
        const char *text = strncmp(why, path, length) == 0 && why[length] == ':' ? why + length + 2 : why;
        snprintf(err, err_size, "%s", text);
        return opened == HOST_FILE_TOO_BIG ? ELF_INVALID : ELF_CANNOT_OPEN;
    }
    *elf = elf_begin(*fd, ELF_C_READ, NULL);
    if (!*elf) {
        snprintf(err, err_size, "cannot read as ELF: %s", elf_errmsg(-1));
        close(*fd);
        return ELF_INVALID;
    }
    *raw_size = 0;
    *raw = elf_rawfile(*elf, raw_size);
    enum elf_load_result result = ELF_INVALID;
    if (!*raw)
        snprintf(err, err_size, "cannot read: %s", elf_errmsg(-1));
    else
        result = check_header(*elf, *raw, *raw_size, err, err_size);
    if (result != ELF_LOADED) {
        elf_end(*elf);
        close(*fd);
    }
    return result;
}

enum elf_load_result elf_load(const char *path, struct bus *bus, struct elf_program *program,
                              char *err, size_t err_size)
{
    memset(program, 0, sizeof *program);
    int fd;
    Elf *elf;
    const char *raw;
    size_t raw_size;
    enum elf_load_result result = open_executable(path, &fd, &elf, &raw, &raw_size, err, err_size);
    if (result != ELF_LOADED)
        return result;
    if ((result = load_segments(elf, raw, raw_size, bus, err, err_size)) == ELF_LOADED) {
        GElf_Ehdr header;
        gelf_getehdr(elf, &header);
        program->entry = (uint32_t)header.e_entry;
        find_htif_symbols(elf, program);
    }
    elf_end(elf);
    close(fd);
    return result;
}

enum elf_load_result elf_load_span(const char *path, uint64_t *low, uint64_t *high, char *err,
                                   size_t err_size)
{
    *low = UINT64_MAX;
    *high = 0;
    int fd;
    Elf *elf;
    const char *raw;
    size_t raw_size, count = 0;
    enum elf_load_result result = open_executable(path, &fd, &elf, &raw, &raw_size, err, err_size);
    if (result != ELF_LOADED)
        return result;
    if (elf_getphdrnum(elf, &count) != 0) {
        snprintf(err, err_size, "truncated or corrupt program headers (%s)", elf_errmsg(-1));
        result = ELF_INVALID;
    }
    for (size_t i = 0; i < count && result == ELF_LOADED; i++) {
        GElf_Phdr segment;
        if (!gelf_getphdr(elf, (int)i, &segment)) {
            snprintf(err, err_size, "truncated or corrupt program header %zu (%s)", i, elf_errmsg(-1));
            result = ELF_INVALID;
        } else if (segment.p_type == PT_LOAD && segment.p_memsz != 0) {
            if (segment.p_vaddr < *low)
                *low = segment.p_vaddr;
            if (segment.p_vaddr + segment.p_memsz > *high)
                *high = segment.p_vaddr + segment.p_memsz;
        }
    }
    if (result == ELF_LOADED && *high == 0) {
        snprintf(err, err_size, "no loadable segments");
        result = ELF_INVALID;
    }
    elf_end(elf);
    close(fd);
    return result;
}
