/* File-system images on the host: make, read, change and check the guest OS's file system
 * (on-disk format: src/os/abi/fs_format.h) in a file. Used by the vmsim-fs tool and by
 * vmsim itself, which puts a program into an image before it boots the guest OS.
 *
 * An image is held whole in host memory while it is open; changes reach the file only
 * through fsimage_save() (or fsimage_save_as / fsimage_write_to_fd), so an operation that
 * fails half-way leaves the file as it was if the caller does not save. Opening replays a
 * committed log (as the kernel does at mount) in memory first.
 *
 * This header does not include fs_format.h, so that its users need no guest headers. */
#ifndef VMSIM_FSIMAGE_FSIMAGE_H
#define VMSIM_FSIMAGE_FSIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fsimage;

enum fsimage_status {
    FSIMAGE_OK,
    FSIMAGE_CANNOT_OPEN,  /* a host file cannot be opened, read, written or locked */
    FSIMAGE_CORRUPT,      /* the image is not a consistent file system */
    FSIMAGE_NOT_FOUND,    /* no such path in the image */
    FSIMAGE_EXISTS,       /* the path already names something */
    FSIMAGE_WRONG_TYPE,   /* a directory where a file is wanted, or the other way */
    FSIMAGE_NO_SPACE,     /* no free block or inode left */
    FSIMAGE_BAD_ARGUMENT, /* a bad name, size or path */
    FSIMAGE_NO_MEMORY,    /* the host refused memory */
};

/* Inode types; the same numbers as FS_T_* in fs_format.h (fsimage.c checks). */
enum fsimage_type {
    FSIMAGE_TYPE_FREE = 0,
    FSIMAGE_TYPE_DIR = 1,
    FSIMAGE_TYPE_FILE = 2,
    FSIMAGE_TYPE_DEV = 3,
};

struct fsimage_stat {
    uint32_t ino;
    uint16_t type; /* enum fsimage_type */
    uint16_t nlink;
    uint16_t uid;
    uint16_t mode;
    uint32_t size;
    uint32_t major; /* devices only */
};

struct fsimage_entry {
    const char *name;
    struct fsimage_stat stat;
};

/* The defaults of fsimage_format: a 1 KiB block, the log's length in blocks. */
#define FSIMAGE_BLOCK_SIZE 1024u
#define FSIMAGE_DEFAULT_LOG_BLOCKS 64u
#define FSIMAGE_MIN_BLOCKS 64u
#define FSIMAGE_MAX_BLOCKS (1024u * 1024u) /* 1 GiB, all held in host memory */

/* Makes an empty file system of `blocks` blocks and `inodes` inodes (0: one per 8 blocks)
 * in memory: superblock, empty log, inodes, bitmap, and "/" holding "." and "..". */
enum fsimage_status fsimage_format(struct fsimage **out, uint32_t blocks, uint32_t inodes,
                                   char *err, size_t err_size);

/* Takes an image from memory (`bytes` from malloc; the image owns it from here on, even on
 * failure): checks the superblock and replays a committed log. */
enum fsimage_status fsimage_load(struct fsimage **out, void *bytes, size_t size, char *err,
                                 size_t err_size);

/* Reads the image file at `path` and loads it. The file stays open and locked (shared, or
 * exclusive when `writable`) until fsimage_close, so that vmsim cannot use it meanwhile. */
enum fsimage_status fsimage_open(struct fsimage **out, const char *path, bool writable,
                                 char *err, size_t err_size);

/* Writes the blocks changed since opening (a replayed log included) back to the file
 * fsimage_open opened writable, and makes them durable, so that a crash (SIGKILL, power
 * off) at any moment leaves the file holding the old image or the new one, whole: through
 * the image's redo log as the kernel writes it (fs_format.h) when the changed blocks fit
 * in it, else by writing a new file beside it and renaming it over the old one (a crash
 * then may leave that new file, named IMAGE.tmp.XXXXXX, behind). */
enum fsimage_status fsimage_save(struct fsimage *fs);

/* Writes the whole image to `fd` from offset 0 (which must be a fresh or truncated file). */
enum fsimage_status fsimage_write_to_fd(struct fsimage *fs, int fd);

/* Writes the whole image to `path`, replacing it atomically (a temporary file, then rename),
 * with permissions 0644. */
enum fsimage_status fsimage_save_as(struct fsimage *fs, const char *path);

void fsimage_close(struct fsimage *fs);

/* The message of the last failure, one line. */
const char *fsimage_error(const struct fsimage *fs);

/* The image's bytes as they are in memory now. */
const uint8_t *fsimage_bytes(const struct fsimage *fs, size_t *size);

/* Blocks of a committed log that loading replayed (0: the log was empty). */
uint32_t fsimage_log_replayed(const struct fsimage *fs);

/* How the last fsimage_save reached the file (for tests and the kill test's figures). */
enum fsimage_save_way {
    FSIMAGE_SAVED_NOTHING, /* nothing had changed */
    FSIMAGE_SAVED_BY_LOG,
    FSIMAGE_SAVED_BY_COPY,
};
enum fsimage_save_way fsimage_last_save_way(const struct fsimage *fs);

/* Free blocks and inodes (for `ls -l` headers and tests). */
void fsimage_usage(const struct fsimage *fs, uint32_t *free_blocks, uint32_t *free_inodes,
                   uint32_t *total_blocks, uint32_t *total_inodes);

/* Paths are absolute or relative to "/", with '/' between names; "." and ".." work.
 * A name is 1 to 27 bytes without '/'. */

enum fsimage_status fsimage_stat(struct fsimage *fs, const char *path, struct fsimage_stat *st);

/* Makes a directory (its parent must exist). With `parents`, makes missing parents too
 * and an existing directory is no error (mkdir -p). */
enum fsimage_status fsimage_mkdir(struct fsimage *fs, const char *path, uint16_t uid,
                                  uint16_t mode, bool parents);

/* Creates the file, or replaces the contents of an existing one (keeping its inode). */
enum fsimage_status fsimage_write_file(struct fsimage *fs, const char *path, const void *data,
                                       size_t size, uint16_t uid, uint16_t mode);

/* Makes a device node of major number `major` (FS_DEV_*). */
enum fsimage_status fsimage_mknod(struct fsimage *fs, const char *path, uint32_t major,
                                  uint16_t uid, uint16_t mode);

/* Reads a whole file into *data (malloc'd; the caller frees it). */
enum fsimage_status fsimage_read_file(struct fsimage *fs, const char *path, uint8_t **data,
                                      size_t *size);

/* Calls fn for each entry of the directory at `path` in directory order, "." and ".."
 * included; for a file or device, once for it. fn returns false to stop. */
enum fsimage_status fsimage_list(struct fsimage *fs, const char *path,
                                 bool (*fn)(void *opaque, const struct fsimage_entry *entry),
                                 void *opaque);

/* Checks everything the format allows checking (docs/fs-image.md lists it) and calls
 * report once per problem found, with one line. Returns the number of problems. */
unsigned fsimage_check(struct fsimage *fs, void (*report)(void *opaque, const char *problem),
                       void *opaque);

#endif
