/* ASIDs are handed out round robin, so a freed ASID is reused as late as possible and the
 * statistics vmsim keeps per ASID stay with one process for as long as they can. */
#include "asid.h"

#include "printf.h"
#include "riscv.h"

static bool in_use[ASID_COUNT];
static uint32_t next_candidate = 1;

uint32_t asid_alloc(void)
{
    for (uint32_t tries = 0; tries < ASID_COUNT - 1; tries++) {
        uint32_t asid = next_candidate;
        next_candidate = next_candidate + 1 < ASID_COUNT ? next_candidate + 1 : 1;
        if (!in_use[asid]) {
            in_use[asid] = true;
            sfence_vma_asid(asid);
            return asid;
        }
    }
    return 0;
}

void asid_free(uint32_t asid)
{
    if (asid == 0 || asid >= ASID_COUNT || !in_use[asid])
        panic("asid_free: %u is not in use", (unsigned)asid);
    in_use[asid] = false;
}
