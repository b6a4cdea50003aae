/* Disk image files: checks at open, whole-buffer pread/pwrite, fdatasync on flush. */
#include "devices/disk_image.h"

#include "host/host_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates a sparse file of `size` zero bytes; O_EXCL so that a file made by someone else
 * between our two calls is never truncated. */
static int create_image(const char *path, uint64_t size, char *err, size_t err_size)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    if (ftruncate(fd, (off_t)size) != 0) {
        snprintf(err, err_size, "%s: cannot make it %" PRIu64 " bytes: %s", path, size, strerror(errno));
        close(fd);
        unlink(path);
        return -1;
    }
    return fd;
}

bool disk_image_size_ok(uint64_t size, const char *path, char *err, size_t err_size)
{
    if (size == 0) {
        snprintf(err, err_size, "%s: empty image: a disk needs at least one %d-byte sector", path,
                 DISK_SECTOR_SIZE);
        return false;
    }
    if (size % DISK_SECTOR_SIZE != 0) {
        snprintf(err, err_size, "%s: size %" PRIu64 " bytes is not a multiple of %d", path, size,
                 DISK_SECTOR_SIZE);
        return false;
    }
    return true;
}

enum disk_image_result disk_image_open(struct disk_image *d, const char *path, uint64_t create_size,
                                       bool read_only, char *err, size_t err_size)
{
    *d = (struct disk_image){.fd = -1, .read_only = read_only};
    /* O_NONBLOCK: a FIFO or a device is refused below, never waited on. */
    int fd = open(path, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 && errno == ENOENT && create_size != 0)
        fd = create_image(path, create_size, err, err_size);
    else if (fd < 0)
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
    if (fd < 0)
        return DISK_IMAGE_CANNOT_OPEN;

    struct stat st;
    enum disk_image_result result = DISK_IMAGE_BAD;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_size, "%s: cannot stat: %s", path, strerror(errno));
        result = DISK_IMAGE_CANNOT_OPEN;
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "%s: not a regular file", path);
        result = DISK_IMAGE_CANNOT_OPEN; /* as for every file vmsim is given */
    } else if (!disk_image_size_ok((uint64_t)st.st_size, path, err, err_size)) {
        /* result stays DISK_IMAGE_BAD */
    } else if (flock(fd, (read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        snprintf(err, err_size, "%s: cannot lock: %s (is another vmsim using it?)", path,
                 strerror(errno));
        result = DISK_IMAGE_CANNOT_OPEN;
    } else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        result = DISK_IMAGE_CANNOT_OPEN;
    } else {
        d->fd = fd;
        d->sectors = (uint64_t)st.st_size / DISK_SECTOR_SIZE;
        return DISK_IMAGE_OK;
    }
    close(fd);
    return result;
}

void disk_image_close(struct disk_image *d)
{
    if (d->fd < 0)
        return;
    disk_image_flush(d);
    close(d->fd);
    d->fd = -1;
}

bool disk_image_read(struct disk_image *d, uint64_t offset, void *buffer, size_t size)
{
    uint8_t *p = buffer;
    while (size > 0) {
        ssize_t n = pread(d->fd, p, size, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false; /* an error, or the file shrank under us */
        p += n;
        offset += (uint64_t)n;
        size -= (size_t)n;
    }
    return true;
}

bool disk_image_write(struct disk_image *d, uint64_t offset, const void *buffer, size_t size)
{
    if (d->read_only)
        return false;
    d->dirty = true;
    return host_file_write_all(d->fd, buffer, size, offset);
}

bool disk_image_flush(struct disk_image *d)
{
    if (!d->dirty)
        return true;
    if (fdatasync(d->fd) != 0)
        return false;
    d->dirty = false;
    return true;
}
