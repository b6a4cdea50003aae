/* The framebuffer (docs/devices.md): pixels in RAM above the page allocator's pages, one
 * copy shared by every process that calls fbmap, so that processes drawing at once show
 * time-sharing on the screen. */
#include "fb.h"

#include "abi/errno.h"
#include "abi/fb.h"
#include "board.h"
#include "devices/framebuffer.h"
#include "kalloc.h"
#include "memlayout.h"
#include "proc.h"
#include "string.h"
#include "syscall.h"
#include "uaccess.h"
#include "vm.h"

#define FB_BYTES PAGE_ROUND_UP(FRAMEBUFFER_SIZE_BYTES)
#define FB_REG(offset) (*(volatile uint32_t *)(VMSIM_FB_BASE + (offset)))

static uint32_t pixels; /* physical address, 0 when there is no framebuffer */

uint32_t fb_reserve(void)
{
    if (RAM_END - KERNEL_BASE < 16u * 1024 * 1024)
        return RAM_END;
    pixels = PAGE_ROUND_DOWN(RAM_END - FB_BYTES);
    return pixels;
}

bool fb_user_range(uint32_t va)
{
    return pixels && va >= FB_USER_BASE && va < FB_USER_BASE + FB_BYTES;
}

/* fbmap(struct fbinfo *): maps the pixels at FB_USER_BASE (once per process), shows them
 * on the screen, and describes them. */
int32_t sys_fbmap(void)
{
    if (!pixels)
        return -ENOMEM;
    struct proc *p = current_proc();
    if (p->as.heap_end > FB_USER_BASE)
        return -ENOMEM; /* the heap already reaches where the pixels go */
    if (!board.has_framebuffer)
        return -EINVAL; /* no framebuffer device on this machine */
    for (uint32_t offset = 0; offset < FB_BYTES; offset += PAGE_SIZE) {
        pte_t *pte = vm_walk(p->as.root, FB_USER_BASE + offset, false);
        if (pte && (*pte & PTE_V))
            continue; /* mapped already (an earlier call, or inherited through fork) */
        if (!vm_map_page(p->as.root, FB_USER_BASE + offset, pixels + offset, PTE_R | PTE_W | PTE_U))
            return -ENOMEM;
    }
    p->as.fb_mapped = true;
    if (FB_REG(FRAMEBUFFER_REG_ADDRESS) != pixels) {
        memset((void *)pixels, 0, FRAMEBUFFER_SIZE_BYTES);
        FB_REG(FRAMEBUFFER_REG_ADDRESS) = pixels;
    }
    struct fbinfo info = {.width = FRAMEBUFFER_WIDTH, .height = FRAMEBUFFER_HEIGHT,
                          .stride = FRAMEBUFFER_STRIDE, .pixels = FB_USER_BASE};
    if (copy_to_user(&p->as, syscall_argument(0), &info, sizeof info) < 0)
        return -EFAULT;
    return 0;
}
