/* Opening user-named host files: O_NONBLOCK for the open itself, so that a FIFO or a
 * device cannot make it wait, then fstat decides before any read. */
#define _GNU_SOURCE /* O_CLOEXEC */
#include "host/host_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

int host_file_open(const char *path, int flags, uint64_t max_size, uint64_t *size,
                   enum host_file_result *result, char *err, size_t err_size)
{
    *result = HOST_FILE_CANNOT_OPEN;
    int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_size, "%s: cannot stat: %s", path, strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file (%s)", path, kind_of(st.st_mode));
    } else if ((uint64_t)st.st_size > max_size) {
        snprintf(err, err_size, "%s: %" PRIu64 " bytes, more than the %" PRIu64 " this takes", path,
                 (uint64_t)st.st_size, max_size);
        *result = HOST_FILE_TOO_BIG;
    } else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
    } else {
        *size = (uint64_t)st.st_size;
        *result = HOST_FILE_OK;
        return fd;
    }
    close(fd);
    return -1;
}

uint8_t *host_file_read_all(int fd, const char *path, uint64_t size, bool *out_of_memory, char *err,
                            size_t err_size)
{
    *out_of_memory = false;
    uint8_t *data = size <= SIZE_MAX - 1 ? malloc((size_t)size + 1) : NULL;
    if (!data) {
        snprintf(err, err_size, "%s: out of memory for %" PRIu64 " bytes", path, size);
        *out_of_memory = true;
        return NULL;
    }
    uint64_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, data + got, (size_t)(size - got), (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(err, err_size, "%s: cannot read: %s", path, n < 0 ? strerror(errno) : "the file shrank");
            free(data);
            return NULL;
        }
        got += (uint64_t)n;
    }
    return data;
}

bool host_file_write_all(int fd, const void *buffer, size_t size, uint64_t offset)
{
    const uint8_t *p = buffer;
    while (size > 0) {
        ssize_t n = pwrite(fd, p, size, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        offset += (uint64_t)n;
        size -= (size_t)n;
    }
    return true;
}
