/* What the device test programs share: the PLIC registers of hart 0's M-mode context, the
 * UART's receive registers, and a minimal polling-or-interrupt virtio-blk driver. The
 * offsets are written out here from the specifications, not taken from vmsim's sources,
 * so that a mistake in the emulator cannot hide behind the same mistake in the test. */
#ifndef VMSIM_DEVICES_GUEST_H
#define VMSIM_DEVICES_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "baremetal.h"

#define REG32(address) (*(volatile uint32_t *)(uintptr_t)(address))
#define REG8(address) (*(volatile uint8_t *)(uintptr_t)(address))

#define PLIC_PRIORITY(source) REG32(VMSIM_PLIC_BASE + 4 * (source))
#define PLIC_ENABLE_M REG32(VMSIM_PLIC_BASE + 0x2000)
#define PLIC_THRESHOLD_M REG32(VMSIM_PLIC_BASE + 0x200000)
#define PLIC_CLAIM_M REG32(VMSIM_PLIC_BASE + 0x200004)

#define UART_RBR REG8(VMSIM_UART0_BASE + 0)
#define UART_IER REG8(VMSIM_UART0_BASE + 1)
#define UART_LSR REG8(VMSIM_UART0_BASE + 5)
#define UART_LSR_DATA_READY 0x01

#define CLINT_MTIMECMP_LO REG32(VMSIM_CLINT_BASE + 0x4000)
#define CLINT_MTIMECMP_HI REG32(VMSIM_CLINT_BASE + 0x4004)
#define CLINT_MTIME_LO REG32(VMSIM_CLINT_BASE + 0xbff8)
#define CLINT_MTIME_HI REG32(VMSIM_CLINT_BASE + 0xbffc)

/* Routes PLIC `source` to hart 0 in M mode with priority 1 and enables machine external
 * interrupts (mstatus.MIE stays as it is). */
void plic_route_to_machine(unsigned source);

#define SECTOR_SIZE 512
#include "devices/virtio_mmio.h" /* BLK_T_*, BLK_S_* */

/* Finds and starts the virtio-blk device at VMSIM_VIRTIO0_BASE; returns its capacity in
 * sectors, or fails the run. With `use_interrupts`, completions arrive through the PLIC
 * (source 1) and the driver waits for them with wfi; otherwise it polls the used ring. */
uint64_t virtio_blk_start(bool use_interrupts);

/* One request of `bytes` (a multiple of 512, or 20 for GET_ID) at `sector`; returns the
 * status byte the device wrote. */
uint8_t virtio_blk_request(uint32_t type, uint64_t sector, void *buffer, uint32_t bytes);

/* The number of disk interrupts handled so far. */
uint32_t virtio_blk_interrupts(void);

/* Machine external interrupts are claimed from the PLIC by the runtime's trap hook and
 * handed to these, then completed. The defaults fail the run. */
void virtio_blk_interrupt(void);
void external_interrupt(uint32_t source);

/* Machine timer interrupts are handed to this; the default fails the run. */
void timer_interrupt(void);

#endif
