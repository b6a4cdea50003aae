/* Trap entry with delegation, and mret/sret. */
#include "cpu/trap.h"

#include "cpu/csr.h"
#include "cpu/hart.h"

static uint32_t vector_target(uint32_t tvec, uint32_t cause)
{
    uint32_t base = tvec & ~3u;
    if ((tvec & 3) == 1 && (cause & CAUSE_INTERRUPT))
        return base + 4 * (cause & ~CAUSE_INTERRUPT);
    return base;
}

static bool delegated_to_supervisor(const struct hart *h, uint32_t cause)
{
    if (h->priv == PRIV_M)
        return false;
    uint32_t code = cause & ~CAUSE_INTERRUPT;
    uint32_t delegation = (cause & CAUSE_INTERRUPT) ? h->mideleg : h->medeleg;
    return (delegation >> code) & 1;
}

void trap_take(struct hart *h, uint32_t cause, uint32_t tval)
{
    uint32_t from_pc = h->pc;
    enum privilege from_priv = h->priv;
    h->traps++;
    hart_check_cycle_deadline(h);
    h->reservation_valid = false;
    if (delegated_to_supervisor(h, cause)) {
        h->sepc = h->pc;
        h->scause = cause;
        h->stval = tval;
        uint32_t s = h->mstatus & ~(MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SIE);
        if (h->mstatus & MSTATUS_SIE)
            s |= MSTATUS_SPIE;
        if (h->priv == PRIV_S)
            s |= MSTATUS_SPP;
        h->mstatus = s;
        h->priv = PRIV_S;
        h->pc = vector_target(h->stvec, cause);
    } else {
        h->mepc = h->pc;
        h->mcause = cause;
        h->mtval = tval;
        uint32_t s = h->mstatus & ~(MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MIE);
        if (h->mstatus & MSTATUS_MIE)
            s |= MSTATUS_MPIE;
        s |= (uint32_t)h->priv << MSTATUS_MPP_SHIFT;
        h->mstatus = s;
        h->priv = PRIV_M;
        h->pc = vector_target(h->mtvec, cause);
    }
    if (h->trap_observer)
        h->trap_observer(h->trap_observer_opaque, h, cause, tval, from_pc, from_priv);
}

void trap_return_from_machine(struct hart *h)
{
    enum privilege next = (enum privilege)((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    uint32_t s = h->mstatus & ~(MSTATUS_MIE | MSTATUS_MPP);
    if (h->mstatus & MSTATUS_MPIE)
        s |= MSTATUS_MIE;
    s |= MSTATUS_MPIE;
    if (next != PRIV_M)
        s &= ~MSTATUS_MPRV;
    h->mstatus = s;
    h->priv = next;
    h->pc = h->mepc;
    h->reservation_valid = false;
}

void trap_return_from_supervisor(struct hart *h)
{
    enum privilege next = (h->mstatus & MSTATUS_SPP) ? PRIV_S : PRIV_U;
    uint32_t s = h->mstatus & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
    if (h->mstatus & MSTATUS_SPIE)
        s |= MSTATUS_SIE;
    s |= MSTATUS_SPIE;
    h->mstatus = s;
    h->priv = next;
    h->pc = h->sepc;
    h->reservation_valid = false;
}

void trap_set_observer(struct hart *h, trap_observer_fn fn, void *opaque)
{
    h->trap_observer = fn;
    h->trap_observer_opaque = opaque;
}
