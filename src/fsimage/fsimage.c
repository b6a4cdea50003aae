/* Making, loading, saving and changing file-system images in host memory. Every block
 * number read from the image is checked before it is followed, so a corrupt image gives a
 * FSIMAGE_CORRUPT message, never a stray access. */
#define _GNU_SOURCE /* O_CLOEXEC, flock */
#include "fsimage/fsimage_internal.h"

#include "host/host_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(FSIMAGE_TYPE_DIR == FS_T_DIR && FSIMAGE_TYPE_FILE == FS_T_FILE &&
                   FSIMAGE_TYPE_DEV == FS_T_DEV && FSIMAGE_TYPE_FREE == FS_T_FREE,
               "fsimage's type numbers are the on-disk ones");
_Static_assert(FSIMAGE_BLOCK_SIZE == FS_BLOCK_SIZE, "one block size");
_Static_assert(FSIMAGE_DEFAULT_LOG_BLOCKS <= FS_LOG_MAX_BLOCKS + 1, "the log header can name the log");

enum fsimage_status fsimage_fail(struct fsimage *fs, enum fsimage_status status,
                                 const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(fs->error, sizeof fs->error, format, args);
    va_end(args);
    return status;
}

const char *fsimage_error(const struct fsimage *fs)
{
    return fs->error;
}

const uint8_t *fsimage_bytes(const struct fsimage *fs, size_t *size)
{
    *size = fs->size;
    return fs->data;
}

uint32_t fsimage_log_replayed(const struct fsimage *fs)
{
    return fs->log_replayed;
}

static void mark_dirty(struct fsimage *fs, uint32_t b)
{
    if (b < fs->dirty_blocks)
        fs->dirty[b] = 1;
}

/* ---- the superblock and the log ---- */

static uint32_t blocks_for(uint64_t things, uint64_t per_block)
{
    return (uint32_t)((things + per_block - 1) / per_block);
}

/* Checks the superblock against itself and the file's size; one line in err if bad. */
static bool superblock_is_sane(const struct fs_superblock *sb, size_t file_size, char *err,
                               size_t err_size)
{
    if (sb->magic != FS_MAGIC) {
        snprintf(err, err_size, "not a vmsim file system (superblock magic 0x%08" PRIx32
                 ", expected 0x%08x)", sb->magic, FS_MAGIC);
        return false;
    }
    if (sb->version != FS_VERSION) {
        snprintf(err, err_size, "file-system version %" PRIu32 ", expected %u", sb->version, FS_VERSION);
        return false;
    }
    uint64_t file_blocks = file_size / FS_BLOCK_SIZE;
    if (sb->size > file_blocks) {
        snprintf(err, err_size, "superblock says %" PRIu32 " blocks but the file holds only %" PRIu64
                 " (truncated image?)", sb->size, file_blocks);
        return false;
    }
    if (sb->nlog < 2 || sb->nlog > FS_LOG_MAX_BLOCKS + 1) {
        snprintf(err, err_size, "superblock: log of %" PRIu32 " blocks; it must be 2 to %u",
                 sb->nlog, (unsigned)FS_LOG_MAX_BLOCKS + 1);
        return false;
    }
    if (sb->ninodes < 2 || sb->ninodes > (uint64_t)sb->size * FS_INODES_PER_BLOCK) {
        snprintf(err, err_size, "superblock: %" PRIu32 " inodes for %" PRIu32 " blocks", sb->ninodes,
                 sb->size);
        return false;
    }
    /* The regions in order, each after the one before, all inside the file system. */
    uint64_t log_end = (uint64_t)sb->log_start + sb->nlog;
    uint64_t inode_end = (uint64_t)sb->inode_start + blocks_for(sb->ninodes, FS_INODES_PER_BLOCK);
    uint64_t bitmap_end = (uint64_t)sb->bitmap_start + blocks_for(sb->size, FS_BITS_PER_BLOCK);
    const char *bad = NULL;
    if (sb->log_start <= FS_SUPERBLOCK_BLOCK)
        bad = "the log overlaps the superblock";
    else if (sb->inode_start < log_end)
        bad = "the inodes overlap the log";
    else if (sb->bitmap_start < inode_end)
        bad = "the bitmap overlaps the inodes";
    else if (sb->data_start < bitmap_end)
        bad = "the data blocks overlap the bitmap";
    else if (sb->data_start >= sb->size)
        bad = "no room for data blocks";
    if (bad) {
        snprintf(err, err_size, "superblock: %s (log %" PRIu32 "+%" PRIu32 ", inodes at %" PRIu32
                 ", bitmap at %" PRIu32 ", data at %" PRIu32 ", size %" PRIu32 ")", bad,
                 sb->log_start, sb->nlog, sb->inode_start, sb->bitmap_start, sb->data_start,
                 sb->size);
        return false;
    }
    return true;
}

