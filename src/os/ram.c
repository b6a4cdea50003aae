/* Finding the size of RAM. The bus answers a load outside RAM (and outside every device)
 * with a load access fault, so M mode probes with loads under a temporary trap handler
 * (ram_probe.S) that turns the fault into a "no". RAM is one block from VMSIM_RAM_BASE
 * and a whole number of MiB long, so a binary search over the last word of each MiB
 * finds its end in a dozen loads. */
#include "ram.h"

#include "machine_map.h"
#include "machine_probe.h"
#include "riscv.h"

#define MIB 0x100000u
/* The largest size the kernel can address: the end of RAM must fit in 32 bits, so of the
 * 2048 MiB vmsim can give, the kernel uses at most 2047. */
#define RAM_MAX_MIB 2047u

uint32_t ram_end;


static bool ram_has_mib(uint32_t mib)
{
    return ram_probe_load(VMSIM_RAM_BASE + mib * MIB - 4);
}

void ram_probe(void)
{
    csr_write(mtvec, (uint32_t)ram_probe_trap_vector);
    /* The kernel runs from the first MiB, so RAM has at least 1 MiB: find the largest
     * size in [known, limit] that is present. */
    uint32_t known = 1, limit = RAM_MAX_MIB;
    while (known < limit) {
        uint32_t middle = known + (limit - known + 1) / 2;
        if (ram_has_mib(middle))
            known = middle;
        else
            limit = middle - 1;
    }
    ram_end = VMSIM_RAM_BASE + known * MIB;
    csr_write(mtvec, (uint32_t)machine_trap_vector);
}
