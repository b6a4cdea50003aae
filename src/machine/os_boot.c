/* Booting the guest OS for a program: find the kernel and the standard disk image next
 * to the vmsim executable (build tree: <dir>/os/; installed: <dir>/../share/vmsim/),
 * copy the image, add the program, and pass the command line. */
#define _GNU_SOURCE
#include "machine/os_boot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsimage/fsimage.h"
#include "machine/elf_loader.h"
#include "machine/exit_status.h"
#include "machine/machine.h"
#include "machine_map.h"
#include "os/abi/user_layout.h"

bool os_boot_is_guest_program(const char *path)
{
    uint32_t lowest, end;
    char err[256];
    return elf_segment_span(path, &lowest, &end, err, sizeof err) == ELF_LOADED && lowest >= USER_BASE &&
           end <= USER_TOP;
}

/* The first of <exe dir>/os/NAME and <exe dir>/../share/vmsim/NAME that exists. */
static bool find_bundled(const char *name, char *out, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    const char *layouts[] = {"%s/os/%s", "%s/../share/vmsim/%s"};
    for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
        if (snprintf(out, size, layouts[i], exe, name) < (int)size && access(out, R_OK) == 0)
            return true;
    }
    return false;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* /bin/NAME for a program file NAME.elf (or NAME). */
static void guest_path_for(const char *program, char *out, size_t size)
{
    const char *base = base_name(program);
    size_t length = strlen(base);
    if (length > 4 && strcmp(base + length - 4, ".elf") == 0)
        length -= 4;
    snprintf(out, size, "/bin/%.*s", (int)length, base);
}

static bool append_word(char *line, size_t size, const char *word)
{
    size_t used = strlen(line);
    int n = snprintf(line + used, size - used, "%s%s", used ? " " : "", word);
    return n >= 0 && (size_t)n < size - used;
}

static uint8_t *read_host_file(const char *path, size_t *size, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && st.st_size < (1 << 28) && (data = malloc((size_t)st.st_size + 1)))
        *size = fread(data, 1, (size_t)st.st_size, f);
    if (!data)
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
    if (f)
        fclose(f);
    return data;
}

/* Puts the program into the image as `guest` (an executable, owned by root). */
static int put_program(struct fsimage *fs, const char *program, const char *guest, char *err, size_t err_size)
{
    size_t size = 0;
    uint8_t *data = read_host_file(program, &size, err, err_size);
    if (!data)
        return EXIT_CANNOT_OPEN;
    bool ok = fsimage_mkdir(fs, "/bin", 0, 0755, true) == FSIMAGE_OK &&
              fsimage_write_file(fs, guest, data, size, 0, 0755) == FSIMAGE_OK;
    free(data);
    if (!ok) {
        snprintf(err, err_size, "cannot put %s into the disk image: %s", guest, fsimage_error(fs));
        return EXIT_BAD_DISK;
    }
    return -1;
}

/* Opens the disk image to boot with: the persistent one (--disk, which must check clean)
 * or the standard one (its copy is written out once the program is in). */
static int open_image(struct os_boot *b, const struct os_boot_request *request, struct fsimage **fs, char *err,
                      size_t err_size)
{
    char image[PATH_MAX];
    if (request->disk) {
        snprintf(image, sizeof image, "%s", request->disk);
    } else if (!find_bundled("rootfs.img", image, sizeof image)) {
        snprintf(err, err_size, "cannot find the standard disk image (os/rootfs.img next to vmsim, or "
                                "share/vmsim/rootfs.img); build it, or give --disk FILE");
        return EXIT_CANNOT_OPEN;
    }
    enum fsimage_status opened = fsimage_open(fs, image, request->disk != NULL, err, err_size);
    if (opened != FSIMAGE_OK)
        return opened == FSIMAGE_CANNOT_OPEN ? EXIT_CANNOT_OPEN : EXIT_BAD_DISK;
    unsigned problems = fsimage_check(*fs, NULL, NULL);
    if (problems) {
        snprintf(err, err_size, "%s: the file system has %u problem%s (see vmsim-fs check %s)", image, problems,
                 problems == 1 ? "" : "s", image);
        fsimage_close(*fs);
        return EXIT_BAD_DISK;
    }
    snprintf(b->disk, sizeof b->disk, "%s", image);
    return -1;
}

