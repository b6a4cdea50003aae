/* Saving images so that a crash at any moment leaves the old image or the new one: the
 * changed blocks go through the image's redo log, as the kernel writes them (fs_format.h),
 * or, when they do not fit in it, into a new file renamed over the old one. */
#define _GNU_SOURCE /* O_CLOEXEC */
#include "fsimage/fsimage_internal.h"

#include "host/host_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* False when a test's simulated crash comes before this write. */
static bool may_write(struct fsimage *fs)
{
    if (fs->crash_before_write < 0)
        return true;
    if (fs->crash_before_write == 0)
        return false;
    fs->crash_before_write--;
    return true;
}

static enum fsimage_status simulated_crash(struct fsimage *fs)
{
    return fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "simulated crash");
}

static enum fsimage_status write_block(struct fsimage *fs, uint32_t home, const uint8_t *contents)
{
    if (!may_write(fs))
        return simulated_crash(fs);
    if (!host_file_write_all(fs->fd, contents, FS_BLOCK_SIZE, (uint64_t)home * FS_BLOCK_SIZE))
        return fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "cannot write block %" PRIu32 ": %s", home,
                            strerror(errno));
    return FSIMAGE_OK;
}

/* The order of the writes is the whole point: nothing after a sync may reach the disk
 * before what came before it. */
static enum fsimage_status sync_file(struct fsimage *fs)
{
    if (fdatasync(fs->fd) != 0)
        return fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "cannot sync the image: %s", strerror(errno));
    return FSIMAGE_OK;
}

static bool in_log(const struct fsimage *fs, uint32_t b)
{
    return b >= fs->sb.log_start && b < fs->sb.log_start + fs->sb.nlog;
}

/* Loading replayed a committed log in memory, but the file still holds it: replay it in
 * the file as the kernel does at mount (the logged blocks home, then the header cleared),
 * which frees the log for this save. A crash in the middle leaves the log committed, and
 * replaying it again gives the same blocks. The in-memory log blocks are those of the
 * file: nothing but loading writes them. */
static enum fsimage_status finish_replayed_log(struct fsimage *fs)
{
    if (fs->log_to_finish == 0)
        return FSIMAGE_OK;
    const struct fs_log_header *header = (const struct fs_log_header *)fsimage_block(fs, fs->sb.log_start);
    enum fsimage_status status = FSIMAGE_OK;
    for (uint32_t i = 0; i < fs->log_to_finish && status == FSIMAGE_OK; i++)
        status = write_block(fs, header->target[i], fsimage_block(fs, fs->sb.log_start + 1 + i));
    if (status == FSIMAGE_OK)
        status = sync_file(fs);
    /* The header in memory says n = 0 since loading. */
    if (status == FSIMAGE_OK)
        status = write_block(fs, fs->sb.log_start, (const uint8_t *)header);
    if (status == FSIMAGE_OK)
        status = sync_file(fs);
    if (status == FSIMAGE_OK) {
        fs->log_to_finish = 0;
        fs->dirty[fs->sb.log_start] = 0;
    }
    return status;
}

/* One transaction of n changed blocks: into the log, the header with n (the commit point),
 * home, the header with 0. */
static enum fsimage_status save_through_log(struct fsimage *fs, const uint32_t *blocks, uint32_t n)
{
    static struct fs_log_header header; /* one block; static keeps it off the stack */
    memset(&header, 0, sizeof header);
    enum fsimage_status status = FSIMAGE_OK;
    for (uint32_t i = 0; i < n && status == FSIMAGE_OK; i++) {
        header.target[i] = blocks[i];
        status = write_block(fs, fs->sb.log_start + 1 + i, fsimage_block(fs, blocks[i]));
    }
    if (status == FSIMAGE_OK)
        status = sync_file(fs);
    header.n = n;
    if (status == FSIMAGE_OK)
        status = write_block(fs, fs->sb.log_start, (const uint8_t *)&header);
    if (status == FSIMAGE_OK)
        status = sync_file(fs);
    for (uint32_t i = 0; i < n && status == FSIMAGE_OK; i++)
        status = write_block(fs, blocks[i], fsimage_block(fs, blocks[i]));
    if (status == FSIMAGE_OK)
        status = sync_file(fs);
    header.n = 0;
    if (status == FSIMAGE_OK)
        status = write_block(fs, fs->sb.log_start, (const uint8_t *)&header);
    if (status == FSIMAGE_OK)
        status = sync_file(fs);
    return status;
}

/* Writes the image into a new file in the directory of `path` and renames it over `path`,
 * with permissions `mode`. */
