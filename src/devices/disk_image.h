/* The host file behind the virtio-blk disk: opening (and creating) it, checking that it is
 * a whole number of 512-byte sectors, locking it against a second vmsim, and reading and
 * writing it. Writes go straight to the file with pwrite, so whatever way vmsim ends, the
 * file holds every request that completed; a flush also asks the host to make it durable. */
#ifndef VMSIM_DEVICES_DISK_IMAGE_H
#define VMSIM_DEVICES_DISK_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DISK_SECTOR_SIZE 512

struct disk_image {
    int fd;
    uint64_t sectors;
    bool read_only;
    bool dirty; /* written since the last flush */
};

enum disk_image_result {
    DISK_IMAGE_OK,
    DISK_IMAGE_CANNOT_OPEN, /* missing, unreadable, not a regular file, cannot be created,
                             * or locked */
    DISK_IMAGE_BAD,         /* empty, or not a multiple of 512 bytes */
};

/* Opens the image at `path`. If it does not exist and `create_size` is not 0, creates it
 * with that many bytes (a multiple of 512), all zero. One line in err on failure. */
enum disk_image_result disk_image_open(struct disk_image *d, const char *path, uint64_t create_size,
                                       bool read_only, char *err, size_t err_size);

/* False, with one line in err, if `size` bytes cannot be a disk: empty, or not whole
 * sectors. disk_image_open checks it; a caller that changes the file before opening it
 * as a disk checks it first, so that a file it will refuse is never changed. */
bool disk_image_size_ok(uint64_t size, const char *path, char *err, size_t err_size);

/* Flushes (if written) and closes; a closed image may be closed again. */
void disk_image_close(struct disk_image *d);

/* Byte-exact transfers inside the image; false on a host I/O error or a short file. */
bool disk_image_read(struct disk_image *d, uint64_t offset, void *buffer, size_t size);
bool disk_image_write(struct disk_image *d, uint64_t offset, const void *buffer, size_t size);

/* Makes the written data durable (fdatasync). */
bool disk_image_flush(struct disk_image *d);

#endif