/* Writes the standard image, with the program in it, to a private temporary file. */
static int write_temporary_disk(struct os_boot *b, struct fsimage *fs, char *err, size_t err_size)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    snprintf(b->disk, sizeof b->disk, "%s/vmsim-disk-XXXXXX", tmp);
    int fd = mkstemp(b->disk);
    if (fd < 0) {
        snprintf(err, err_size, "cannot make a temporary disk image in %s: %s", tmp, strerror(errno));
        return EXIT_HOST_ERROR;
    }
    b->disk_is_temporary = true;
    enum fsimage_status written = fsimage_write_to_fd(fs, fd);
    if (close(fd) != 0 || written != FSIMAGE_OK) {
        snprintf(err, err_size, "writing the temporary disk image %s: %s", b->disk,
                 written != FSIMAGE_OK ? fsimage_error(fs) : strerror(errno));
        os_boot_cleanup(b);
        return EXIT_HOST_ERROR;
    }
    return -1;
}

/* The command line: --append's options, then (for a program) "quiet NAME ARGS...". */
static int make_command_line(struct os_boot *b, const struct os_boot_request *request, const char *guest,
                             char *err, size_t err_size)
{
    if (request->append && !append_word(b->command_line, sizeof b->command_line, request->append)) {
        snprintf(err, err_size, "--append: the kernel command line is too long");
        return EXIT_USAGE;
    }
    if (!request->program)
        return -1;
    /* init finds NAME in /bin, and the program sees NAME as argv[0], as from a shell. */
    bool fits = append_word(b->command_line, sizeof b->command_line, "quiet") &&
                append_word(b->command_line, sizeof b->command_line, guest + strlen("/bin/"));
    for (int i = 0; fits && i < request->arg_count; i++) {
        if (strchr(request->args[i], ' ') || !*request->args[i]) {
            snprintf(err, err_size, "argument '%s': guest arguments cannot be empty or hold spaces",
                     request->args[i]);
            return EXIT_USAGE;
        }
        fits = append_word(b->command_line, sizeof b->command_line, request->args[i]);
    }
    if (!fits) {
        snprintf(err, err_size, "the program's arguments are too long for the kernel command line");
        return EXIT_USAGE;
    }
    return -1;
}

int os_boot_prepare(struct os_boot *b, const struct os_boot_request *request, char *err, size_t err_size)
{
    memset(b, 0, sizeof *b);
    if (request->kernel) {
        snprintf(b->kernel, sizeof b->kernel, "%s", request->kernel);
    } else if (!find_bundled("kernel.elf", b->kernel, sizeof b->kernel)) {
        snprintf(err, err_size, "cannot find the guest OS kernel (os/kernel.elf next to vmsim, or "
                                "share/vmsim/kernel.elf); build it, or give --kernel FILE");
        return EXIT_CANNOT_OPEN;
    }
    char guest[PATH_MAX] = "";
    if (request->program)
        guest_path_for(request->program, guest, sizeof guest);
    int status = make_command_line(b, request, guest, err, err_size);
    if (status >= 0)
        return status;
    struct fsimage *fs;
    status = open_image(b, request, &fs, err, err_size);
    if (status >= 0)
        return status;
    if (request->program)
        status = put_program(fs, request->program, guest, err, err_size);
    if (status < 0 && request->disk && fsimage_save(fs) != FSIMAGE_OK) {
        snprintf(err, err_size, "%s: cannot save: %s", b->disk, fsimage_error(fs));
        status = EXIT_BAD_DISK;
    }
    if (status < 0 && !request->disk)
        status = write_temporary_disk(b, fs, err, err_size);
    fsimage_close(fs);
    return -1;
}

void os_boot_start(const struct os_boot *b, struct machine *m)
{
    uint32_t ram_size = m->config.ram_size;
    uint32_t address = VMSIM_RAM_BASE + ram_size - BOOTARGS_MAX;
    uint8_t block[BOOTARGS_MAX];
    memset(block, 0, sizeof block);
    struct bootargs header = {.magic = BOOTARGS_MAGIC, .length = (uint32_t)strlen(b->command_line)};
    memcpy(block, &header, sizeof header);
    memcpy(block + sizeof header, b->command_line, header.length + 1);
    bus_write_ram(&m->bus, address, block, sizeof block);
    m->hart.x[10] = 0;       /* a0: the hart id */
    m->hart.x[11] = address; /* a1: the boot arguments */
}

void os_boot_cleanup(struct os_boot *b)
{
    if (b->disk_is_temporary && b->disk[0])
        unlink(b->disk);
    b->disk_is_temporary = false;
}