static enum fsimage_status replace_file(struct fsimage *fs, const char *path, mode_t mode)
{
    size_t length = strlen(path);
    char *temporary = malloc(length + 16);
    char *directory = strdup(path);
    if (!temporary || !directory) {
        free(temporary);
        free(directory);
        return fsimage_fail(fs, FSIMAGE_NO_MEMORY, "out of memory");
    }
    snprintf(temporary, length + 16, "%s.tmp.XXXXXX", path);
    enum fsimage_status status = FSIMAGE_OK;
    int fd = mkstemp(temporary);
    if (fd < 0) {
        status = fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "%s: cannot create: %s", temporary, strerror(errno));
        goto out;
    }
    status = may_write(fs) ? fsimage_write_to_fd(fs, fd) : simulated_crash(fs);
    if (status == FSIMAGE_OK && (fchmod(fd, mode) != 0 || fsync(fd) != 0))
        status = fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "%s: %s", temporary, strerror(errno));
    if (close(fd) != 0 && status == FSIMAGE_OK)
        status = fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "%s: %s", temporary, strerror(errno));
    if (status == FSIMAGE_OK && !may_write(fs)) {
        status = simulated_crash(fs);
        goto out; /* the temporary file stays, as after a real crash */
    }
    if (status == FSIMAGE_OK && rename(temporary, path) != 0)
        status = fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "%s: cannot replace: %s", path, strerror(errno));
    if (status != FSIMAGE_OK) {
        unlink(temporary);
        goto out;
    }
    /* The rename itself made durable. */
    int dir_fd = open(dirname(directory), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        fsync(dir_fd);
        close(dir_fd);
    }
out:
    free(temporary);
    free(directory);
    return status;
}

/* After a rename the descriptor names the old file: the next save must go to the new one,
 * locked as the old one was. */
static enum fsimage_status reopen(struct fsimage *fs)
{
    int fd = open(fs->path, O_RDWR | O_CLOEXEC);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
        enum fsimage_status status = fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "%s: cannot open it again: %s",
                                                  fs->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        fs->writable = false;
        return status;
    }
    close(fs->fd);
    fs->fd = fd;
    return FSIMAGE_OK;
}

enum fsimage_status fsimage_save(struct fsimage *fs)
{
    if (fs->fd < 0 || !fs->writable)
        return fsimage_fail(fs, FSIMAGE_BAD_ARGUMENT, "the image was not opened for writing");
    uint32_t log_room = fs->sb.nlog - 1;
    if (log_room > FS_LOG_MAX_BLOCKS)
        log_room = FS_LOG_MAX_BLOCKS;
    uint32_t *blocks = malloc(((size_t)log_room + 1) * sizeof *blocks);
    if (!blocks)
        return fsimage_fail(fs, FSIMAGE_NO_MEMORY, "out of memory");
    uint32_t n = 0;
    bool fits = true;
    for (uint32_t b = 0; b < fs->dirty_blocks; b++) {
        if (!fs->dirty[b] || in_log(fs, b))
            continue;
        if (n == log_room) {
            fits = false;
            break;
        }
        blocks[n++] = b;
    }
    enum fsimage_status status;
    if (!fits) {
        /* Replacing the file makes its log (replayed in memory) obsolete too. */
        struct stat st;
        mode_t mode = fstat(fs->fd, &st) == 0 ? st.st_mode & 07777 : 0644;
        status = replace_file(fs, fs->path, mode);
        fs->last_save_way = FSIMAGE_SAVED_BY_COPY;
        if (status == FSIMAGE_OK) {
            fs->log_to_finish = 0;
            status = reopen(fs);
        }
    } else {
        status = finish_replayed_log(fs);
        if (status == FSIMAGE_OK && n > 0)
            status = save_through_log(fs, blocks, n);
        fs->last_save_way = n > 0 ? FSIMAGE_SAVED_BY_LOG : FSIMAGE_SAVED_NOTHING;
    }
    free(blocks);
    if (status == FSIMAGE_OK)
        memset(fs->dirty, 0, fs->dirty_blocks);
    return status;
}

enum fsimage_save_way fsimage_last_save_way(const struct fsimage *fs)
{
    return fs->last_save_way;
}

enum fsimage_status fsimage_write_to_fd(struct fsimage *fs, int fd)
{
    if (!host_file_write_all(fd, fs->data, fs->size, 0))
        return fsimage_fail(fs, FSIMAGE_CANNOT_OPEN, "cannot write the image: %s", strerror(errno));
    return FSIMAGE_OK;
}

enum fsimage_status fsimage_save_as(struct fsimage *fs, const char *path)
{
    return replace_file(fs, path, 0644);
}
