/* vmsim-fs: make, list, read, change and check the guest OS's file-system images from the
 * host (docs/fs-image.md). The work is done by src/fsimage/; this file is the command line. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsimage/fsimage.h"
#include "fsimage/swap_area.h"
#include "host/host_file.h"

/* Exit statuses, in the spirit of vmsim's (src/machine/exit_status.h). */
enum {
    FS_EXIT_OK = 0,
    FS_EXIT_USAGE = 64,       /* bad command line */
    FS_EXIT_CANNOT_OPEN = 66, /* a host file or the image cannot be opened, read or written */
    FS_EXIT_CORRUPT = 67,     /* the image is not a consistent file system (check: problems) */
    FS_EXIT_NOT_FOUND = 68,   /* no such guest path, the wrong kind of thing, or it exists */
    FS_EXIT_NO_SPACE = 70,    /* the image is full, or a file is too large for the format */
    FS_EXIT_HOST_ERROR = 71,  /* out of host memory */
};

#define DEFAULT_SIZE_MIB 16u
#define MAX_PROBLEM_LINES 100u

static void print_usage(FILE *out)
{
    fprintf(out,
            "Usage: vmsim-fs COMMAND IMAGE [arguments]\n"
            "Make, list, read, change and check vmsim guest file-system images.\n"
            "\n"
            "Commands:\n"
            "  create IMAGE [--size MIB] [--inodes N] [--from HOSTDIR] [HOSTFILE:GUESTPATH ...]\n"
            "        make a new, empty file system of MIB MiB (default %u), replacing IMAGE;\n"
            "        copy HOSTDIR's tree into '/', then each HOSTFILE to GUESTPATH\n"
            "  ls IMAGE [PATH] [-l] [-R]   list a directory (-l: type, mode, links, uid,\n"
            "                              size, inode; -R: and every directory below it)\n"
            "  get IMAGE GUESTPATH [HOSTFILE|-]   copy a file out (default: standard output)\n"
            "  put IMAGE HOSTFILE GUESTPATH       copy a host file in (replacing one there)\n"
            "  mkdir IMAGE PATH [-p]        make a directory (-p: and missing parents)\n"
            "  mknod IMAGE PATH MAJOR       make a device node (major 1: the console,\n"
            "                               2: null)\n"
            "  check IMAGE                  check consistency; one line per problem\n"
            "  swap IMAGE MIB               end the image with a swap area of MIB MiB (1 to\n"
            "                               %u) after the file system, for the guest OS\n"
            "  -h, --help                   show this help\n"
            "\n"
            "Options for create, put, mkdir and mknod:\n"
            "  --uid N      owner of what is made (default 0)\n"
            "  --mode OCTAL permission bits (default: the host file's, or 0755 for\n"
            "               directories and 0666 for devices)\n"
            "create, put and mknod make missing parent directories of GUESTPATH. A committed log\n"
            "is replayed first, as the guest kernel does at mount. put, mkdir and mknod\n"
            "refuse an image that fails the check.\n"
            "\n"
            "Exit status:\n"
            "  0   success (check: the image is consistent)\n"
            "  %d  bad command line             %d  cannot open, read or write a file\n"
            "  %d  the image is corrupt (check: it found problems)\n"
            "  %d  no such guest path, the wrong kind of file, or it exists\n"
            "  %d  the image is full            %d  out of host memory\n",
            DEFAULT_SIZE_MIB, SWAP_AREA_MAX_MIB, FS_EXIT_USAGE, FS_EXIT_CANNOT_OPEN, FS_EXIT_CORRUPT,
            FS_EXIT_NOT_FOUND, FS_EXIT_NO_SPACE, FS_EXIT_HOST_ERROR);
}

static int usage_error(const char *format, const char *detail)
{
    fprintf(stderr, "vmsim-fs: ");
    fprintf(stderr, format, detail);
    fprintf(stderr, " (try 'vmsim-fs --help')\n");
    return FS_EXIT_USAGE;
}

