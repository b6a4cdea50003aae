/* The screen: the kernel keeps one framebuffer at the top of RAM and maps it, shared,
 * into every process that asks (fbmap). */
#ifndef OS_FB_H
#define OS_FB_H

#include "types.h"

/* Where user processes see the pixels: below the stack, above any heap that leaves room. */
#define FB_USER_BASE 0x0a000000u

/* Sets the pixels aside at the top of RAM when there is room (16 MiB or more) and
 * returns the end of what the page allocator may use. Call before kalloc_init. */
uint32_t fb_reserve(void);

/* True if va lies in the pixels' user range and the framebuffer exists. */
bool fb_user_range(uint32_t va);

#endif
