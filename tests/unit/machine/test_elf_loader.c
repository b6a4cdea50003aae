/* The ELF loader's checks and its success path. Every test file is written byte by byte at
 * test time into a temporary directory (from <elf.h>'s structures), so no binaries are
 * checked in and each defect is exactly the one the test names. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hart_fixture.h"
#include "machine/elf_loader.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* The valid image: two PT_LOAD segments (code, then data with a zero-filled tail) and a
 * symbol table naming tohost and fromhost.
 *   0x000 Elf32_Ehdr   0x034 2 x Elf32_Phdr   0x100 text (16 bytes)   0x110 data (8 bytes)
 *   0x120 .symtab      0x150 .strtab          0x170 .shstrtab         0x1a0 4 x Elf32_Shdr */
#define TEXT_OFFSET 0x100
#define DATA_OFFSET 0x110
#define SYMTAB_OFFSET 0x120
#define STRTAB_OFFSET 0x150
#define SHSTRTAB_OFFSET 0x170
#define SHDR_OFFSET 0x1a0
#define IMAGE_SIZE (SHDR_OFFSET + 4 * sizeof(Elf32_Shdr))

#define TEXT_ADDRESS 0x80000000u
#define DATA_ADDRESS 0x80001000u
#define DATA_MEMSZ 0x20u
#define TOHOST_ADDRESS 0x80001000u
#define FROMHOST_ADDRESS 0x80001008u

static const uint32_t text_words[4] = {0x00000513, 0x00100593, 0x00200613, 0x0000006f};
static const uint8_t data_bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};

/* The knobs the tests turn on the valid image. */
struct elf_spec {
    uint16_t type, machine;
    uint32_t text_paddr;
    uint32_t data_filesz;
    uint16_t phnum;
    bool with_symbols;
};

static struct elf_spec valid_spec(void)
{
    return (struct elf_spec){.type = ET_EXEC, .machine = EM_RISCV, .text_paddr = TEXT_ADDRESS,
                             .data_filesz = sizeof data_bytes, .phnum = 2, .with_symbols = true};
}

static size_t build_elf(const struct elf_spec *spec, uint8_t *image)
{
    memset(image, 0, IMAGE_SIZE);
    Elf32_Ehdr header = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT},
        .e_type = spec->type,
        .e_machine = spec->machine,
        .e_version = EV_CURRENT,
        .e_entry = spec->text_paddr + 4,
        .e_phoff = sizeof(Elf32_Ehdr),
        .e_shoff = spec->with_symbols ? SHDR_OFFSET : 0,
        .e_ehsize = sizeof(Elf32_Ehdr),
        .e_phentsize = sizeof(Elf32_Phdr),
        .e_phnum = spec->phnum,
        .e_shentsize = sizeof(Elf32_Shdr),
        .e_shnum = spec->with_symbols ? 4 : 0,
        .e_shstrndx = spec->with_symbols ? 3 : SHN_UNDEF,
    };
    memcpy(image, &header, sizeof header);
    Elf32_Phdr segments[2] = {
        {.p_type = PT_LOAD, .p_offset = TEXT_OFFSET, .p_vaddr = spec->text_paddr,
         .p_paddr = spec->text_paddr, .p_filesz = sizeof text_words, .p_memsz = sizeof text_words,
         .p_flags = PF_R | PF_X, .p_align = 4},
        {.p_type = PT_LOAD, .p_offset = DATA_OFFSET, .p_vaddr = DATA_ADDRESS,
         .p_paddr = DATA_ADDRESS, .p_filesz = spec->data_filesz, .p_memsz = DATA_MEMSZ,
         .p_flags = PF_R | PF_W, .p_align = 4},
    };
    memcpy(image + sizeof header, segments, sizeof segments);
    memcpy(image + TEXT_OFFSET, text_words, sizeof text_words);
    memcpy(image + DATA_OFFSET, data_bytes, sizeof data_bytes);
    if (!spec->with_symbols)
        return SHDR_OFFSET;

    static const char strtab[] = "\0tohost\0fromhost";
    static const char shstrtab[] = "\0.symtab\0.strtab\0.shstrtab";
    Elf32_Sym symbols[3] = {
        {0},
        {.st_name = 1, .st_value = TOHOST_ADDRESS, .st_size = 8,
         .st_info = ELF32_ST_INFO(STB_GLOBAL, STT_OBJECT), .st_shndx = SHN_ABS},
        {.st_name = 8, .st_value = FROMHOST_ADDRESS, .st_size = 8,
         .st_info = ELF32_ST_INFO(STB_GLOBAL, STT_OBJECT), .st_shndx = SHN_ABS},
    };
    memcpy(image + SYMTAB_OFFSET, symbols, sizeof symbols);
    memcpy(image + STRTAB_OFFSET, strtab, sizeof strtab);
    memcpy(image + SHSTRTAB_OFFSET, shstrtab, sizeof shstrtab);
    Elf32_Shdr sections[4] = {
        {0},
        {.sh_name = 1, .sh_type = SHT_SYMTAB, .sh_offset = SYMTAB_OFFSET,
         .sh_size = sizeof symbols, .sh_link = 2, .sh_info = 1, .sh_addralign = 4,
         .sh_entsize = sizeof(Elf32_Sym)},
        {.sh_name = 9, .sh_type = SHT_STRTAB, .sh_offset = STRTAB_OFFSET, .sh_size = sizeof strtab,
         .sh_addralign = 1},
        {.sh_name = 17, .sh_type = SHT_STRTAB, .sh_offset = SHSTRTAB_OFFSET,
         .sh_size = sizeof shstrtab, .sh_addralign = 1},
    };
    memcpy(image + SHDR_OFFSET, sections, sizeof sections);
    return IMAGE_SIZE;
}

