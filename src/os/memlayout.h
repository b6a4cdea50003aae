/* The memory layout, drawn once. Device addresses come from the machine map shared with
 * the emulator (src/machine_map.h).
 *
 * Physical memory (and the kernel's view: RAM and devices are mapped at their physical
 * addresses, with global megapages, in every address space):
 *
 *   0x0010_0000  test finisher (power off)      ]  root entry 0 (megapage 0x0000_0000)
 *   0x0c00_0000  PLIC                            ]  root entries 48, 49
 *   0x1000_0000  UART, virtio, fb, keyboard,     ]  root entry 64
 *                annotation device
 *   0x8000_0000  kernel text, data, bss, boot stack, kernel stacks
 *   end          free pages (kalloc) ...
 *   ram_end      end of RAM (128 MiB by default; found at boot, see ram.h)
 *
 * A user address space:
 *
 *   0x0040_0000  USER_BASE: program text, then data and bss (from the ELF, loaded on
 *                first touch), then the heap that sbrk grows (pages on first touch)
 *        ...
 *   0x0a00_0000  USER_HEAP_LIMIT: the framebuffer's pixels, where fbmap maps them
 *   0x0a80_0000  USER_MMAP_BASE: mmap's mappings, handed out from the top down
 *        ...
 *   USER_MMAP_TOP = USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE   guard page (never mapped)
 *   USER_STACK_TOP - USER_STACK_SIZE               the stack (pages allocated on first touch)
 *   0x0c00_0000  USER_STACK_TOP = USER_TOP
 *
 * Everything at and above USER_TOP, and below USER_BASE, belongs to the kernel: the U bit
 * is clear there, so user code that touches it takes a page fault. Address 0 is therefore
 * never a valid user pointer. */
#ifndef OS_MEMLAYOUT_H
#define OS_MEMLAYOUT_H

#include "abi/user_layout.h"
#include "machine_map.h"
#include "ram.h"

#define KERNEL_BASE VMSIM_RAM_BASE
#define RAM_END ram_end

#define USER_STACK_TOP USER_TOP
#define USER_STACK_SIZE (256u * 1024u)
#define USER_STACK_BOTTOM (USER_STACK_TOP - USER_STACK_SIZE)
/* The heap may grow up to where the framebuffer's pixels go (fb.h). */
#define USER_HEAP_LIMIT 0x0a000000u
/* mmap's region: above the pixels, below the stack's guard page. */
#define USER_MMAP_BASE 0x0a800000u
#define USER_MMAP_TOP (USER_STACK_BOTTOM - PAGE_SIZE)

#endif