static int exit_status_of(enum fsimage_status status)
{
    switch (status) {
    case FSIMAGE_OK: return FS_EXIT_OK;
    case FSIMAGE_CANNOT_OPEN: return FS_EXIT_CANNOT_OPEN;
    case FSIMAGE_CORRUPT: return FS_EXIT_CORRUPT;
    case FSIMAGE_NOT_FOUND:
    case FSIMAGE_EXISTS:
    case FSIMAGE_WRONG_TYPE: return FS_EXIT_NOT_FOUND;
    case FSIMAGE_NO_SPACE: return FS_EXIT_NO_SPACE;
    case FSIMAGE_BAD_ARGUMENT: return FS_EXIT_USAGE;
    case FSIMAGE_NO_MEMORY: return FS_EXIT_HOST_ERROR;
    }
    return FS_EXIT_HOST_ERROR;
}

/* Reports a failed operation on an open image and returns its exit status. */
static int failed(const char *image, struct fsimage *fs, enum fsimage_status status)
{
    fprintf(stderr, "vmsim-fs: %s: %s\n", image, fsimage_error(fs));
    return exit_status_of(status);
}

/* The command line after the command: positional words and the options. */
struct arguments {
    const char *words[64];
    int nwords;
    uint32_t size_mib, inodes;
    const char *from;
    long uid;  /* -1: default */
    long mode; /* -1: default */
    bool long_format, recursive, parents;
};

static bool parse_number(const char *text, int base, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, base);
    if (errno || end == text || *end || text[0] == '-' || v > max)
        return false;
    *out = v;
    return true;
}

static int parse_arguments(int argc, char **argv, struct arguments *a)
{
    *a = (struct arguments){.size_mib = DEFAULT_SIZE_MIB, .uid = -1, .mode = -1};
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        unsigned long v;
        bool has_value = i + 1 < argc;
        if (strcmp(arg, "-l") == 0) {
            a->long_format = true;
        } else if (strcmp(arg, "-R") == 0) {
            a->recursive = true;
        } else if (strcmp(arg, "-p") == 0) {
            a->parents = true;
        } else if (strcmp(arg, "--size") == 0) {
            if (!has_value || !parse_number(argv[++i], 10, FSIMAGE_MAX_BLOCKS / 1024, &v) || v == 0)
                return usage_error("--size wants a size in MiB from 1 to %s", "1024");
            a->size_mib = (uint32_t)v;
        } else if (strcmp(arg, "--inodes") == 0) {
            if (!has_value || !parse_number(argv[++i], 10, 1u << 24, &v) || v < 2)
                return usage_error("--inodes wants a count of inodes, %s", "at least 2");
            a->inodes = (uint32_t)v;
        } else if (strcmp(arg, "--from") == 0) {
            if (!has_value)
                return usage_error("%s wants a host directory", arg);
            a->from = argv[++i];
        } else if (strcmp(arg, "--uid") == 0) {
            if (!has_value || !parse_number(argv[++i], 10, 65535, &v))
                return usage_error("%s wants a user id from 0 to 65535", arg);
            a->uid = (long)v;
        } else if (strcmp(arg, "--mode") == 0) {
            if (!has_value || !parse_number(argv[++i], 8, 07777, &v))
                return usage_error("%s wants octal permission bits such as 0755", arg);
            a->mode = (long)v;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage_error("unknown option '%s'", arg);
        } else {
            if (a->nwords == (int)(sizeof a->words / sizeof a->words[0]))
                return usage_error("too many arguments (at most %s)", "64");
            a->words[a->nwords++] = arg;
        }
    }
    return -1;
}

static uint16_t uid_of(const struct arguments *a)
{
    return a->uid < 0 ? 0 : (uint16_t)a->uid;
}

