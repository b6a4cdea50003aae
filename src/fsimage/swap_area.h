/* Swap areas for the guest OS (src/os/abi/swap_format.h): the part of a disk image after
 * its file system, made by vmsim-fs swap and by vmsim for its private copy of rootfs.img. */
#ifndef VMSIM_FSIMAGE_SWAP_AREA_H
#define VMSIM_FSIMAGE_SWAP_AREA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most a swap area may hold, in MiB (the guest kernel's limit). */
#define SWAP_AREA_MAX_MIB 256u

/* Makes the image file fd end, from byte fs_end (where its file system ends), with a
 * swap area of `mib` MiB: the header, then zeroed slots (a sparse file where the host
 * allows). Replaces whatever was after fs_end. False with a line in err on a host error. */
bool swap_area_write(int fd, uint64_t fs_end, uint32_t mib, char *err, size_t err_size);

#endif