/* Per-group state: a scratch directory and a bus for the loader to fill. */
struct elf_test {
    char directory[256];
    char path[300];
    struct bus bus;
    struct elf_program program;
    char err[256];
};

static int group_setup(void **state)
{
    struct elf_test *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(t->directory, sizeof t->directory, "%s/vmsim-elf-test-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(t->directory)) {
        free(t);
        return -1;
    }
    snprintf(t->path, sizeof t->path, "%s/program.elf", t->directory);
    *state = t;
    return 0;
}

static int group_teardown(void **state)
{
    struct elf_test *t = *state;
    rmdir(t->directory);
    free(t);
    return 0;
}

static int test_setup(void **state)
{
    struct elf_test *t = *state;
    char err[128];
    if (!bus_init(&t->bus, FIXTURE_RAM_BASE, FIXTURE_RAM_SIZE, err, sizeof err))
        return -1;
    memset(t->bus.ram.bytes, 0xff, t->bus.ram.size); /* so that zero-filling shows */
    t->err[0] = '\0';
    return 0;
}

static int test_teardown(void **state)
{
    struct elf_test *t = *state;
    unlink(t->path);
    bus_destroy(&t->bus);
    return 0;
}

static void write_file(struct elf_test *t, const void *bytes, size_t size)
{
    FILE *file = fopen(t->path, "wb");
    assert_non_null(file);
    if (size > 0)
        assert_int_equal(fwrite(bytes, 1, size, file), size);
    assert_int_equal(fclose(file), 0);
}

static enum elf_load_result load(struct elf_test *t)
{
    return elf_load(t->path, &t->bus, &t->program, t->err, sizeof t->err);
}

/* Loads and expects ELF_INVALID with a message containing `expected` (any message if NULL). */
static void expect_invalid(struct elf_test *t, const char *expected)
{
    assert_int_equal(load(t), ELF_INVALID);
    if (t->err[0] == '\0')
        fail_msg("ELF_INVALID without a message");
    if (expected && !strstr(t->err, expected))
        fail_msg("message \"%s\" does not mention \"%s\"", t->err, expected);
}

static void write_spec(struct elf_test *t, const struct elf_spec *spec)
{
    uint8_t image[IMAGE_SIZE];
    size_t size = build_elf(spec, image);
    write_file(t, image, size);
}