/* The largest file the guest file system holds (FS_MAX_FILE_BLOCKS of 1 KiB). */
#define LARGEST_GUEST_FILE ((uint64_t)(11 + 256 + 256 * 256) * FSIMAGE_BLOCK_SIZE)

/* Reads standard input whole (for "-"). */
static int read_standard_input(uint8_t **data, size_t *size)
{
    size_t capacity = 65536, used = 0;
    uint8_t *buffer = malloc(capacity);
    for (;;) {
        if (!buffer) {
            fprintf(stderr, "vmsim-fs: standard input: out of memory\n");
            return FS_EXIT_HOST_ERROR;
        }
        if (used == capacity) {
            if (capacity > LARGEST_GUEST_FILE) {
                fprintf(stderr, "vmsim-fs: standard input: more than the %" PRIu64
                                " bytes a guest file can hold\n", LARGEST_GUEST_FILE);
                free(buffer);
                return FS_EXIT_NO_SPACE;
            }
            uint8_t *bigger = realloc(buffer, capacity * 2);
            if (!bigger)
                free(buffer);
            buffer = bigger;
            capacity *= 2;
            continue;
        }
        ssize_t n = read(STDIN_FILENO, buffer + used, capacity - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "vmsim-fs: standard input: cannot read: %s\n", strerror(errno));
            free(buffer);
            return FS_EXIT_CANNOT_OPEN;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    *data = buffer;
    *size = used;
    return FS_EXIT_OK;
}

/* Reads a whole host file (or standard input for "-"): a regular file, its size checked
 * before it is read. */
static int read_host_file(const char *path, uint8_t **data, size_t *size, uint16_t *mode)
{
    if (strcmp(path, "-") == 0) {
        *mode = 0644;
        return read_standard_input(data, size);
    }
    char err[512];
    uint64_t file_size;
    enum host_file_result opened;
    int fd = host_file_open(path, O_RDONLY, LARGEST_GUEST_FILE, &file_size, &opened, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, "vmsim-fs: %s\n", err);
        return opened == HOST_FILE_TOO_BIG ? FS_EXIT_NO_SPACE : FS_EXIT_CANNOT_OPEN;
    }
    struct stat st;
    *mode = fstat(fd, &st) == 0 ? (uint16_t)(st.st_mode & 0777) : 0644;
    bool out_of_memory;
    *data = host_file_read_all(fd, path, file_size, &out_of_memory, err, sizeof err);
    close(fd);
    if (!*data) {
        fprintf(stderr, "vmsim-fs: %s\n", err);
        return out_of_memory ? FS_EXIT_HOST_ERROR : FS_EXIT_CANNOT_OPEN;
    }
    *size = (size_t)file_size;
    return FS_EXIT_OK;
}

/* The directory part of path ("" for a name in "/"), for making parents. */
static void parent_of(const char *path, char *out, size_t out_size)
{
    snprintf(out, out_size, "%s", path);
    char *slash = strrchr(out, '/');
    if (slash)
        *slash = '\0';
    else
        out[0] = '\0';
}

/* Copies host file `host` into the image at `guest`, making missing parents. */
static int put_file(const char *image, struct fsimage *fs, const char *host, const char *guest,
                    const struct arguments *a)
{
    uint8_t *data;
    size_t size;
    uint16_t mode;
    int result = read_host_file(host, &data, &size, &mode);
    if (result != FS_EXIT_OK)
        return result;
    if (a->mode >= 0)
        mode = (uint16_t)a->mode;
    char parent[4096];
    parent_of(guest, parent, sizeof parent);
    enum fsimage_status status = fsimage_mkdir(fs, parent, uid_of(a), 0755, true);
    if (status == FSIMAGE_OK)
        status = fsimage_write_file(fs, guest, data, size, uid_of(a), mode);
    free(data);
    return status == FSIMAGE_OK ? FS_EXIT_OK : failed(image, fs, status);
}

