/* fbmap(): the framebuffer as a user process sees it. Shared by the kernel and user programs. */
#ifndef OS_ABI_FB_H
#define OS_ABI_FB_H

#include <stdint.h>

struct fbinfo {
    uint32_t width;  /* pixels */
    uint32_t height; /* pixels */
    uint32_t stride; /* bytes from one row to the next */
    uint32_t pixels; /* user address of pixel (0,0); each pixel 0x00RRGGBB in 32 bits */
};

#endif