static void valid_elf_loads_its_segments_and_finds_tohost(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    write_spec(t, &spec);
    assert_int_equal(load(t), ELF_LOADED);
    assert_int_equal(t->program.entry, TEXT_ADDRESS + 4);
    assert_true(t->program.has_tohost);
    assert_int_equal(t->program.tohost, TOHOST_ADDRESS);
    assert_int_equal(t->program.fromhost, FROMHOST_ADDRESS);
    assert_memory_equal(bus_ram_pointer(&t->bus, TEXT_ADDRESS), text_words, sizeof text_words);
    assert_memory_equal(bus_ram_pointer(&t->bus, DATA_ADDRESS), data_bytes, sizeof data_bytes);
    /* The rest of the data segment's memory image is zero-filled, and no more. */
    const uint8_t *tail = bus_ram_pointer(&t->bus, DATA_ADDRESS + sizeof data_bytes);
    for (unsigned i = 0; i < DATA_MEMSZ - sizeof data_bytes; i++)
        assert_int_equal(tail[i], 0);
    assert_int_equal(*bus_ram_pointer(&t->bus, DATA_ADDRESS + DATA_MEMSZ), 0xff);
}

/* Loading over code the hart has already run (as a debugger's reload would) must not leave
 * stale decodes behind, in the zero-filled part of a segment as in the copied part. */
static void loading_over_executed_code_replaces_it(void **state)
{
    struct elf_test *t = *state;
    struct hart hart;
    assert_true(hart_init(&hart, &t->bus, DATA_ADDRESS + 0x10));
    hart.mtvec = FIXTURE_M_HANDLER;
    uint32_t old_code[2] = {0x00100513 /* addi a0, zero, 1 */, 0x00100593 /* addi a1, zero, 1 */};
    assert_true(bus_write_ram(&t->bus, DATA_ADDRESS + 0x10, old_code, sizeof old_code));
    assert_int_equal(cpu_run(&hart, 2), CPU_STOP_BUDGET);
    assert_int_equal(hart.x[A0], 1);

    struct elf_spec spec = valid_spec();
    spec.data_filesz = 0; /* the data segment becomes all zero-fill */
    write_spec(t, &spec);
    assert_int_equal(load(t), ELF_LOADED);
    /* DATA_ADDRESS + 0x10 is now zero: an illegal instruction. */
    hart.pc = DATA_ADDRESS + 0x10;
    hart.x[A0] = 0;
    assert_int_equal(cpu_run(&hart, 1), CPU_STOP_BUDGET);
    assert_int_equal(hart.x[A0], 0);
    assert_int_equal(hart.mcause, CAUSE_ILLEGAL_INSTRUCTION);
    assert_int_equal(hart.mepc, DATA_ADDRESS + 0x10);
    hart_destroy(&hart);
}

static void valid_elf_without_symbols_has_no_tohost(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    spec.with_symbols = false;
    write_spec(t, &spec);
    assert_int_equal(load(t), ELF_LOADED);
    assert_false(t->program.has_tohost);
    assert_int_equal(t->program.fromhost, 0);
}

static void missing_file_cannot_be_opened(void **state)
{
    struct elf_test *t = *state;
    assert_int_equal(load(t), ELF_CANNOT_OPEN); /* nothing written at t->path */
    assert_non_null(strstr(t->err, "cannot open"));
}

static void directory_cannot_be_opened_as_a_program(void **state)
{
    struct elf_test *t = *state;
    assert_int_equal(elf_load(t->directory, &t->bus, &t->program, t->err, sizeof t->err),
                     ELF_CANNOT_OPEN);
    assert_non_null(strstr(t->err, "directory"));
}

static void empty_file_is_invalid(void **state)
{
    struct elf_test *t = *state;
    write_file(t, "", 0);
    expect_invalid(t, "not an ELF");
}

static void random_bytes_are_not_an_elf(void **state)
{
    struct elf_test *t = *state;
    uint8_t bytes[512];
    uint32_t seed = 12345;
    for (size_t i = 0; i < sizeof bytes; i++) {
        seed = seed * 1103515245 + 12345;
        bytes[i] = (uint8_t)(seed >> 16);
    }
    bytes[0] = 0x00; /* never the ELF magic by chance */
    write_file(t, bytes, sizeof bytes);
    expect_invalid(t, "not an ELF");
}

static void elf_truncated_in_its_header_is_invalid(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    uint8_t image[IMAGE_SIZE];
    build_elf(&spec, image);
    write_file(t, image, 40);
    expect_invalid(t, "truncated");
}

