/* The guest OS boot path: finding the bundled files, the disk with the program in it, and
 * the boot-argument block. Every failure is one line on stderr and an exit status. */
#define _GNU_SOURCE /* readlink's PATH_MAX use, mkstemp */
#include "machine/os_boot.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsimage/fsimage.h"
#include "fsimage/swap_area.h"
#include "host/host_file.h"
#include "machine/elf_loader.h"
#include "machine/exit_status.h"
#include "machine/machine.h"
#include "machine_map.h"
#include "os/abi/bootargs.h"
#include "os/abi/limits.h"
#include "os/abi/fs_format.h"
#include "os/abi/user_layout.h"

#define GUEST_NAME_MAX 27 /* NAME_MAX of src/os/abi/dirent.h */
/* The swap area of the private disk: room for programs well beyond a small RAM. */
#define OS_BOOT_SWAP_MIB 64u

static int fail(int status, const char *format, ...) __attribute__((format(printf, 2, 3)));

static int fail(int status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "vmsim: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    return status;
}

int os_boot_classify(const char *program, enum os_program_kind *kind)
{
    char err[256];
    uint64_t low, high;
    enum elf_load_result result = elf_load_span(program, &low, &high, err, sizeof err);
    if (result != ELF_LOADED)
        return fail(result == ELF_CANNOT_OPEN ? EXIT_CANNOT_OPEN : EXIT_BAD_PROGRAM, "%s: %s", program, err);
    if (low >= USER_BASE && high <= USER_TOP) {
        *kind = OS_PROGRAM_USER;
        return -1;
    }
    /* Anything else goes to the bare-metal loader, which names a segment outside RAM. */
    *kind = OS_PROGRAM_BARE_METAL;
    return -1;
}

/* The directory of the running vmsim executable, or false. */
static bool executable_directory(char *out, size_t out_size)
{
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return false;
    path[n] = '\0';
    snprintf(out, out_size, "%s", dirname(path));
    return true;
}

/* Finds `name` in the build tree (<exe_dir>/os/) or the installed layout
 * (<prefix>/bin/vmsim, <prefix>/share/vmsim/). */
static bool find_bundled(const char *name, char *out, size_t out_size, char *looked, size_t looked_size)
{
    char dir[4096];
    if (!executable_directory(dir, sizeof dir)) {
        snprintf(looked, looked_size, "cannot find the vmsim executable's directory");
        return false;
    }
    const char *layouts[] = {"%s/os/%s", "%s/../share/vmsim/%s"};
    looked[0] = '\0';
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        char candidate[8300];
        snprintf(candidate, sizeof candidate, layouts[i], dir, name);
        if (access(candidate, R_OK) == 0) {
            if ((size_t)snprintf(out, out_size, "%.4000s", candidate) >= out_size)
                continue;
            return true;
        }
        size_t used = strlen(looked);
        snprintf(looked + used, looked_size - used, "%s%s", i ? " and " : "looked for ", candidate);
    }
    return false;
}

/* Reads the program to put into the disk: a regular file no larger than the guest file
 * system's largest file, checked before it is read. Returns -1, or an exit status after
 * one line on stderr. */
