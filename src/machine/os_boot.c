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

static bool copy_file(const char *from, int to_fd, char *err, size_t err_size)
{
    int from_fd = open(from, O_RDONLY);
    if (from_fd < 0) {
        snprintf(err, err_size, "%s: cannot open: %s", from, strerror(errno));
        return false;
    }
    char buffer[65536];
    ssize_t n;
    bool ok = true;
    while (ok && (n = read(from_fd, buffer, sizeof buffer)) != 0) {
        if (n < 0 || write(to_fd, buffer, (size_t)n) != n) {
            snprintf(err, err_size, "copying %s: %s", from, strerror(errno));
            ok = false;
        }
    }
    close(from_fd);
    return ok;
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

static int put_program(const struct os_boot *b, const char *program, const char *guest, char *err,
                       size_t err_size)
{
    struct fsimage img;
    if (!fsimage_open(&img, b->disk, true, err, err_size))
        return EXIT_BAD_DISK;
    uint32_t size = 0;
    FILE *f = fopen(program, "rb");
    uint8_t *data = NULL;
    if (f) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && st.st_size < (1 << 28) && (data = malloc((size_t)st.st_size + 1)))
            size = (uint32_t)fread(data, 1, (size_t)st.st_size, f);
        fclose(f);
    }
    if (!data) {
        snprintf(err, err_size, "%s: cannot read: %s", program, strerror(errno));
        fsimage_close(&img);
        return EXIT_CANNOT_OPEN;
    }
    bool ok = fsimage_mkdir(&img, "/bin", 0, 0755) && fsimage_write_file(&img, guest, data, size, 0, 0755);
    free(data);
    if (!ok)
        snprintf(err, err_size, "%s: cannot add %s: %s", b->disk, guest, img.error);
    fsimage_close(&img);
    return ok ? -1 : EXIT_BAD_DISK;
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
    if (request->disk) {
        snprintf(b->disk, sizeof b->disk, "%s", request->disk);
        struct fsimage img;
        if (!fsimage_open(&img, b->disk, true, err, err_size))
            return errno == ENOENT ? EXIT_CANNOT_OPEN : EXIT_BAD_DISK;
        unsigned problems = fsimage_check(&img, NULL);
        fsimage_close(&img);
        if (problems) {
            snprintf(err, err_size, "%s: the file system has %u problem%s (see vmsim-fs check %s)", b->disk, problems,
                     problems == 1 ? "" : "s", b->disk);
            return EXIT_BAD_DISK;
        }
    } else {
        char image[PATH_MAX];
        if (!find_bundled("rootfs.img", image, sizeof image)) {
            snprintf(err, err_size, "cannot find the standard disk image (os/rootfs.img next to vmsim, or "
                                    "share/vmsim/rootfs.img); build it, or give --disk FILE");
            return EXIT_CANNOT_OPEN;
        }
        const char *tmp = getenv("TMPDIR");
        snprintf(b->disk, sizeof b->disk, "%s/vmsim-disk-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        int fd = mkstemp(b->disk);
        if (fd < 0) {
            snprintf(err, err_size, "cannot make a temporary disk image in %s: %s", tmp && *tmp ? tmp : "/tmp",
                     strerror(errno));
            return EXIT_HOST_ERROR;
        }
        b->disk_is_temporary = true;
        bool copied = copy_file(image, fd, err, err_size);
        if (close(fd) != 0 || !copied) {
            if (copied)
                snprintf(err, err_size, "writing the temporary disk image: %s", strerror(errno));
            os_boot_cleanup(b);
            return EXIT_HOST_ERROR;
        }
    }
    if (request->append && !append_word(b->command_line, sizeof b->command_line, request->append)) {
        snprintf(err, err_size, "--append: the kernel command line is too long");
        os_boot_cleanup(b);
        return EXIT_USAGE;
    }
    if (request->program) {
        char guest[PATH_MAX];
        guest_path_for(request->program, guest, sizeof guest);
        int status = put_program(b, request->program, guest, err, err_size);
        /* init finds NAME in /bin, and the program sees NAME as argv[0], as from a shell. */
        bool fits = status < 0 && append_word(b->command_line, sizeof b->command_line, "quiet") &&
                    append_word(b->command_line, sizeof b->command_line, guest + strlen("/bin/"));
        for (int i = 0; fits && i < request->arg_count; i++) {
            if (strchr(request->args[i], ' ') || !*request->args[i]) {
                snprintf(err, err_size, "argument '%s': guest arguments cannot be empty or hold spaces",
                         request->args[i]);
                status = EXIT_USAGE;
                fits = false;
            } else {
                fits = append_word(b->command_line, sizeof b->command_line, request->args[i]);
            }
        }
        if (status < 0 && !fits) {
            snprintf(err, err_size, "the program's arguments are too long for the kernel command line");
            status = EXIT_USAGE;
        }
        if (status >= 0) {
            os_boot_cleanup(b);
            return status;
        }
    }
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
