/* The PLIC in the layout of QEMU's virt board (src/devices/plic.h draws it). The kernel
 * uses only context 1, hart 0 in S mode, which drives sip.SEIP. Registers are 32-bit
 * words reached at their physical addresses (the kernel maps the PLIC in every address
 * space). */
#include "plic.h"

#include "machine_map.h"
#include "riscv.h"

#define PLIC_S_CONTEXT 1
#define PLIC_PRIORITY(source) (VMSIM_PLIC_BASE + 4u * (source))
#define PLIC_ENABLE(context) (VMSIM_PLIC_BASE + 0x2000u + 0x80u * (context))
#define PLIC_THRESHOLD(context) (VMSIM_PLIC_BASE + 0x200000u + 0x1000u * (context))
#define PLIC_CLAIM(context) (VMSIM_PLIC_BASE + 0x200004u + 0x1000u * (context))

static volatile uint32_t *plic_register(uint32_t address)
{
    return (volatile uint32_t *)address;
}

void plic_init(void)
{
    *plic_register(PLIC_THRESHOLD(PLIC_S_CONTEXT)) = 0;
    csr_set(sie, MIE_SEIE);
}

void plic_enable_source(unsigned source)
{
    *plic_register(PLIC_PRIORITY(source)) = 1;
    *plic_register(PLIC_ENABLE(PLIC_S_CONTEXT)) |= 1u << source;
}

unsigned plic_claim(void)
{
    return *plic_register(PLIC_CLAIM(PLIC_S_CONTEXT));
}

void plic_complete(unsigned source)
{
    *plic_register(PLIC_CLAIM(PLIC_S_CONTEXT)) = source;
}
