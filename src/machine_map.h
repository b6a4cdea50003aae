/* The vmsim machine map: where every device and RAM live, and their interrupt numbers.
 * This header is the single source of these facts for the emulator, the guest OS and the
 * bare-metal guest runtime, so it uses plain #defines that both C and assembly can read.
 * The map follows QEMU's `virt` board where the two overlap. */
#ifndef VMSIM_MACHINE_MAP_H
#define VMSIM_MACHINE_MAP_H

/* SiFive test "finisher": write 0x5555 = pass, (code << 16) | 0x3333 = fail. */
#define VMSIM_FINISHER_BASE 0x00100000
#define VMSIM_FINISHER_SIZE 0x1000
#define VMSIM_FINISHER_PASS 0x5555
#define VMSIM_FINISHER_FAIL 0x3333

/* Core-local interruptor: msip at +0, mtimecmp at +0x4000, mtime at +0xbff8. */
#define VMSIM_CLINT_BASE 0x02000000
#define VMSIM_CLINT_SIZE 0x10000

/* Platform-level interrupt controller (QEMU virt layout). */
#define VMSIM_PLIC_BASE 0x0c000000
#define VMSIM_PLIC_SIZE 0x600000

/* 16550-compatible UART, byte registers. */
#define VMSIM_UART0_BASE 0x10000000
#define VMSIM_UART0_SIZE 0x100

/* virtio-mmio transports, version 2: eight slots as on QEMU's virt board, slot i at
 * VMSIM_VIRTIO_BASE + i * VMSIM_VIRTIO_STRIDE with PLIC source VMSIM_IRQ_VIRTIO(i). vmsim
 * puts its virtio-blk disk in slot 0 and leaves the others empty (DeviceID 0); QEMU fills
 * the slots from the last one down, so a driver probes them all. */
#define VMSIM_VIRTIO_BASE 0x10001000
#define VMSIM_VIRTIO_STRIDE 0x1000
#define VMSIM_VIRTIO_SLOTS 8
#define VMSIM_VIRTIO_SLOT_BASE(slot) (VMSIM_VIRTIO_BASE + (slot) * VMSIM_VIRTIO_STRIDE)
#define VMSIM_IRQ_VIRTIO(slot) (1 + (slot))
/* vmsim's disk: slot 0. */
#define VMSIM_VIRTIO0_BASE VMSIM_VIRTIO_SLOT_BASE(0)
#define VMSIM_VIRTIO0_SIZE VMSIM_VIRTIO_STRIDE

/* vmsim's own devices, past the virtio slots (QEMU's virt board has nothing here, so a
 * guest that also runs on QEMU probes them before use; see src/os/board.c). */

/* Framebuffer registers. The pixels live in guest RAM wherever the guest points the
 * address register (see docs/devices.md and src/devices/framebuffer.h). */
#define VMSIM_FB_BASE 0x10010000
#define VMSIM_FB_SIZE 0x1000

/* Keyboard: a FIFO of key events with an interrupt (src/devices/keyboard.h). */
#define VMSIM_KEYBOARD_BASE 0x10011000
#define VMSIM_KEYBOARD_SIZE 0x1000

/* Annotation device: the guest OS tells vmsim which process and thread run now, so that
 * statistics, traces and the window can name processes (src/devices/annotation.h). */
#define VMSIM_ANNOTATION_BASE 0x10012000
#define VMSIM_ANNOTATION_SIZE 0x1000

/* Main memory. */
#define VMSIM_RAM_BASE 0x80000000
#define VMSIM_RAM_DEFAULT_SIZE 0x08000000 /* 128 MiB */

/* PLIC interrupt sources. */
#define VMSIM_IRQ_VIRTIO0 VMSIM_IRQ_VIRTIO(0)
#define VMSIM_IRQ_UART0 10
#define VMSIM_IRQ_KEYBOARD 12

/* mtime ticks at this rate; the hart retires VMSIM_CYCLES_PER_TICK instructions per tick,
 * so a guest sees a nominal 100 MHz core and every run is deterministic. */
#define VMSIM_TIMEBASE_HZ 10000000
#define VMSIM_CYCLES_PER_TICK 10

#endif