static void elf_truncated_in_its_program_headers_is_invalid(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    spec.with_symbols = false;
    uint8_t image[IMAGE_SIZE];
    build_elf(&spec, image);
    write_file(t, image, sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr) + 8);
    expect_invalid(t, "truncated");
}

static void elf_truncated_in_a_segment_is_invalid(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    spec.with_symbols = false;
    uint8_t image[IMAGE_SIZE];
    build_elf(&spec, image);
    write_file(t, image, DATA_OFFSET + 4); /* half of the data segment's file bytes */
    expect_invalid(t, "truncated");
}

static void sixty_four_bit_elf_is_refused(void **state)
{
    struct elf_test *t = *state;
    Elf64_Ehdr header = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_RISCV,
        .e_version = EV_CURRENT,
        .e_entry = 0x80000000,
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
    };
    write_file(t, &header, sizeof header);
    expect_invalid(t, "64-bit");
}

static uint16_t swap16(uint16_t v)
{
    return (uint16_t)(v >> 8 | v << 8);
}

static uint32_t swap32(uint32_t v)
{
    return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

static void big_endian_elf_is_refused(void **state)
{
    struct elf_test *t = *state;
    Elf32_Ehdr header = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2MSB, EV_CURRENT},
        .e_type = swap16(ET_EXEC),
        .e_machine = swap16(EM_RISCV),
        .e_version = swap32(EV_CURRENT),
        .e_entry = swap32(0x80000000),
        .e_ehsize = swap16(sizeof(Elf32_Ehdr)),
        .e_phentsize = swap16(sizeof(Elf32_Phdr)),
    };
    write_file(t, &header, sizeof header);
    expect_invalid(t, "big-endian");
}

static void elf_for_another_machine_is_refused(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    spec.machine = EM_386;
    write_spec(t, &spec);
    expect_invalid(t, "not RISC-V");
}

static void shared_object_and_relocatable_files_are_refused(void **state)
{
    struct elf_test *t = *state;
    static const uint16_t types[] = {ET_DYN, ET_REL};
    for (size_t i = 0; i < 2; i++) {
        struct elf_spec spec = valid_spec();
        spec.type = types[i];
        write_spec(t, &spec);
        expect_invalid(t, "not an executable");
    }
}

static void segment_outside_ram_is_refused(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    spec.text_paddr = 0x10000000;
    write_spec(t, &spec);
    expect_invalid(t, "outside RAM");
    /* One that starts in RAM but runs past its end is refused too. */
    spec.text_paddr = FIXTURE_RAM_BASE + FIXTURE_RAM_SIZE - 8;
    write_spec(t, &spec);
    expect_invalid(t, "outside RAM");
}

static void segment_with_more_file_bytes_than_memory_bytes_is_refused(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    spec.data_filesz = DATA_MEMSZ + 4;
    write_spec(t, &spec);
    expect_invalid(t, "more file bytes");
}

static void elf_without_loadable_segments_is_refused(void **state)
{
    struct elf_test *t = *state;
    struct elf_spec spec = valid_spec();
    spec.phnum = 0;
    write_spec(t, &spec);
    expect_invalid(t, "no loadable segments");
}

int main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)
    const struct CMUnitTest tests[] = {
        TEST(valid_elf_loads_its_segments_and_finds_tohost),
        TEST(loading_over_executed_code_replaces_it),
        TEST(valid_elf_without_symbols_has_no_tohost),
        TEST(missing_file_cannot_be_opened),
        TEST(directory_cannot_be_opened_as_a_program),
        TEST(empty_file_is_invalid),
        TEST(random_bytes_are_not_an_elf),
        TEST(elf_truncated_in_its_header_is_invalid),
        TEST(elf_truncated_in_its_program_headers_is_invalid),
        TEST(elf_truncated_in_a_segment_is_invalid),
        TEST(sixty_four_bit_elf_is_refused),
        TEST(big_endian_elf_is_refused),
        TEST(elf_for_another_machine_is_refused),
        TEST(shared_object_and_relocatable_files_are_refused),
        TEST(segment_outside_ram_is_refused),
        TEST(segment_with_more_file_bytes_than_memory_bytes_is_refused),
        TEST(elf_without_loadable_segments_is_refused),
    };
    return cmocka_run_group_tests_name("elf_loader", tests, group_setup, group_teardown);
}
