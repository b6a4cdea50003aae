/* Writing a swap area's header after a file system (abi/swap_format.h). */
#include "fsimage/swap_area.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "abi/swap_format.h"
#include "host/host_file.h"

_Static_assert(SWAP_AREA_MAX_MIB * (1024u * 1024u / SWAP_PAGE_SIZE) == SWAP_MAX_SLOTS,
               "the host's limit is the kernel's");

bool swap_area_write(int fd, uint64_t fs_end, uint32_t mib, char *err, size_t err_size)
{
    struct swap_header header = {.magic = SWAP_MAGIC, .version = SWAP_VERSION,
                                 .slots = mib * (1024u * 1024u / SWAP_PAGE_SIZE)};
    header.check = swap_header_check(&header);
    uint8_t page[SWAP_PAGE_SIZE] = {0};
    memcpy(page, &header, sizeof header);
    /* Cut first, so the slots read as zeros and take no space until the guest writes. */
    if (ftruncate(fd, (off_t)fs_end) != 0 || !host_file_write_all(fd, page, sizeof page, fs_end) ||
        ftruncate(fd, (off_t)(fs_end + (uint64_t)(1 + header.slots) * SWAP_PAGE_SIZE)) != 0) {
        snprintf(err, err_size, "cannot write the swap area: %s", strerror(errno));
        return false;
    }
    return true;
}