static int read_program(const char *path, uint8_t **data, size_t *size)
{
    char err[512];
    uint64_t file_size;
    enum host_file_result opened;
    int fd = host_file_open(path, O_RDONLY, (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE, &file_size,
                            &opened, err, sizeof err);
    if (fd < 0)
        return fail(opened == HOST_FILE_TOO_BIG ? EXIT_BAD_PROGRAM : EXIT_CANNOT_OPEN, "%s", err);
    bool out_of_memory;
    *data = host_file_read_all(fd, path, file_size, &out_of_memory, err, sizeof err);
    close(fd);
    if (!*data)
        return fail(out_of_memory ? EXIT_HOST_ERROR : EXIT_CANNOT_OPEN, "%s", err);
    *size = (size_t)file_size;
    return -1;
}

/* The program's name in /bin: its file name without ".elf". */
static int guest_name(const char *program, char *out, size_t out_size)
{
    const char *slash = strrchr(program, '/');
    const char *base = slash ? slash + 1 : program;
    size_t length = strlen(base);
    if (length > 4 && strcmp(base + length - 4, ".elf") == 0)
        length -= 4;
    if (length == 0 || length > GUEST_NAME_MAX)
        return fail(EXIT_USAGE, "%s: the program's name must be 1 to %d characters without .elf",
                    program, GUEST_NAME_MAX);
    for (size_t i = 0; i < length; i++)
        if (isspace((unsigned char)base[i]))
            return fail(EXIT_USAGE, "%s: the program's name cannot hold spaces", program);
    snprintf(out, out_size, "%.*s", (int)length, base);
    return -1;
}

static bool append_word(char *line, size_t line_size, const char *word)
{
    size_t used = strlen(line);
    int n = snprintf(line + used, line_size - used, "%s%s", used ? " " : "", word);
    return n >= 0 && (size_t)n < line_size - used;
}

/* The program and its arguments reach the kernel as words of the command line, and init
 * passes them on through exec, which takes ARG_MAX (abi/limits.h). A command line of L
 * bytes holds at most (L + 1) / 2 words, each costing its bytes, a NUL and a pointer, so
 * whatever fits the command line fits ARG_MAX: the command line's length is the one limit
 * vmsim has to check, and the kernel drops nothing that passed it. */
_Static_assert(ARG_MAX_COST(BOOTARGS_MAX + 1u, BOOTARGS_MAX / 2u + 2u) <= ARG_MAX,
               "every command line vmsim accepts fits the kernel's ARG_MAX");

static int build_command_line(const struct os_boot_request *request, const char *name,
                              struct os_boot *boot)
{
    /* The block holds its header, the text and a NUL in BOOTARGS_MAX bytes. */
    size_t limit = BOOTARGS_MAX - sizeof(struct bootargs) - 1;
    if (limit > sizeof boot->command_line)
        limit = sizeof boot->command_line;
    char *line = boot->command_line;
    line[0] = '\0';
    /* vmsim's own options first, so that a console= word of --append wins (the kernel
     * takes the last), and all of them before the program's name: the kernel reads the
     * words after it as the program's arguments. "quiet": no boot messages, only what the
     * program prints. */
    if (request->input_is_pipe)
        append_word(line, limit + 1, "console=pipe");
    if (request->program)
        append_word(line, limit + 1, "quiet");
    if (request->append) {
        for (const char *p = request->append; *p; p++)
            if (!isprint((unsigned char)*p))
                return fail(EXIT_USAGE, "--append: the kernel options must be printable words");
        const char *start = request->append + strspn(request->append, " ");
        if (*start && !append_word(line, limit + 1, start))
            return fail(EXIT_USAGE, "--append: the command line is longer than %zu bytes", limit);
    }
    if (!request->program)
        return -1;
    /* NAME, not /bin/NAME: init finds it in /bin, and the program sees NAME as argv[0], as
     * from a shell. */
    if (!append_word(line, limit + 1, name))
        return fail(EXIT_USAGE, "the kernel's command line is longer than %zu bytes", limit);
    for (int i = 0; i < request->nargs; i++) {
        const char *arg = request->args[i];
        bool plain = arg[0] != '\0';
        for (const char *p = arg; *p && plain; p++)
            plain = isprint((unsigned char)*p) && *p != ' ';
        if (!plain)
            return fail(EXIT_USAGE,
                        "argument '%s': the guest's command line takes printable words without "
                        "spaces", arg);
        if (!append_word(line, limit + 1, arg))
            return fail(EXIT_USAGE, "the arguments make the kernel's command line longer than %zu bytes",
                        limit);
    }
    return -1;
}

/* True if the image holds exactly these bytes at `path`, executable, as the last run with
 * the same program left it: then the disk needs no write at all. */
static bool already_there(struct fsimage *fs, const char *path, const uint8_t *data, size_t size)
{
    struct fsimage_stat st;
    if (fsimage_stat(fs, path, &st) != FSIMAGE_OK || st.type != FSIMAGE_TYPE_FILE || st.size != size ||
        st.mode != 0755 || st.uid != 0)
        return false;
    uint8_t *old;
    size_t old_size;
    if (fsimage_read_file(fs, path, &old, &old_size) != FSIMAGE_OK)
        return false;
    bool same = old_size == size && memcmp(old, data, size) == 0;
    free(old);
    return same;
}

/* Puts the program into the image as /bin/<name>, executable. */
static int add_program(struct fsimage *fs, const char *image, const struct os_boot_request *request,
                       const char *name)
{
    if (!request->program)
        return -1;
    uint8_t *data = NULL;
    size_t size = 0;
    int status_read = read_program(request->program, &data, &size);
    if (status_read >= 0)
        return status_read;
    char path[64];
    snprintf(path, sizeof path, "/bin/%s", name);
    enum fsimage_status status = FSIMAGE_OK;
    if (!already_there(fs, path, data, size)) {
        status = fsimage_mkdir(fs, "/bin", 0, 0755, true);
        if (status == FSIMAGE_OK)
            status = fsimage_write_file(fs, path, data, size, 0, 0755);
    }
    free(data);
    if (status == FSIMAGE_NO_SPACE)
        return fail(EXIT_BAD_DISK, "disk image too small: %s has no room for %s (%zu bytes)", image,
                    request->program, size);
    if (status != FSIMAGE_OK)
        return fail(status == FSIMAGE_CORRUPT ? EXIT_BAD_DISK : EXIT_CANNOT_OPEN, "%s: %s", image,
                    fsimage_error(fs));
    return -1;
}

struct first_problem {
    char line[256];
    unsigned count;
};

static void note_problem(void *opaque, const char *line)
{
    struct first_problem *p = opaque;
    if (p->count++ == 0)
        snprintf(p->line, sizeof p->line, "%s", line);
}

/* --disk: check the image, put the program in, save, and attach it. */
static int prepare_persistent_disk(const struct os_boot_request *request, const char *name,
                                   struct os_boot *boot)
{
    char err[512];
    struct fsimage *fs;
    enum fsimage_status status = fsimage_open(&fs, request->disk, true, err, sizeof err);
    if (status != FSIMAGE_OK)
        return fail(status == FSIMAGE_CORRUPT ? EXIT_BAD_DISK : EXIT_CANNOT_OPEN,
                    "%s", err);
    struct first_problem problem = {.count = 0};
    fsimage_check(fs, note_problem, &problem);
    if (problem.count) {
        fsimage_close(fs);
        return fail(EXIT_BAD_DISK, "%s fails the file-system check: %s (vmsim-fs check %s lists all %u)",
                    request->disk, problem.line, request->disk, problem.count);
    }
    /* Every check that could refuse the image comes before the first write to it. */
    struct stat st;
    if (stat(request->disk, &st) == 0 && !disk_image_size_ok((uint64_t)st.st_size, request->disk, err, sizeof err)) {
        fsimage_close(fs);
        return fail(EXIT_BAD_DISK, "%s", err);
    }
    int result = add_program(fs, request->disk, request, name);
    if (result < 0 && (status = fsimage_save(fs)) != FSIMAGE_OK)
        result = fail(EXIT_CANNOT_OPEN, "%s: %s", request->disk, fsimage_error(fs));
    fsimage_close(fs);
    if (result >= 0)
        return result;
    enum disk_image_result opened = disk_image_open(&boot->disk, request->disk, 0, false, err, sizeof err);
    if (opened != DISK_IMAGE_OK)
        return fail(opened == DISK_IMAGE_BAD ? EXIT_BAD_DISK : EXIT_CANNOT_OPEN, "%s", err);
    return -1;
}

/* No --disk: a copy of the bundled rootfs.img with the program in it, in a temporary file
 * that is unlinked as soon as it is open, so nothing is left behind however vmsim ends.
 * The copy ends with a swap area of OS_BOOT_SWAP_MIB (sparse: it costs no disk space
 * until the guest swaps), so that programs larger than RAM run. */
static int prepare_private_disk(const struct os_boot_request *request, const char *name,
                                struct os_boot *boot)
{
    char image[4096], looked[8800], err[512];
    if (!find_bundled("rootfs.img", image, sizeof image, looked, sizeof looked))
        return fail(EXIT_NO_ROOT_IMAGE, "cannot find the guest OS's root image rootfs.img (%s)", looked);
    struct fsimage *fs;
    enum fsimage_status status = fsimage_open(&fs, image, false, err, sizeof err);
    if (status != FSIMAGE_OK)
        return fail(status == FSIMAGE_CORRUPT ? EXIT_BAD_DISK : EXIT_CANNOT_OPEN, "root image %s", err);
    int result = add_program(fs, image, request, name);
    if (result >= 0) {
        fsimage_close(fs);
        return result;
    }
    const char *tmpdir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/vmsim-disk-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        fsimage_close(fs);
        return fail(EXIT_CANNOT_OPEN, "cannot create a temporary disk image %s: %s", path, strerror(errno));
    }
    status = fsimage_write_to_fd(fs, fd);
    if (status != FSIMAGE_OK)
        result = fail(EXIT_CANNOT_OPEN, "%s: %s", path, fsimage_error(fs));
    uint32_t free_blocks, free_inodes, blocks, inodes;
    fsimage_usage(fs, &free_blocks, &free_inodes, &blocks, &inodes);
    fsimage_close(fs);
    if (result < 0 && !swap_area_write(fd, (uint64_t)blocks * FSIMAGE_BLOCK_SIZE, OS_BOOT_SWAP_MIB, err, sizeof err))
        result = fail(EXIT_CANNOT_OPEN, "%s: %s", path, err);
    close(fd);
    if (result < 0) {
        enum disk_image_result opened = disk_image_open(&boot->disk, path, 0, false, err, sizeof err);
        if (opened != DISK_IMAGE_OK)
            result = fail(opened == DISK_IMAGE_BAD ? EXIT_BAD_DISK : EXIT_CANNOT_OPEN, "%s", err);
    }
    unlink(path);
    return result;
}

