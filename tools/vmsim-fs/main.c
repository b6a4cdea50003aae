/* vmsim-fs: make, read, change and check disk images of the guest OS's file system.
 * See usage() and docs/os.md. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsimage/fsimage.h"

enum {
    STATUS_OK = 0,
    STATUS_FAILED = 1,      /* the operation failed on a good image (no such file, full) */
    STATUS_PROBLEMS = 2,    /* check found problems */
    STATUS_USAGE = 64,
    STATUS_CANNOT_OPEN = 66,
    STATUS_BAD_IMAGE = 67,  /* not an image of ours, or unreadable structures */
};

static void usage(FILE *out)
{
    fputs("Usage: vmsim-fs COMMAND IMAGE [ARGUMENTS]\n"
          "Makes, reads, changes and checks disk images of the vmsim guest OS's file system.\n"
          "\n"
          "  create IMAGE [--size MIB] [--from HOSTDIR] [HOSTFILE:GUESTPATH ...]\n"
          "                 a new image (default 16 MiB) holding HOSTDIR's tree and the files named\n"
          "  ls IMAGE [PATH] [-l]     the entries of a directory (-l: type, inode, links, uid, mode, size)\n"
          "  get IMAGE GUESTPATH [HOSTFILE|-]   copy a file out (to standard output with - or none)\n"
          "  put IMAGE HOSTFILE GUESTPATH      copy a file in (parent directories are made)\n"
          "  mkdir IMAGE GUESTPATH            make a directory (and its parents)\n"
          "  mknod IMAGE GUESTPATH MAJOR      make a device file (1: the console)\n"
          "  check IMAGE              check the image's consistency; one line per problem\n"
          "\n"
          "Exit status: 0 done (check: consistent); 1 the operation failed; 2 check found problems;\n"
          "64 bad command line; 66 a file cannot be opened; 67 the image is not a vmsim file system.\n",
          out);
}

static int die_usage(const char *message)
{
    fprintf(stderr, "vmsim-fs: %s (vmsim-fs --help)\n", message);
    return STATUS_USAGE;
}

static int open_image(struct fsimage *img, const char *path, bool writable)
{
    char err[512];
    if (fsimage_open(img, path, writable, err, sizeof err))
        return STATUS_OK;
    fprintf(stderr, "vmsim-fs: %s\n", err);
    return strstr(err, "cannot open") ? STATUS_CANNOT_OPEN : STATUS_BAD_IMAGE;
}

static int failed(struct fsimage *img, const char *what)
{
    fprintf(stderr, "vmsim-fs: %s: %s\n", what, img->error);
    fsimage_close(img);
    return STATUS_FAILED;
}

static uint8_t *read_host_file(const char *path, uint32_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *data = NULL;
    size_t length = 0, capacity = 0;
    for (;;) {
        if (length == capacity) {
            capacity = capacity ? 2 * capacity : 65536;
            uint8_t *grown = capacity > UINT32_MAX ? NULL : realloc(data, capacity);
            if (!grown) {
                free(data);
                fclose(f);
                errno = EFBIG;
                return NULL;
            }
            data = grown;
        }
        size_t n = fread(data + length, 1, capacity - length, f);
        length += n;
        if (n == 0)
            break;
    }
    bool error = ferror(f);
    fclose(f);
    if (error) {
        free(data);
        return NULL;
    }
    *size = (uint32_t)length;
    return data;
}

/* Copies a host file into the image; the guest mode keeps the host's execute bits. */
static bool put_file(struct fsimage *img, const char *host, const char *guest)
{
    uint32_t size;
    uint8_t *data = read_host_file(host, &size);
    if (!data) {
        snprintf(img->error, sizeof img->error, "%.200s: cannot read: %s", host, strerror(errno));
        return false;
    }
    struct stat st;
    uint16_t mode = stat(host, &st) == 0 && (st.st_mode & 0111) ? 0755 : 0644;
    char parent[1024];
    snprintf(parent, sizeof parent, "%s", guest);
    char *slash = strrchr(parent, '/');
    bool ok = true;
    if (slash && slash != parent) {
        *slash = '\0';
        ok = fsimage_mkdir(img, parent, 0, 0755);
    }
    ok = ok && fsimage_write_file(img, guest, data, size, 0, mode);
    free(data);
    return ok;
}