/* Replays a committed log into the image in memory (marking the homes dirty) and clears it. */
static enum fsimage_status replay_log(struct fsimage *fs)
{
    struct fs_log_header *header = (struct fs_log_header *)fsimage_block(fs, fs->sb.log_start);
    if (header->n == 0)
        return FSIMAGE_OK;
    if (header->n > fs->sb.nlog - 1)
        return fsimage_fail(fs, FSIMAGE_CORRUPT,
                            "log header says %" PRIu32 " blocks but the log holds only %" PRIu32,
                            header->n, fs->sb.nlog - 1);
    for (uint32_t i = 0; i < header->n; i++) {
        uint32_t target = header->target[i];
        if (target < fs->sb.inode_start || target >= fs->sb.size)
            return fsimage_fail(fs, FSIMAGE_CORRUPT,
                                "log entry %" PRIu32 " targets block %" PRIu32
                                ", outside the inodes, bitmap and data (%" PRIu32 "-%" PRIu32 ")",
                                i, target, fs->sb.inode_start, fs->sb.size - 1);
    }
    for (uint32_t i = 0; i < header->n; i++) {
        memcpy(fsimage_block(fs, header->target[i]), fsimage_block(fs, fs->sb.log_start + 1 + i),
               FS_BLOCK_SIZE);
        mark_dirty(fs, header->target[i]);
    }
    fs->log_replayed = header->n;
    fs->log_to_finish = header->n;
    header->n = 0;
    mark_dirty(fs, fs->sb.log_start);
    return FSIMAGE_OK;
}

static struct fsimage *new_image(void)
{
    struct fsimage *fs = calloc(1, sizeof *fs);
    if (fs) {
        fs->fd = -1;
        fs->crash_before_write = -1;
    }
    return fs;
}

enum fsimage_status fsimage_load(struct fsimage **out, void *bytes, size_t size, char *err,
                                 size_t err_size)
{
    *out = NULL;
    struct fsimage *fs = new_image();
    if (!fs) {
        free(bytes);
        snprintf(err, err_size, "out of memory");
        return FSIMAGE_NO_MEMORY;
    }
    fs->data = bytes;
    fs->size = size;
    if (size < 2 * FS_BLOCK_SIZE) {
        snprintf(err, err_size, "too small for a file system: %zu bytes, not even a superblock", size);
        fsimage_close(fs);
        return FSIMAGE_CORRUPT;
    }
    memcpy(&fs->sb, fsimage_block(fs, FS_SUPERBLOCK_BLOCK), sizeof fs->sb);
    if (!superblock_is_sane(&fs->sb, size, err, err_size)) {
        fsimage_close(fs);
        return FSIMAGE_CORRUPT;
    }
    fs->inode_blocks = blocks_for(fs->sb.ninodes, FS_INODES_PER_BLOCK);
    fs->bitmap_blocks = blocks_for(fs->sb.size, FS_BITS_PER_BLOCK);
    fs->dirty_blocks = fs->sb.size;
    fs->dirty = calloc(fs->dirty_blocks, 1);
    if (!fs->dirty) {
        snprintf(err, err_size, "out of memory");
        fsimage_close(fs);
        return FSIMAGE_NO_MEMORY;
    }
    enum fsimage_status status = replay_log(fs);
    if (status != FSIMAGE_OK) {
        snprintf(err, err_size, "%s", fs->error);
        fsimage_close(fs);
        return status;
    }
    struct fs_inode *root = fsimage_inode(fs, FS_ROOT_INODE);
    if (root->type != FS_T_DIR) {
        snprintf(err, err_size, "the root inode %u is not a directory (type %u)", FS_ROOT_INODE,
                 root->type);
        fsimage_close(fs);
        return FSIMAGE_CORRUPT;
    }
    *out = fs;
    return FSIMAGE_OK;
}