/* Copies the host tree under host_dir into guest_dir (which exists). */
static int copy_tree(const char *image, struct fsimage *fs, const char *host_dir,
                     const char *guest_dir, const struct arguments *a, int depth)
{
    if (depth > 32) {
        fprintf(stderr, "vmsim-fs: %s: directories nested too deeply\n", host_dir);
        return FS_EXIT_USAGE;
    }
    /* Sorted, so that the same tree always makes the same image. */
    struct dirent **entries;
    int count = scandir(host_dir, &entries, NULL, alphasort);
    if (count < 0) {
        fprintf(stderr, "vmsim-fs: %s: cannot read: %s\n", host_dir, strerror(errno));
        return FS_EXIT_CANNOT_OPEN;
    }
    int result = FS_EXIT_OK;
    for (int i = 0; i < count; i++) {
        const char *name = entries[i]->d_name;
        if (result != FS_EXIT_OK || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        char host[4096], guest[4096];
        snprintf(host, sizeof host, "%s/%s", host_dir, name);
        snprintf(guest, sizeof guest, "%s/%s", guest_dir, name);
        struct stat st;
        if (stat(host, &st) != 0) {
            fprintf(stderr, "vmsim-fs: %s: %s\n", host, strerror(errno));
            result = FS_EXIT_CANNOT_OPEN;
        } else if (S_ISDIR(st.st_mode)) {
            uint16_t mode = a->mode >= 0 ? (uint16_t)a->mode : (uint16_t)(st.st_mode & 0777);
            enum fsimage_status status = fsimage_mkdir(fs, guest, uid_of(a), mode, true);
            result = status == FSIMAGE_OK ? copy_tree(image, fs, host, guest, a, depth + 1)
                                          : failed(image, fs, status);
        } else if (S_ISREG(st.st_mode)) {
            result = put_file(image, fs, host, guest, a);
        } else {
            fprintf(stderr, "vmsim-fs: %s: skipped: not a regular file or directory\n", host);
        }
    }
    for (int i = 0; i < count; i++)
        free(entries[i]);
    free(entries);
    return result;
}

static void count_problem(void *opaque, const char *line)
{
    (void)line;
    (*(unsigned *)opaque)++;
}

/* Opens the image; one to be changed must pass the check first, since changing an
 * inconsistent one (a used block marked free, say) would only spread the damage. */
static int open_image(const char *image, bool writable, struct fsimage **fs)
{
    char err[512];
    enum fsimage_status status = fsimage_open(fs, image, writable, err, sizeof err);
    if (status != FSIMAGE_OK) {
        fprintf(stderr, "vmsim-fs: %s\n", err);
        return exit_status_of(status);
    }
    unsigned problems = 0;
    if (writable && fsimage_check(*fs, count_problem, &problems) != 0) {
        fprintf(stderr, "vmsim-fs: %s: not changing an image that fails the check (%u problems; "
                "vmsim-fs check %s lists them)\n", image, problems, image);
        fsimage_close(*fs);
        return FS_EXIT_CORRUPT;
    }
    return FS_EXIT_OK;
}

static int save_and_close(const char *image, struct fsimage *fs, int result)
{
    if (result == FS_EXIT_OK) {
        enum fsimage_status status = fsimage_save(fs);
        if (status != FSIMAGE_OK)
            result = failed(image, fs, status);
    }
    fsimage_close(fs);
    return result;
}

static int command_create(const struct arguments *a)
{
    if (a->nwords < 1)
        return usage_error("%s", "create wants an IMAGE");
    const char *image = a->words[0];
    char err[512];
    struct fsimage *fs;
    enum fsimage_status status = fsimage_format(&fs, a->size_mib * 1024, a->inodes, err, sizeof err);
    if (status != FSIMAGE_OK) {
        fprintf(stderr, "vmsim-fs: %s: %s\n", image, err);
        return exit_status_of(status);
    }
    int result = FS_EXIT_OK;
    if (a->from)
        result = copy_tree(image, fs, a->from, "", a, 0);
    for (int i = 1; i < a->nwords && result == FS_EXIT_OK; i++) {
        const char *colon = strrchr(a->words[i], ':');
        if (!colon || colon == a->words[i] || colon[1] == '\0') {
            result = usage_error("'%s' is not HOSTFILE:GUESTPATH", a->words[i]);
            break;
        }
        char host[4096];
        snprintf(host, sizeof host, "%.*s", (int)(colon - a->words[i]), a->words[i]);
        result = put_file(image, fs, host, colon + 1, a);
    }
    if (result == FS_EXIT_OK && (status = fsimage_save_as(fs, image)) != FSIMAGE_OK)
        result = failed(image, fs, status);
    fsimage_close(fs);
    return result;
}

struct listing {
    bool long_format;
    char (*subdirectories)[4096];
    size_t nsubdirectories, capacity;
    const char *path;
    bool recursive;
};

static void format_mode(const struct fsimage_stat *st, char out[11])
{
    out[0] = st->type == FSIMAGE_TYPE_DIR ? 'd' : st->type == FSIMAGE_TYPE_DEV ? 'c' : '-';
    static const char letters[] = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (st->mode >> (8 - i)) & 1 ? letters[i] : '-';
    out[10] = '\0';
}

static bool print_entry(void *opaque, const struct fsimage_entry *e)
{
    struct listing *l = opaque;
    if (l->long_format) {
        char mode[11];
        format_mode(&e->stat, mode);
        if (e->stat.type == FSIMAGE_TYPE_DEV)
            printf("%s %3u %5u %6s%-4" PRIu32 " %5" PRIu32 " %s\n", mode, e->stat.nlink, e->stat.uid,
                   "dev ", e->stat.major, e->stat.ino, e->name);
        else
            printf("%s %3u %5u %10" PRIu32 " %5" PRIu32 " %s\n", mode, e->stat.nlink, e->stat.uid,
                   e->stat.size, e->stat.ino, e->name);
    } else {
        printf("%s%s\n", e->name, e->stat.type == FSIMAGE_TYPE_DIR ? "/" : "");
    }
    if (l->recursive && e->stat.type == FSIMAGE_TYPE_DIR && strcmp(e->name, ".") != 0 &&
        strcmp(e->name, "..") != 0) {
        if (l->nsubdirectories == l->capacity) {
            size_t capacity = l->capacity ? l->capacity * 2 : 16;
            void *bigger = realloc(l->subdirectories, capacity * sizeof *l->subdirectories);
            if (!bigger)
                return false;
            l->subdirectories = bigger;
            l->capacity = capacity;
        }
        snprintf(l->subdirectories[l->nsubdirectories++], 4096, "%s%s%s", l->path,
                 l->path[strlen(l->path) - 1] == '/' ? "" : "/", e->name);
    }
    return true;
}

static int list_path(const char *image, struct fsimage *fs, const char *path,
                     const struct arguments *a, bool header, int depth)
{
    struct listing l = {.long_format = a->long_format, .recursive = a->recursive, .path = path};
    if (header)
        printf("\n%s:\n", path);
    enum fsimage_status status = fsimage_list(fs, path, print_entry, &l);
    int result = status == FSIMAGE_OK ? FS_EXIT_OK : failed(image, fs, status);
    for (size_t i = 0; i < l.nsubdirectories && result == FS_EXIT_OK; i++)
        result = depth < 64 ? list_path(image, fs, l.subdirectories[i], a, true, depth + 1) : result;
    free(l.subdirectories);
    return result;
}

static int command_ls(const struct arguments *a)
{
    if (a->nwords < 1 || a->nwords > 2)
        return usage_error("%s", "ls wants IMAGE [PATH]");
    struct fsimage *fs;
    int result = open_image(a->words[0], false, &fs);
    if (result != FS_EXIT_OK)
        return result;
    if (a->recursive)
        printf("%s:\n", a->nwords == 2 ? a->words[1] : "/");
    result = list_path(a->words[0], fs, a->nwords == 2 ? a->words[1] : "/", a, false, 0);
    fsimage_close(fs);
    return result;
}

static int command_get(const struct arguments *a)
{
    if (a->nwords < 2 || a->nwords > 3)
        return usage_error("%s", "get wants IMAGE GUESTPATH [HOSTFILE|-]");
    const char *image = a->words[0];
    struct fsimage *fs;
    int result = open_image(image, false, &fs);
    if (result != FS_EXIT_OK)
        return result;
    uint8_t *data;
    size_t size;
    enum fsimage_status status = fsimage_read_file(fs, a->words[1], &data, &size);
    if (status != FSIMAGE_OK) {
        result = failed(image, fs, status);
        fsimage_close(fs);
        return result;
    }
    fsimage_close(fs);
    const char *out = a->nwords == 3 ? a->words[2] : "-";
    FILE *file = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
    if (!file) {
        fprintf(stderr, "vmsim-fs: %s: cannot create: %s\n", out, strerror(errno));
        free(data);
        return FS_EXIT_CANNOT_OPEN;
    }
    bool ok = fwrite(data, 1, size, file) == size;
    ok = (file == stdout ? fflush(file) : fclose(file)) == 0 && ok;
    free(data);
    if (!ok) {
        fprintf(stderr, "vmsim-fs: %s: cannot write: %s\n", out, strerror(errno));
        return FS_EXIT_CANNOT_OPEN;
    }
    return FS_EXIT_OK;
}

static int command_put(const struct arguments *a)
{
    if (a->nwords != 3)
        return usage_error("%s", "put wants IMAGE HOSTFILE GUESTPATH");
    struct fsimage *fs;
    int result = open_image(a->words[0], true, &fs);
    if (result != FS_EXIT_OK)
        return result;
    result = put_file(a->words[0], fs, a->words[1], a->words[2], a);
    return save_and_close(a->words[0], fs, result);
}

static int command_mkdir(const struct arguments *a)
{
    if (a->nwords != 2)
        return usage_error("%s", "mkdir wants IMAGE PATH");
    struct fsimage *fs;
    int result = open_image(a->words[0], true, &fs);
    if (result != FS_EXIT_OK)
        return result;
    uint16_t mode = a->mode >= 0 ? (uint16_t)a->mode : 0755;
    enum fsimage_status status = fsimage_mkdir(fs, a->words[1], uid_of(a), mode, a->parents);
    result = status == FSIMAGE_OK ? FS_EXIT_OK : failed(a->words[0], fs, status);
    return save_and_close(a->words[0], fs, result);
}

static int command_mknod(const struct arguments *a)
{
    unsigned long major;
    if (a->nwords != 3 || !parse_number(a->words[2], 10, 65535, &major))
        return usage_error("%s", "mknod wants IMAGE PATH MAJOR (a number)");
    struct fsimage *fs;
    int result = open_image(a->words[0], true, &fs);
    if (result != FS_EXIT_OK)
        return result;
    uint16_t mode = a->mode >= 0 ? (uint16_t)a->mode : 0666;
    char parent[4096];
    parent_of(a->words[1], parent, sizeof parent);
    enum fsimage_status status = fsimage_mkdir(fs, parent, uid_of(a), 0755, true);
    if (status == FSIMAGE_OK)
        status = fsimage_mknod(fs, a->words[1], (uint32_t)major, uid_of(a), mode);
    result = status == FSIMAGE_OK ? FS_EXIT_OK : failed(a->words[0], fs, status);
    return save_and_close(a->words[0], fs, result);
}

struct problems {
    const char *image;
    unsigned count;
};

static void print_problem(void *opaque, const char *line)
{
    struct problems *p = opaque;
    if (++p->count <= MAX_PROBLEM_LINES)
        printf("%s: %s\n", p->image, line);
}

static int command_check(const struct arguments *a)
{
    if (a->nwords != 1)
        return usage_error("%s", "check wants IMAGE");
    const char *image = a->words[0];
    char err[512];
    struct fsimage *fs;
    enum fsimage_status status = fsimage_open(&fs, image, false, err, sizeof err);
    if (status == FSIMAGE_CORRUPT) {
        printf("%s\n", err);
        return FS_EXIT_CORRUPT;
    }
    if (status != FSIMAGE_OK) {
        fprintf(stderr, "vmsim-fs: %s\n", err);
        return exit_status_of(status);
    }
    if (fsimage_log_replayed(fs))
        fprintf(stderr, "vmsim-fs: %s: note: replayed a committed log of %" PRIu32
                " blocks (as the kernel would at mount) before checking\n", image,
                fsimage_log_replayed(fs));
    struct problems p = {.image = image};
    fsimage_check(fs, print_problem, &p);
    if (p.count > MAX_PROBLEM_LINES)
        printf("%s: ... and %u more problems\n", image, p.count - MAX_PROBLEM_LINES);
    uint32_t free_blocks, free_inodes, blocks, inodes;
    fsimage_usage(fs, &free_blocks, &free_inodes, &blocks, &inodes);
    fsimage_close(fs);
    if (p.count) {
        fprintf(stderr, "vmsim-fs: %s: %u problem%s found\n", image, p.count, p.count == 1 ? "" : "s");
        return FS_EXIT_CORRUPT;
    }
    printf("%s: consistent: %" PRIu32 " of %" PRIu32 " blocks free, %" PRIu32 " of %" PRIu32
           " inodes free\n", image, free_blocks, blocks, free_inodes, inodes);
    return FS_EXIT_OK;
}

static int command_swap(const struct arguments *a)
{
    unsigned long mib;
    if (a->nwords != 2 || !parse_number(a->words[1], 10, SWAP_AREA_MAX_MIB, &mib) || mib == 0)
        return usage_error("swap wants IMAGE MIB (a swap area of 1 to %s MiB)", "256");
    const char *image = a->words[0];
    struct fsimage *fs;
    int result = open_image(image, false, &fs);
    if (result != FS_EXIT_OK)
        return result;
    uint32_t free_blocks, free_inodes, blocks, inodes;
    fsimage_usage(fs, &free_blocks, &free_inodes, &blocks, &inodes);
    fsimage_close(fs);
    int fd = open(image, O_RDWR);
    char err[256];
    if (fd < 0) {
        fprintf(stderr, "vmsim-fs: %s: cannot open: %s\n", image, strerror(errno));
        return FS_EXIT_CANNOT_OPEN;
    }
    bool written = swap_area_write(fd, (uint64_t)blocks * FSIMAGE_BLOCK_SIZE, (uint32_t)mib, err, sizeof err);
    if (close(fd) != 0 && written) {
        snprintf(err, sizeof err, "cannot write: %s", strerror(errno));
        written = false;
    }
    if (!written) {
        fprintf(stderr, "vmsim-fs: %s: %s\n", image, err);
        return FS_EXIT_CANNOT_OPEN;
    }
    return FS_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 || strcmp(command, "help") == 0) {
        print_usage(stdout);
        return FS_EXIT_OK;
    }
    struct arguments a;
    int result = parse_arguments(argc - 2, argv + 2, &a);
    if (result >= 0)
        return result;
    static const struct {
        const char *name;
        int (*run)(const struct arguments *a);
    } commands[] = {
        {"create", command_create}, {"ls", command_ls},       {"get", command_get},
        {"put", command_put},       {"mkdir", command_mkdir}, {"mknod", command_mknod},
        {"check", command_check},   {"swap", command_swap},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(command, commands[i].name) == 0)
            return commands[i].run(&a);
    return usage_error("unknown command '%s'", command);
}
