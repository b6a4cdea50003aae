/* The only code that runs in M mode: it plays the part of firmware. It hands every trap
 * and the timer to S mode, then drops to S mode at kernel_main and is never entered
 * again. */
#include "board.h"
#include "console.h"
#include "power.h"
#include "ram.h"
#include "riscv.h"

void kernel_main(void);
void machine_trap_vector(void);
void machine_start(void);
void machine_trap(void);

void machine_start(void)
{
    /* Delegate every exception except ecalls from S and M mode, and the S-level
     * interrupts, so S mode handles them without M mode in the way. */
    csr_write(medeleg, 0xffffu & ~((1u << 9) | (1u << 11)));
    csr_write(mideleg, MIP_SSIP | MIP_STIP | MIP_SEIP);
    csr_write(mtvec, (uint32_t)machine_trap_vector);

    /* Only M mode can take the fault a load outside RAM causes without the kernel's trap
     * handling set up, so the RAM size is found here and left in ram_end for S mode. */
    ram_probe();
    board_probe(); /* vmsim's own devices: absent on QEMU, where touching them would fault */

    /* PMP entry 0: top-of-range up to the end of the address space, RWX. vmsim does not
     * enforce PMP, but QEMU refuses to run S mode while no entry allows access. */
    csr_write(pmpaddr0, 0xffffffffu);
    csr_write(pmpcfg0, 0x0f);

    /* Sstc: S mode programs its own timer through stimecmp, so no timer interrupt ever
     * needs forwarding from M mode. */
    csr_write(0x31a, MENVCFGH_STCE); /* menvcfgh */
    csr_write(mcounteren, COUNTEREN_TM);

    /* "Return" to S mode at kernel_main, with paging off until the kernel turns it on. */
    uint32_t status = csr_read(mstatus);
    status = (status & ~(uint32_t)MSTATUS_MPP) | (uint32_t)PRIV_S << MSTATUS_MPP_SHIFT;
    csr_write(mstatus, status);
    csr_write(mepc, (uint32_t)kernel_main);
    csr_write(satp, 0);
    __asm__ volatile("mret");
}

void machine_trap(void)
{
    console_write_string("machine_trap: unexpected trap in M mode, mcause ");
    console_write_hex(csr_read(mcause));
    console_write_string(" mepc ");
    console_write_hex(csr_read(mepc));
    console_write_string("\n");
    power_off(1);
}
