/* Files the user names on the host (programs, kernels, disk images, files for vmsim-fs):
 * only regular files are taken, and they are refused in one line before anything could
 * block (a FIFO with no writer, a terminal, a device), with their size checked before a
 * byte is read. */
#ifndef VMSIM_HOST_HOST_FILE_H
#define VMSIM_HOST_HOST_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum host_file_result {
    HOST_FILE_OK,
    HOST_FILE_CANNOT_OPEN, /* missing, unreadable, or not a regular file */
    HOST_FILE_TOO_BIG,     /* larger than the caller takes */
};

/* Opens `path` with `flags` (O_RDONLY or O_RDWR; O_CLOEXEC is added) if it is a regular
 * file of at most max_size bytes, and gives its size. On failure: -1, *result says why and
 * err holds one line starting with the path. Never blocks on a FIFO or a device. */
int host_file_open(const char *path, int flags, uint64_t max_size, uint64_t *size,
                   enum host_file_result *result, char *err, size_t err_size);

/* Reads the whole of a file host_file_open opened (`size` bytes) into a malloc'd buffer
 * (at least one byte). NULL on failure (err says why: a read error, the file shrank, or
 * no memory, then *out_of_memory is true). */
uint8_t *host_file_read_all(int fd, const char *path, uint64_t size, bool *out_of_memory, char *err,
                            size_t err_size);

/* Writes all `size` bytes at `offset` (pwrite, again after EINTR or a short write); false
 * on a host error, with errno set. */
bool host_file_write_all(int fd, const void *buffer, size_t size, uint64_t offset);

#endif