static bool put_tree(struct fsimage *img, const char *host_dir, const char *guest_dir)
{
    DIR *d = opendir(host_dir);
    if (!d) {
        snprintf(img->error, sizeof img->error, "%.200s: cannot open: %s", host_dir, strerror(errno));
        return false;
    }
    bool ok = true;
    struct dirent *e; /* the host's */
    while (ok && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char host[4096], guest[1024];
        snprintf(host, sizeof host, "%s/%s", host_dir, e->d_name);
        snprintf(guest, sizeof guest, "%s/%s", strcmp(guest_dir, "/") ? guest_dir : "", e->d_name);
        struct stat st;
        if (stat(host, &st) != 0) {
            snprintf(img->error, sizeof img->error, "%.200s: %s", host, strerror(errno));
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            ok = fsimage_mkdir(img, guest, 0, 0755) && put_tree(img, host, guest);
        } else if (S_ISREG(st.st_mode)) {
            ok = put_file(img, host, guest);
        }
    }
    closedir(d);
    return ok;
}

static int command_create(int argc, char **argv)
{
    if (argc < 3)
        return die_usage("create wants an image");
    const char *image = argv[2];
    uint32_t mib = FSIMAGE_DEFAULT_MIB;
    const char *from = NULL;
    int first_file = 3;
    for (; first_file < argc && argv[first_file][0] == '-'; first_file += 2) {
        if (first_file + 1 >= argc)
            return die_usage("an option wants a value");
        if (strcmp(argv[first_file], "--size") == 0) {
            char *end;
            unsigned long value = strtoul(argv[first_file + 1], &end, 10);
            if (*end || value < 1 || value > 2047)
                return die_usage("--size wants a whole number of MiB from 1 to 2047");
            mib = (uint32_t)value;
        } else if (strcmp(argv[first_file], "--from") == 0) {
            from = argv[first_file + 1];
        } else {
            return die_usage("unknown create option");
        }
    }
    for (int i = first_file; i < argc; i++)
        if (!strchr(argv[i], ':'))
            return die_usage("files are given as HOSTFILE:GUESTPATH");
    char err[512];
    if (!fsimage_create(image, mib, err, sizeof err)) {
        fprintf(stderr, "vmsim-fs: %s\n", err);
        return STATUS_CANNOT_OPEN;
    }
    struct fsimage img;
    int status = open_image(&img, image, true);
    if (status)
        return status;
    if (from && !put_tree(&img, from, "/"))
        return failed(&img, image);
    for (int i = first_file; i < argc; i++) {
        char host[4096];
        snprintf(host, sizeof host, "%s", argv[i]);
        char *colon = strrchr(host, ':');
        *colon = '\0';
        if (!put_file(&img, host, colon + 1))
            return failed(&img, image);
    }
    fsimage_close(&img);
    return STATUS_OK;
}

static const char *type_name(uint16_t type)
{
    switch (type) {
    case FS_T_DIR: return "dir";
    case FS_T_FILE: return "file";
    case FS_T_DEV: return "dev";
    default: return "?";
    }
}

static void print_entry(void *opaque, const char *name, uint32_t inum, const struct fs_inode *inode)
{
    bool long_format = *(bool *)opaque;
    if (long_format)
        printf("%-4s %5u %3u %5u %04o %9u %s%s\n", type_name(inode->type), inum, inode->nlink, inode->uid,
               inode->mode, inode->size, name, inode->type == FS_T_DIR ? "/" : "");
    else
        printf("%s%s\n", name, inode->type == FS_T_DIR ? "/" : "");
}