enum fsimage_status fsimage_open(struct fsimage **out, const char *path, bool writable,
                                 char *err, size_t err_size)
{
    *out = NULL;
    uint64_t file_size;
    enum host_file_result opened;
    int fd = host_file_open(path, writable ? O_RDWR : O_RDONLY, (uint64_t)FSIMAGE_MAX_BLOCKS * FS_BLOCK_SIZE,
                            &file_size, &opened, err, err_size);
    if (fd < 0)
        return opened == HOST_FILE_TOO_BIG ? FSIMAGE_CORRUPT : FSIMAGE_CANNOT_OPEN;
    if (flock(fd, (writable ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
        snprintf(err, err_size, "%s: cannot lock: %s (is vmsim using it?)", path, strerror(errno));
        close(fd);
        return FSIMAGE_CANNOT_OPEN;
    }
    size_t size = (size_t)file_size;
    bool out_of_memory;
    uint8_t *bytes = host_file_read_all(fd, path, file_size, &out_of_memory, err, err_size);
    if (!bytes) {
        close(fd);
        return out_of_memory ? FSIMAGE_NO_MEMORY : FSIMAGE_CANNOT_OPEN;
    }
    char why[224];
    enum fsimage_status status = fsimage_load(out, bytes, size, why, sizeof why);
    if (status != FSIMAGE_OK) {
        snprintf(err, err_size, "%s: %s", path, why);
        close(fd);
        return status;
    }
    /* The real file's name: saving by copy renames a new file over it, which must not
     * replace a symbolic link that names it. */
    char *real = realpath(path, NULL);
    (*out)->path = real ? real : strdup(path);
    if (!(*out)->path) {
        snprintf(err, err_size, "%s: out of memory", path);
        fsimage_close(*out);
        *out = NULL;
        close(fd);
        return FSIMAGE_NO_MEMORY;
    }
    (*out)->fd = fd;
    (*out)->writable = writable;
    return FSIMAGE_OK;
}

void fsimage_close(struct fsimage *fs)
{
    if (!fs)
        return;
    if (fs->fd >= 0)
        close(fs->fd);
    free(fs->path);
    free(fs->data);
    free(fs->dirty);
    free(fs);
}

/* ---- blocks and inodes ---- */

static void bitmap_set(struct fsimage *fs, uint32_t b, bool used)
{
    uint32_t bitmap_block = fs->sb.bitmap_start + b / FS_BITS_PER_BLOCK;
    uint8_t *byte = fsimage_block(fs, bitmap_block) + (b % FS_BITS_PER_BLOCK) / 8;
    if (used)
        *byte |= (uint8_t)(1u << (b % 8));
    else
        *byte &= (uint8_t)~(1u << (b % 8));
    mark_dirty(fs, bitmap_block);
}

static bool bitmap_used(struct fsimage *fs, uint32_t b)
{
    uint8_t *byte = fsimage_block(fs, fs->sb.bitmap_start + b / FS_BITS_PER_BLOCK) +
                    (b % FS_BITS_PER_BLOCK) / 8;
    return (*byte >> (b % 8)) & 1;
}

/* A zeroed data block marked in use, or 0 when the disk is full. */
static uint32_t block_alloc(struct fsimage *fs)
{
    for (uint32_t b = fs->sb.data_start; b < fs->sb.size; b++) {
        if (!bitmap_used(fs, b)) {
            bitmap_set(fs, b, true);
            memset(fsimage_block(fs, b), 0, FS_BLOCK_SIZE);
            mark_dirty(fs, b);
            return b;
        }
    }
    return 0;
}

static void block_free(struct fsimage *fs, uint32_t b)
{
    if (fsimage_is_data_block(fs, b))
        bitmap_set(fs, b, false);
}

static void inode_changed(struct fsimage *fs, uint32_t ino)
{
    mark_dirty(fs, fs->sb.inode_start + ino / FS_INODES_PER_BLOCK);
}

static uint32_t inode_alloc(struct fsimage *fs, uint16_t type)
{
    for (uint32_t ino = FS_ROOT_INODE + 1; ino < fs->sb.ninodes; ino++) {
        struct fs_inode *ip = fsimage_inode(fs, ino);
        if (ip->type == FS_T_FREE) {
            memset(ip, 0, sizeof *ip);
            ip->type = type;
            inode_changed(fs, ino);
            return ino;
        }
    }
    return 0;
}

static enum fsimage_status bad_pointer(struct fsimage *fs, uint32_t ino, uint32_t b)
{
    return fsimage_fail(fs, FSIMAGE_CORRUPT,
                        "inode %" PRIu32 ": block pointer %" PRIu32 " outside the data blocks (%" PRIu32
                        "-%" PRIu32 ")", ino, b, fs->sb.data_start, fs->sb.size - 1);
}

/* Follows (allocating, if `alloc`) the pointer at *slot; *out is 0 for a hole. */
static enum fsimage_status follow(struct fsimage *fs, uint32_t ino, uint32_t *slot,
                                  uint32_t slot_block, bool alloc, uint32_t *out)
{
    if (*slot == 0 && alloc) {
        uint32_t b = block_alloc(fs);
        if (b == 0)
            return fsimage_fail(fs, FSIMAGE_NO_SPACE, "the image is full: no free data block");
        *slot = b;
        if (slot_block)
            mark_dirty(fs, slot_block);
        else
            inode_changed(fs, ino);
    }
    if (*slot != 0 && !fsimage_is_data_block(fs, *slot))
        return bad_pointer(fs, ino, *slot);
    *out = *slot;
    return FSIMAGE_OK;
}

/* The disk block holding block `n` of inode ino's contents (0: a hole, when !alloc). */
static enum fsimage_status block_map(struct fsimage *fs, uint32_t ino, uint32_t n, bool alloc,
                                     uint32_t *out)
{
    struct fs_inode *ip = fsimage_inode(fs, ino);
    *out = 0;
    if (n < FS_NDIRECT)
        return follow(fs, ino, &ip->addrs[n], 0, alloc, out);
    n -= FS_NDIRECT;
    uint32_t indirect;
    enum fsimage_status status;
    if (n < FS_NINDIRECT) {
        if ((status = follow(fs, ino, &ip->addrs[FS_INDIRECT], 0, alloc, &indirect)) != FSIMAGE_OK ||
            indirect == 0)
            return status;
        return follow(fs, ino, (uint32_t *)fsimage_block(fs, indirect) + n, indirect, alloc, out);
    }
    n -= FS_NINDIRECT;
    if (n >= FS_NINDIRECT * FS_NINDIRECT)
        return fsimage_fail(fs, FSIMAGE_BAD_ARGUMENT, "file larger than the format allows");
    uint32_t outer;
    if ((status = follow(fs, ino, &ip->addrs[FS_DOUBLE_INDIRECT], 0, alloc, &outer)) != FSIMAGE_OK ||
        outer == 0)
        return status;
    if ((status = follow(fs, ino, (uint32_t *)fsimage_block(fs, outer) + n / FS_NINDIRECT, outer,
                         alloc, &indirect)) != FSIMAGE_OK ||
        indirect == 0)
        return status;
    return follow(fs, ino, (uint32_t *)fsimage_block(fs, indirect) + n % FS_NINDIRECT, indirect,
                  alloc, out);
}

/* Frees every block of inode ino (indirect blocks too) and sets its size to 0. */
static void inode_truncate(struct fsimage *fs, uint32_t ino)
{
    struct fs_inode *ip = fsimage_inode(fs, ino);
    for (uint32_t i = 0; i < FS_NDIRECT; i++)
        block_free(fs, ip->addrs[i]);
    uint32_t single = ip->addrs[FS_INDIRECT];
    if (fsimage_is_data_block(fs, single)) {
        const uint32_t *entries = (const uint32_t *)fsimage_block(fs, single);
        for (uint32_t i = 0; i < FS_NINDIRECT; i++)
            block_free(fs, entries[i]);
        block_free(fs, single);
    }
    uint32_t outer = ip->addrs[FS_DOUBLE_INDIRECT];
    if (fsimage_is_data_block(fs, outer)) {
        const uint32_t *middles = (const uint32_t *)fsimage_block(fs, outer);
        for (uint32_t i = 0; i < FS_NINDIRECT; i++) {
            if (!fsimage_is_data_block(fs, middles[i]))
                continue;
            const uint32_t *entries = (const uint32_t *)fsimage_block(fs, middles[i]);
            for (uint32_t j = 0; j < FS_NINDIRECT; j++)
                block_free(fs, entries[j]);
            block_free(fs, middles[i]);
        }
        block_free(fs, outer);
    }
    memset(ip->addrs, 0, sizeof ip->addrs);
    ip->size = 0;
    inode_changed(fs, ino);
}

/* Copies `size` bytes between `data` and inode ino at `offset`, block by block: a write
 * allocates the blocks it needs (and grows the inode), a read sees a hole as zeros. */
static enum fsimage_status inode_transfer(struct fsimage *fs, uint32_t ino, uint8_t *data,
                                          size_t size, uint32_t offset, bool write)
{
    size_t done = 0;
    while (done < size) {
        uint32_t at = offset + (uint32_t)done;
        uint32_t b;
        enum fsimage_status status = block_map(fs, ino, at / FS_BLOCK_SIZE, write, &b);
        if (status != FSIMAGE_OK)
            return status;
        uint32_t in_block = at % FS_BLOCK_SIZE;
        size_t n = FS_BLOCK_SIZE - in_block;
        if (n > size - done)
            n = size - done;
        if (write) {
            memcpy(fsimage_block(fs, b) + in_block, data + done, n);
            mark_dirty(fs, b);
        } else if (b == 0) {
            memset(data + done, 0, n);
        } else {
            memcpy(data + done, fsimage_block(fs, b) + in_block, n);
        }
        done += n;
    }
    return FSIMAGE_OK;
}

/* Writes `size` bytes at `offset` of inode ino, growing it as needed. */
static enum fsimage_status inode_write(struct fsimage *fs, uint32_t ino, const void *data,
                                       size_t size, uint32_t offset)
{
    if ((uint64_t)offset + size > (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
        return fsimage_fail(fs, FSIMAGE_BAD_ARGUMENT, "%zu bytes: larger than the largest file (%u KiB)",
                            (size_t)offset + size, (unsigned)FS_MAX_FILE_BLOCKS);
    /* inode_transfer only reads `data` when it writes. */
    enum fsimage_status status = inode_transfer(fs, ino, (uint8_t *)(uintptr_t)data, size, offset, true);
    if (status != FSIMAGE_OK)
        return status;
    struct fs_inode *ip = fsimage_inode(fs, ino);
    if (offset + size > ip->size) {
        ip->size = (uint32_t)(offset + size);
        inode_changed(fs, ino);
    }
    return FSIMAGE_OK;
}

static enum fsimage_status inode_read(struct fsimage *fs, uint32_t ino, void *data, size_t size,
                                      uint32_t offset)
{
    return inode_transfer(fs, ino, data, size, offset, false);
}

/* ---- directories and paths ---- */

static enum fsimage_status check_inode_number(struct fsimage *fs, uint32_t ino, uint32_t dir)
{
    if (ino >= fs->sb.ninodes)
        return fsimage_fail(fs, FSIMAGE_CORRUPT,
                            "directory inode %" PRIu32 " names inode %" PRIu32 ", beyond the %" PRIu32
                            " inodes", dir, ino, fs->sb.ninodes);
    if (fsimage_inode(fs, ino)->type == FS_T_FREE)
        return fsimage_fail(fs, FSIMAGE_CORRUPT, "directory inode %" PRIu32 " names free inode %" PRIu32,
                            dir, ino);
    return FSIMAGE_OK;
}

static enum fsimage_status directory_size_ok(struct fsimage *fs, uint32_t dir)
{
    struct fs_inode *ip = fsimage_inode(fs, dir);
    if (ip->size % sizeof(struct fs_dirent) != 0)
        return fsimage_fail(fs, FSIMAGE_CORRUPT,
                            "directory inode %" PRIu32 " has size %" PRIu32 ", not a multiple of %zu",
                            dir, ip->size, sizeof(struct fs_dirent));
    if (ip->size > (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
        return fsimage_fail(fs, FSIMAGE_CORRUPT, "directory inode %" PRIu32 " is larger than a file can be",
                            dir);
    return FSIMAGE_OK;
}

/* Looks `name` up in directory dir: *ino (0: none) and the entry's offset. */
static enum fsimage_status dir_lookup(struct fsimage *fs, uint32_t dir, const char *name,
                                      uint32_t *ino, uint32_t *offset)
{
    *ino = 0;
    enum fsimage_status status = directory_size_ok(fs, dir);
    if (status != FSIMAGE_OK)
        return status;
    uint32_t size = fsimage_inode(fs, dir)->size;
    for (uint32_t at = 0; at < size; at += sizeof(struct fs_dirent)) {
        struct fs_dirent entry;
        if ((status = inode_read(fs, dir, &entry, sizeof entry, at)) != FSIMAGE_OK)
            return status;
        if (entry.ino != 0 && strncmp(entry.name, name, sizeof entry.name) == 0) {
            if ((status = check_inode_number(fs, entry.ino, dir)) != FSIMAGE_OK)
                return status;
            *ino = entry.ino;
            if (offset)
                *offset = at;
            return FSIMAGE_OK;
        }
    }
    return FSIMAGE_OK;
}

/* Adds the entry name -> ino to directory dir, in the first empty slot or at the end. */
static enum fsimage_status dir_add(struct fsimage *fs, uint32_t dir, const char *name, uint32_t ino)
{
    struct fs_dirent entry = {.ino = ino};
    memcpy(entry.name, name, strnlen(name, sizeof entry.name)); /* NUL-padded, as initialised */
    uint32_t size = fsimage_inode(fs, dir)->size;
    uint32_t at;
    for (at = 0; at < size; at += sizeof entry) {
        struct fs_dirent old;
        enum fsimage_status status = inode_read(fs, dir, &old, sizeof old, at);
        if (status != FSIMAGE_OK)
            return status;
        if (old.ino == 0)
            break;
    }
    return inode_write(fs, dir, &entry, sizeof entry, at);
}

static enum fsimage_status check_name(struct fsimage *fs, const char *name, size_t length)
{
    if (length == 0 || length > FS_NAME_MAX)
        return fsimage_fail(fs, FSIMAGE_BAD_ARGUMENT, "name '%.*s' must be 1 to %d bytes long",
                            (int)length, name, FS_NAME_MAX);
    if ((length == 1 && name[0] == '.') || (length == 2 && name[0] == '.' && name[1] == '.'))
        return fsimage_fail(fs, FSIMAGE_BAD_ARGUMENT, "'%.*s' cannot be made", (int)length, name);
    return FSIMAGE_OK;
}

/* Walks `path`. With `last` non-NULL, stops at the parent of the last name and copies that
 * name into `last` (which must be FS_NAME_MAX + 1 bytes); *ino is then the parent. */
static enum fsimage_status walk(struct fsimage *fs, const char *path, uint32_t *ino, char *last)
{
    uint32_t at = FS_ROOT_INODE;
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        if (*p == '\0')
            break;
        const char *end = strchr(p, '/');
        size_t length = end ? (size_t)(end - p) : strlen(p);
        const char *rest = p + length;
        while (*rest == '/')
            rest++;
        if (last && *rest == '\0') {
            enum fsimage_status status = check_name(fs, p, length);
            if (status != FSIMAGE_OK)
                return status;
            memcpy(last, p, length);
            last[length] = '\0';
            *ino = at;
            if (fsimage_inode(fs, at)->type != FS_T_DIR)
                return fsimage_fail(fs, FSIMAGE_WRONG_TYPE, "%s: a path component is not a directory", path);
            return FSIMAGE_OK;
        }
        if (length > FS_NAME_MAX)
            return fsimage_fail(fs, FSIMAGE_NOT_FOUND, "%s: no such file or directory", path);
        if (fsimage_inode(fs, at)->type != FS_T_DIR)
            return fsimage_fail(fs, FSIMAGE_WRONG_TYPE, "%s: a path component is not a directory", path);
        char name[FS_NAME_MAX + 1];
        memcpy(name, p, length);
        name[length] = '\0';
        uint32_t next;
        enum fsimage_status status = dir_lookup(fs, at, name, &next, NULL);
        if (status != FSIMAGE_OK)
            return status;
        if (next == 0)
            return fsimage_fail(fs, FSIMAGE_NOT_FOUND, "%s: no such file or directory", path);
        at = next;
        p = rest;
    }
    if (last)
        return fsimage_fail(fs, FSIMAGE_BAD_ARGUMENT, "'%s' names the root directory", path);
    *ino = at;
    return FSIMAGE_OK;
}

static void fill_stat(struct fsimage *fs, uint32_t ino, struct fsimage_stat *st)
{
    const struct fs_inode *ip = fsimage_inode(fs, ino);
    *st = (struct fsimage_stat){.ino = ino, .type = ip->type, .nlink = ip->nlink, .uid = ip->uid,
                                .mode = ip->mode, .size = ip->size,
                                .major = ip->type == FS_T_DEV ? ip->addrs[0] : 0};
}

enum fsimage_status fsimage_stat(struct fsimage *fs, const char *path, struct fsimage_stat *st)
{
    uint32_t ino;
    enum fsimage_status status = walk(fs, path, &ino, NULL);
    if (status == FSIMAGE_OK)
        fill_stat(fs, ino, st);
    return status;
}

static void link_changed(struct fsimage *fs, uint32_t ino, int delta)
{
    fsimage_inode(fs, ino)->nlink = (uint16_t)(fsimage_inode(fs, ino)->nlink + delta);
    inode_changed(fs, ino);
}

/* Makes directory `name` in directory parent. Its nlink counts the parent's entry and its
 * own "."; the parent's grows by one for the new "..". */
static enum fsimage_status make_directory(struct fsimage *fs, uint32_t parent, const char *name,
                                          uint16_t uid, uint16_t mode, uint32_t *made)
{
    uint32_t ino = inode_alloc(fs, FS_T_DIR);
    if (ino == 0)
        return fsimage_fail(fs, FSIMAGE_NO_SPACE, "the image is full: no free inode");
    struct fs_inode *ip = fsimage_inode(fs, ino);
    ip->uid = uid;
    ip->mode = mode;
    enum fsimage_status status;
    if ((status = dir_add(fs, ino, ".", ino)) != FSIMAGE_OK ||
        (status = dir_add(fs, ino, "..", parent)) != FSIMAGE_OK ||
        (status = dir_add(fs, parent, name, ino)) != FSIMAGE_OK)
        return status;
    link_changed(fs, ino, 2);
    link_changed(fs, parent, 1);
    *made = ino;
    return FSIMAGE_OK;
}

enum fsimage_status fsimage_mkdir(struct fsimage *fs, const char *path, uint16_t uid,
                                  uint16_t mode, bool parents)
{
    if (!parents) {
        uint32_t parent, existing, made;
        char name[FS_NAME_MAX + 1];
        enum fsimage_status status = walk(fs, path, &parent, name);
        if (status == FSIMAGE_OK)
            status = dir_lookup(fs, parent, name, &existing, NULL);
        if (status != FSIMAGE_OK)
            return status;
        if (existing)
            return fsimage_fail(fs, FSIMAGE_EXISTS, "%s: already exists", path);
        return make_directory(fs, parent, name, uid, mode, &made);
    }
    /* mkdir -p: walk name by name, making what is missing. */
    uint32_t at = FS_ROOT_INODE;
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        if (*p == '\0')
            return FSIMAGE_OK;
        size_t length = strcspn(p, "/");
        char name[FS_NAME_MAX + 1];
        if (length > FS_NAME_MAX)
            return check_name(fs, p, length);
        memcpy(name, p, length);
        name[length] = '\0';
        uint32_t next;
        enum fsimage_status status = dir_lookup(fs, at, name, &next, NULL);
        if (status != FSIMAGE_OK)
            return status;
        if (next == 0) {
            if ((status = check_name(fs, name, length)) != FSIMAGE_OK ||
                (status = make_directory(fs, at, name, uid, mode, &next)) != FSIMAGE_OK)
                return status;
        } else if (fsimage_inode(fs, next)->type != FS_T_DIR) {
            return fsimage_fail(fs, FSIMAGE_WRONG_TYPE, "%s: '%s' is not a directory", path, name);
        }
        at = next;
        p += length;
    }
}

/* Finds or makes the node `path` of type `type`; *ino is it, *made whether it is new. */
static enum fsimage_status create_node(struct fsimage *fs, const char *path, uint16_t type,
                                       uint16_t uid, uint16_t mode, uint32_t *ino)
{
    uint32_t parent, existing;
    char name[FS_NAME_MAX + 1];
    enum fsimage_status status = walk(fs, path, &parent, name);
    if (status == FSIMAGE_OK)
        status = dir_lookup(fs, parent, name, &existing, NULL);
    if (status != FSIMAGE_OK)
        return status;
    if (existing) {
        struct fs_inode *ip = fsimage_inode(fs, existing);
        if (ip->type != type)
            return fsimage_fail(fs, ip->type == FS_T_DIR ? FSIMAGE_WRONG_TYPE : FSIMAGE_EXISTS,
                                "%s: exists and is a %s", path,
                                ip->type == FS_T_DIR ? "directory" : ip->type == FS_T_DEV ? "device" : "file");
        inode_truncate(fs, existing);
        ip->uid = uid;
        ip->mode = mode;
        *ino = existing;
        return FSIMAGE_OK;
    }
    uint32_t made = inode_alloc(fs, type);
    if (made == 0)
        return fsimage_fail(fs, FSIMAGE_NO_SPACE, "the image is full: no free inode");
    struct fs_inode *ip = fsimage_inode(fs, made);
    ip->uid = uid;
    ip->mode = mode;
    if ((status = dir_add(fs, parent, name, made)) != FSIMAGE_OK)
        return status;
    link_changed(fs, made, 1);
    *ino = made;
    return FSIMAGE_OK;
}

enum fsimage_status fsimage_write_file(struct fsimage *fs, const char *path, const void *data,
                                       size_t size, uint16_t uid, uint16_t mode)
{
    if (size > (size_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
        return fsimage_fail(fs, FSIMAGE_BAD_ARGUMENT, "%s: %zu bytes is larger than the largest file (%u KiB)",
                            path, size, (unsigned)FS_MAX_FILE_BLOCKS);
    uint32_t ino;
    enum fsimage_status status = create_node(fs, path, FS_T_FILE, uid, mode, &ino);
    if (status == FSIMAGE_OK)
        status = inode_write(fs, ino, data, size, 0);
    if (status == FSIMAGE_NO_SPACE)
        fsimage_fail(fs, status, "%s: the image is full (%zu bytes do not fit)", path, size);
    return status;
}

enum fsimage_status fsimage_mknod(struct fsimage *fs, const char *path, uint32_t major,
                                  uint16_t uid, uint16_t mode)
{
    uint32_t ino;
    enum fsimage_status status = create_node(fs, path, FS_T_DEV, uid, mode, &ino);
    if (status == FSIMAGE_OK) {
        fsimage_inode(fs, ino)->addrs[0] = major;
        inode_changed(fs, ino);
    }
    return status;
}

enum fsimage_status fsimage_read_file(struct fsimage *fs, const char *path, uint8_t **data,
                                      size_t *size)
{
    uint32_t ino;
    *data = NULL;
    *size = 0;
    enum fsimage_status status = walk(fs, path, &ino, NULL);
    if (status != FSIMAGE_OK)
        return status;
    struct fs_inode *ip = fsimage_inode(fs, ino);
    if (ip->type != FS_T_FILE)
        return fsimage_fail(fs, FSIMAGE_WRONG_TYPE, "%s: not a regular file", path);
    if (ip->size > (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
        return fsimage_fail(fs, FSIMAGE_CORRUPT, "%s: size %" PRIu32 " is larger than a file can be", path,
                            ip->size);
    uint8_t *bytes = malloc(ip->size ? ip->size : 1);
    if (!bytes)
        return fsimage_fail(fs, FSIMAGE_NO_MEMORY, "out of memory");
    if ((status = inode_read(fs, ino, bytes, ip->size, 0)) != FSIMAGE_OK) {
        free(bytes);
        return status;
    }
    *data = bytes;
    *size = ip->size;
    return FSIMAGE_OK;
}

enum fsimage_status fsimage_list(struct fsimage *fs, const char *path,
                                 bool (*fn)(void *opaque, const struct fsimage_entry *entry),
                                 void *opaque)
{
    uint32_t dir;
    enum fsimage_status status = walk(fs, path, &dir, NULL);
    if (status != FSIMAGE_OK)
        return status;
    struct fsimage_entry e;
    if (fsimage_inode(fs, dir)->type != FS_T_DIR) {
        const char *slash = strrchr(path, '/');
        e.name = slash ? slash + 1 : path;
        fill_stat(fs, dir, &e.stat);
        fn(opaque, &e);
        return FSIMAGE_OK;
    }
    if ((status = directory_size_ok(fs, dir)) != FSIMAGE_OK)
        return status;
    uint32_t size = fsimage_inode(fs, dir)->size;
    for (uint32_t at = 0; at < size; at += sizeof(struct fs_dirent)) {
        struct fs_dirent entry;
        if ((status = inode_read(fs, dir, &entry, sizeof entry, at)) != FSIMAGE_OK)
            return status;
        if (entry.ino == 0)
            continue;
        if ((status = check_inode_number(fs, entry.ino, dir)) != FSIMAGE_OK)
            return status;
        char name[FS_NAME_MAX + 2];
        memcpy(name, entry.name, sizeof entry.name);
        name[sizeof entry.name] = '\0';
        e.name = name;
        fill_stat(fs, entry.ino, &e.stat);
        if (!fn(opaque, &e))
            break;
    }
    return FSIMAGE_OK;
}

void fsimage_usage(const struct fsimage *fs, uint32_t *free_blocks, uint32_t *free_inodes,
                   uint32_t *total_blocks, uint32_t *total_inodes)
{
    struct fsimage *image = (struct fsimage *)fs;
    uint32_t blocks = 0, inodes = 0;
    for (uint32_t b = image->sb.data_start; b < image->sb.size; b++)
        blocks += !bitmap_used(image, b);
    for (uint32_t ino = FS_ROOT_INODE + 1; ino < image->sb.ninodes; ino++)
        inodes += fsimage_inode(image, ino)->type == FS_T_FREE;
    *free_blocks = blocks;
    *free_inodes = inodes;
    *total_blocks = image->sb.size;
    *total_inodes = image->sb.ninodes;
}

/* ---- making a new file system ---- */

enum fsimage_status fsimage_format(struct fsimage **out, uint32_t blocks, uint32_t inodes,
                                   char *err, size_t err_size)
{
    *out = NULL;
    if (blocks < FSIMAGE_MIN_BLOCKS || blocks > FSIMAGE_MAX_BLOCKS) {
        snprintf(err, err_size, "a file system has %u to %u blocks of 1 KiB, not %" PRIu32,
                 FSIMAGE_MIN_BLOCKS, FSIMAGE_MAX_BLOCKS, blocks);
        return FSIMAGE_BAD_ARGUMENT;
    }
    if (inodes == 0)
        inodes = blocks / 8;
    /* Whole inode blocks, and no more than the 16-bit-minded tools want to count. */
    inodes = blocks_for(inodes, FS_INODES_PER_BLOCK) * FS_INODES_PER_BLOCK;
    if (inodes < 2 * FS_INODES_PER_BLOCK)
        inodes = 2 * FS_INODES_PER_BLOCK;
    struct fs_superblock sb = {
        .magic = FS_MAGIC,
        .version = FS_VERSION,
        .size = blocks,
        .ninodes = inodes,
        .nlog = FSIMAGE_DEFAULT_LOG_BLOCKS,
        .log_start = FS_SUPERBLOCK_BLOCK + 1,
    };
    sb.inode_start = sb.log_start + sb.nlog;
    sb.bitmap_start = sb.inode_start + blocks_for(inodes, FS_INODES_PER_BLOCK);
    sb.data_start = sb.bitmap_start + blocks_for(blocks, FS_BITS_PER_BLOCK);
    if (sb.data_start + 8 > blocks) {
        snprintf(err, err_size, "%" PRIu32 " blocks leave no room for data after %" PRIu32
                 " blocks of metadata", blocks, sb.data_start);
        return FSIMAGE_BAD_ARGUMENT;
    }
    size_t size = (size_t)blocks * FS_BLOCK_SIZE;
    uint8_t *bytes = calloc(size, 1);
    if (!bytes) {
        snprintf(err, err_size, "out of memory for %zu bytes", size);
        return FSIMAGE_NO_MEMORY;
    }
    memcpy(bytes + FS_SUPERBLOCK_BLOCK * FS_BLOCK_SIZE, &sb, sizeof sb);
    /* The root inode first, so that fsimage_load finds a directory. */
    struct fs_inode *root = (struct fs_inode *)(bytes + (size_t)sb.inode_start * FS_BLOCK_SIZE) + FS_ROOT_INODE;
    *root = (struct fs_inode){.type = FS_T_DIR, .mode = 0755};
    struct fsimage *fs;
    enum fsimage_status status = fsimage_load(&fs, bytes, size, err, err_size);
    if (status != FSIMAGE_OK)
        return status;
    /* Metadata blocks are marked in use, so a bitmap scan from 0 never hands them out. */
    for (uint32_t b = 0; b < sb.data_start; b++)
        bitmap_set(fs, b, true);
    if ((status = dir_add(fs, FS_ROOT_INODE, ".", FS_ROOT_INODE)) != FSIMAGE_OK ||
        (status = dir_add(fs, FS_ROOT_INODE, "..", FS_ROOT_INODE)) != FSIMAGE_OK) {
        snprintf(err, err_size, "%s", fs->error);
        fsimage_close(fs);
        return status;
    }
    link_changed(fs, FS_ROOT_INODE, 2);
    *out = fs;
    return FSIMAGE_OK;
}