int os_boot_prepare(const struct os_boot_request *request, struct os_boot *boot)
{
    boot->disk.fd = -1;
    char name[GUEST_NAME_MAX + 1] = "";
    int result;
    if (request->program && (result = guest_name(request->program, name, sizeof name)) >= 0)
        return result;
    if ((result = build_command_line(request, name, boot)) >= 0)
        return result;
    if (request->kernel) {
        /* Checked here, before the disk is touched; loaded by os_boot_start. */
        char err[512];
        uint64_t size;
        enum host_file_result opened;
        int fd = host_file_open(request->kernel, O_RDONLY, ELF_MAX_FILE_BYTES, &size, &opened, err, sizeof err);
        if (fd < 0)
            return fail(opened == HOST_FILE_TOO_BIG ? EXIT_BAD_PROGRAM : EXIT_CANNOT_OPEN, "--kernel %s", err);
        close(fd);
        snprintf(boot->kernel, sizeof boot->kernel, "%s", request->kernel);
    } else {
        char looked[8800];
        if (!find_bundled("kernel.elf", boot->kernel, sizeof boot->kernel, looked, sizeof looked))
            return fail(EXIT_NO_KERNEL, "cannot find the guest OS kernel kernel.elf (%s); name one with --kernel",
                        looked);
    }
    return request->disk ? prepare_persistent_disk(request, name, boot)
                         : prepare_private_disk(request, name, boot);
}

int os_boot_start(struct machine *m, const struct os_boot *boot)
{
    char err[256];
    enum elf_load_result loaded = machine_load_program(m, boot->kernel, err, sizeof err);
    if (loaded != ELF_LOADED)
        return fail(loaded == ELF_CANNOT_OPEN ? EXIT_CANNOT_OPEN : EXIT_BAD_PROGRAM, "kernel %s: %s",
                    boot->kernel, err);
    uint32_t address = VMSIM_RAM_BASE + m->config.ram_size - BOOTARGS_MAX;
    uint8_t block[BOOTARGS_MAX] = {0};
    struct bootargs header = {.magic = BOOTARGS_MAGIC, .length = (uint32_t)strlen(boot->command_line)};
    memcpy(block, &header, sizeof header);
    memcpy(block + sizeof header, boot->command_line, header.length + 1);
    if (!bus_write_ram(&m->bus, address, block, sizeof block))
        return fail(EXIT_HOST_ERROR, "cannot write the boot arguments at 0x%08" PRIx32, address);
    m->hart.x[10] = 0;       /* a0: the hart id */
    m->hart.x[11] = address; /* a1: the struct bootargs */
    return -1;
}