static int command_ls(int argc, char **argv)
{
    if (argc < 3)
        return die_usage("ls wants an image");
    const char *path = "/";
    bool long_format = false;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "-l") == 0)
            long_format = true;
        else
            path = argv[i];
    }
    struct fsimage img;
    int status = open_image(&img, argv[2], false);
    if (status)
        return status;
    if (!fsimage_list(&img, path, print_entry, &long_format))
        return failed(&img, path);
    fsimage_close(&img);
    return STATUS_OK;
}

static int command_get(int argc, char **argv)
{
    if (argc < 4 || argc > 5)
        return die_usage("get wants an image, a guest path and maybe a host file");
    struct fsimage img;
    int status = open_image(&img, argv[2], false);
    if (status)
        return status;
    uint32_t size;
    uint8_t *data = fsimage_read_file(&img, argv[3], &size);
    if (!data)
        return failed(&img, argv[3]);
    fsimage_close(&img);
    bool to_stdout = argc < 5 || strcmp(argv[4], "-") == 0;
    FILE *out = to_stdout ? stdout : fopen(argv[4], "wb");
    if (!out) {
        fprintf(stderr, "vmsim-fs: %s: cannot create: %s\n", argv[4], strerror(errno));
        free(data);
        return STATUS_CANNOT_OPEN;
    }
    bool ok = fwrite(data, 1, size, out) == size;
    ok = (to_stdout ? fflush(out) : fclose(out)) == 0 && ok;
    free(data);
    if (!ok) {
        fprintf(stderr, "vmsim-fs: cannot write %s: %s\n", to_stdout ? "standard output" : argv[4], strerror(errno));
        return STATUS_FAILED;
    }
    return STATUS_OK;
}

static int command_change(int argc, char **argv)
{
    const char *command = argv[1];
    bool is_put = strcmp(command, "put") == 0, is_mknod = strcmp(command, "mknod") == 0;
    if (argc != (is_put || is_mknod ? 5 : 4))
        return die_usage(is_put ? "put wants an image, a host file and a guest path"
                         : is_mknod ? "mknod wants an image, a guest path and a major number"
                                    : "mkdir wants an image and a guest path");
    struct fsimage img;
    int status = open_image(&img, argv[2], true);
    if (status)
        return status;
    bool ok = is_put ? put_file(&img, argv[3], argv[4])
              : is_mknod ? fsimage_mknod(&img, argv[3], (uint32_t)strtoul(argv[4], NULL, 10))
                         : fsimage_mkdir(&img, argv[3], 0, 0755);
    if (!ok)
        return failed(&img, argv[2]);
    fsimage_close(&img);
    return STATUS_OK;
}

static int command_check(int argc, char **argv)
{
    if (argc != 3)
        return die_usage("check wants an image");
    struct fsimage img;
    int status = open_image(&img, argv[2], false);
    if (status)
        return status;
    unsigned problems = fsimage_check(&img, stdout);
    fsimage_close(&img);
    if (problems) {
        printf("%s: %u problem%s\n", argv[2], problems, problems == 1 ? "" : "s");
        return STATUS_PROBLEMS;
    }
    printf("%s: consistent\n", argv[2]);
    return STATUS_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return die_usage("no command");
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 || strcmp(command, "help") == 0) {
        usage(stdout);
        return STATUS_OK;
    }
    if (strcmp(command, "create") == 0)
        return command_create(argc, argv);
    if (strcmp(command, "ls") == 0)
        return command_ls(argc, argv);
    if (strcmp(command, "get") == 0)
        return command_get(argc, argv);
    if (strcmp(command, "put") == 0 || strcmp(command, "mkdir") == 0 || strcmp(command, "mknod") == 0)
        return command_change(argc, argv);
    if (strcmp(command, "check") == 0)
        return command_check(argc, argv);
    return die_usage("unknown command");
}
