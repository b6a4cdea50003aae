/* CSR reads and writes with the privileged spec's access rules. WARL fields keep their
 * old value when written with an unsupported one, as QEMU and Spike do. */
#include "cpu/csr.h"

#include <stddef.h>

#include "cpu/hart.h"

/* misa: MXL=1 (32-bit), extensions A, I, M, S, U. */
#define MISA_VALUE ((1u << 30) | (1u << 0) | (1u << 8) | (1u << 12) | (1u << 18) | (1u << 20))

#define MSTATUS_WRITABLE                                                                      \
    (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP |  \
     MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
#define SSTATUS_VISIBLE (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR)

/* Exceptions that may be delegated: all but ecall from M mode and the reserved 10 and 14. */
#define MEDELEG_WRITABLE 0xb3ffu
#define MIDELEG_WRITABLE (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIE_WRITABLE (MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP)

static bool sstc_enabled(const struct hart *h)
{
    return (h->menvcfgh & MENVCFGH_STCE) != 0;
}

/* Software may write STIP in mip only while Sstc does not drive it from stimecmp. */
static uint32_t mip_writable(const struct hart *h)
{
    return MIP_SSIP | MIP_SEIP | (sstc_enabled(h) ? 0 : MIP_STIP);
}

static uint32_t mip_value(const struct hart *h)
{
    return h->mip | h->irq_lines;
}

/* User and supervisor access to cycle/time/instret/hpmcounterN is gated by the
 * counter-enable registers of the more privileged modes. */
static bool counter_accessible(const struct hart *h, unsigned number)
{
    uint32_t bit = 1u << (number & 0x1f);
    if (h->priv < PRIV_M && !(h->mcounteren & bit))
        return false;
    if (h->priv < PRIV_S && !(h->scounteren & bit))
        return false;
    return true;
}

static bool stimecmp_accessible(const struct hart *h)
{
    if (h->priv == PRIV_M)
        return true;
    return sstc_enabled(h) && (h->mcounteren & COUNTEREN_TM);
}

/* After a write that moves the stimecmp deadline: recomputes STIP now, and ends the batch
 * (as a CLINT mtimecmp write does) so that the machine loop sizes the next one to the new
 * deadline instead of running past it. */
static void stimecmp_changed(struct hart *h)
{
    hart_update_stimecmp(h);
    h->stop_requested = true;
}

static uint64_t counter_value(const struct hart *h, unsigned low_number)
{
    switch (low_number) {
    case CSR_CYCLE:
        return hart_cycle(h);
    case CSR_TIME:
        return hart_mtime(h);
    case CSR_INSTRET:
        return hart_instret(h);
    default:
        return 0; /* hpmcounter3..31: implemented as constant zero */
    }
}

static bool csr_exists_and_accessible(const struct hart *h, unsigned number)
{
    unsigned required = (number >> 8) & 3;
    return h->priv >= required;
}

bool csr_read(struct hart *h, unsigned number, uint32_t *value)
{
    if (!csr_exists_and_accessible(h, number))
        return false;
    uint32_t v;
    switch (number) {
    case CSR_SSTATUS: v = h->mstatus & SSTATUS_VISIBLE; break;
    case CSR_SIE: v = h->mie & h->mideleg; break;
    case CSR_STVEC: v = h->stvec; break;
    case CSR_SCOUNTEREN: v = h->scounteren; break;
    case CSR_SENVCFG: v = 0; break;
    case CSR_SSCRATCH: v = h->sscratch; break;
    case CSR_SEPC: v = h->sepc; break;
    case CSR_SCAUSE: v = h->scause; break;
    case CSR_STVAL: v = h->stval; break;
    case CSR_SIP: v = mip_value(h) & h->mideleg; break;
    case CSR_STIMECMP:
        if (!stimecmp_accessible(h))
            return false;
        v = (uint32_t)h->stimecmp;
        break;
    case CSR_STIMECMPH:
        if (!stimecmp_accessible(h))
            return false;
        v = (uint32_t)(h->stimecmp >> 32);
        break;
    case CSR_SATP:
        if (h->priv == PRIV_S && (h->mstatus & MSTATUS_TVM))
            return false;
        v = h->satp;
        break;
    case CSR_MSTATUS: v = h->mstatus; break;
    case CSR_MISA: v = MISA_VALUE; break;
    case CSR_MEDELEG: v = h->medeleg; break;
    case CSR_MIDELEG: v = h->mideleg; break;
    case CSR_MIE: v = h->mie; break;
    case CSR_MTVEC: v = h->mtvec; break;
    case CSR_MCOUNTEREN: v = h->mcounteren; break;
    case CSR_MENVCFG: v = 0; break;
    case CSR_MSTATUSH: v = 0; break;
    case CSR_MENVCFGH: v = h->menvcfgh; break;
    case CSR_MCOUNTINHIBIT: v = 0; break;
    case CSR_MSCRATCH: v = h->mscratch; break;
    case CSR_MEPC: v = h->mepc; break;
    case CSR_MCAUSE: v = h->mcause; break;
    case CSR_MTVAL: v = h->mtval; break;
    case CSR_MIP: v = mip_value(h); break;
    case CSR_TSELECT: v = 0; break;
    case CSR_TDATA1: v = 0; break; /* type 0: no trigger */
    case CSR_MCYCLE: v = (uint32_t)hart_cycle(h); break;
    case CSR_MINSTRET: v = (uint32_t)hart_instret(h); break;
    case CSR_MCYCLEH: v = (uint32_t)(hart_cycle(h) >> 32); break;
    case CSR_MINSTRETH: v = (uint32_t)(hart_instret(h) >> 32); break;
    case CSR_MVENDORID:
    case CSR_MARCHID:
    case CSR_MIMPID:
    case CSR_MHARTID:
    case CSR_MCONFIGPTR: v = 0; break;
    default:
        if (number >= CSR_PMPCFG0 && number <= CSR_PMPCFG3) {
            v = h->pmpcfg[number - CSR_PMPCFG0];
        } else if (number >= CSR_PMPADDR0 && number <= CSR_PMPADDR15) {
            v = h->pmpaddr[number - CSR_PMPADDR0];
        } else if ((number >= CSR_MHPMEVENT3 && number <= CSR_MHPMEVENT31) ||
                   (number >= CSR_MHPMCOUNTER3 && number <= CSR_MHPMCOUNTER31) ||
                   (number >= CSR_MHPMCOUNTER3H && number <= CSR_MHPMCOUNTER31H) ||
                   (number >= CSR_TDATA1 && number <= CSR_TDATA3)) {
            v = 0;
        } else if (number >= CSR_CYCLE && number <= CSR_HPMCOUNTER31) {
            if (!counter_accessible(h, number))
                return false;
            v = (uint32_t)counter_value(h, number);
        } else if (number >= CSR_CYCLEH && number <= CSR_HPMCOUNTER31H) {
            if (!counter_accessible(h, number))
                return false;
            v = (uint32_t)(counter_value(h, number - (CSR_CYCLEH - CSR_CYCLE)) >> 32);
        } else {
            return false;
        }
    }
    *value = v;
    return true;
}

static uint32_t tvec_write(uint32_t old, uint32_t value)
{
    /* Mode 0 (direct) and 1 (vectored) exist; a reserved mode keeps the old mode. */
    uint32_t mode = value & 3;
    if (mode > 1)
        mode = old & 3;
    return (value & ~3u) | mode;
}

/* The offset that makes a counter read `value` in one half (the other half kept) once the
 * writing instruction has retired: a CSR write suppresses that instruction's own
 * increment, so the value written is what the next instruction reads. */
static uint64_t counter_offset_after_write(uint64_t current, uint64_t offset, bool high,
                                           uint32_t value)
{
    uint64_t wanted = high ? ((uint64_t)value << 32) | (current & 0xffffffffu)
                           : (current & 0xffffffff00000000ull) | value;
    return offset + (wanted - (current + 1));
}

bool csr_write(struct hart *h, unsigned number, uint32_t value)
{
    if (!csr_exists_and_accessible(h, number))
        return false;
    if ((number >> 10) == 3)
        return false; /* read-only CSR */
    switch (number) {
    case CSR_SSTATUS:
        h->mstatus = (h->mstatus & ~SSTATUS_VISIBLE) | (value & SSTATUS_VISIBLE);
        break;
    case CSR_SIE:
        h->mie = (h->mie & ~h->mideleg) | (value & h->mideleg);
        break;
    case CSR_STVEC: h->stvec = tvec_write(h->stvec, value); break;
    case CSR_SCOUNTEREN: h->scounteren = value; break;
    case CSR_SENVCFG: break;
    case CSR_SSCRATCH: h->sscratch = value; break;
    case CSR_SEPC: h->sepc = value & ~3u; break;
    case CSR_SCAUSE: h->scause = value; break;
    case CSR_STVAL: h->stval = value; break;
    case CSR_SIP: {
        uint32_t writable = MIP_SSIP & h->mideleg;
        h->mip = (h->mip & ~writable) | (value & writable);
        break;
    }
    case CSR_STIMECMP:
        if (!stimecmp_accessible(h))
            return false;
        h->stimecmp = (h->stimecmp & 0xffffffff00000000ull) | value;
        stimecmp_changed(h);
        break;
    case CSR_STIMECMPH:
        if (!stimecmp_accessible(h))
            return false;
        h->stimecmp = (h->stimecmp & 0xffffffffu) | ((uint64_t)value << 32);
        stimecmp_changed(h);
        break;
    case CSR_SATP:
        if (h->priv == PRIV_S && (h->mstatus & MSTATUS_TVM))
            return false;
        /* Only Bare and Sv32 exist on RV32, so every MODE value is legal. */
        h->satp = value & (SATP_MODE_SV32 | (SATP_ASID_MASK << SATP_ASID_SHIFT) | SATP_PPN_MASK);
        break;
    case CSR_MSTATUS: {
        uint32_t next = (h->mstatus & ~MSTATUS_WRITABLE) | (value & MSTATUS_WRITABLE);
        if (((next & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == 2) /* reserved: keep the old MPP */
            next = (next & ~MSTATUS_MPP) | (h->mstatus & MSTATUS_MPP);
        h->mstatus = next;
        break;
    }
    case CSR_MISA: break; /* WARL: the extension set is fixed */
    case CSR_MEDELEG: h->medeleg = value & MEDELEG_WRITABLE; break;
    case CSR_MIDELEG: h->mideleg = value & MIDELEG_WRITABLE; break;
    case CSR_MIE: h->mie = value & MIE_WRITABLE; break;
    case CSR_MTVEC: h->mtvec = tvec_write(h->mtvec, value); break;
    case CSR_MCOUNTEREN: h->mcounteren = value; break;
    case CSR_MENVCFG: break;
    case CSR_MSTATUSH: break;
    case CSR_MENVCFGH:
        h->menvcfgh = value & MENVCFGH_STCE;
        stimecmp_changed(h);
        break;
    case CSR_MCOUNTINHIBIT: break;
    case CSR_MSCRATCH: h->mscratch = value; break;
    case CSR_MEPC: h->mepc = value & ~3u; break;
    case CSR_MCAUSE: h->mcause = value; break;
    case CSR_MTVAL: h->mtval = value; break;
    case CSR_MIP: {
        uint32_t writable = mip_writable(h);
        h->mip = (h->mip & ~writable) | (value & writable);
        break;
    }
    case CSR_TSELECT: break;
    case CSR_MCYCLE:
    case CSR_MCYCLEH:
        h->cycle_offset = counter_offset_after_write(hart_cycle(h), h->cycle_offset,
                                                     number == CSR_MCYCLEH, value);
        break;
    case CSR_MINSTRET:
    case CSR_MINSTRETH:
        h->instret_offset = counter_offset_after_write(hart_instret(h), h->instret_offset,
                                                       number == CSR_MINSTRETH, value);
        break;
    default:
        if (number >= CSR_PMPCFG0 && number <= CSR_PMPCFG3) {
            h->pmpcfg[number - CSR_PMPCFG0] = value;
        } else if (number >= CSR_PMPADDR0 && number <= CSR_PMPADDR15) {
            h->pmpaddr[number - CSR_PMPADDR0] = value;
        } else if ((number >= CSR_MHPMEVENT3 && number <= CSR_MHPMEVENT31) ||
                   (number >= CSR_MHPMCOUNTER3 && number <= CSR_MHPMCOUNTER31) ||
                   (number >= CSR_MHPMCOUNTER3H && number <= CSR_MHPMCOUNTER31H) ||
                   (number >= CSR_TDATA1 && number <= CSR_TDATA3)) {
            /* implemented as read-only zero; writes are ignored (WARL) */
        } else {
            return false;
        }
    }
    return true;
}

const char *csr_name(unsigned number)
{
    static const struct {
        unsigned number;
        const char *name;
    } names[] = {
        {CSR_SSTATUS, "sstatus"}, {CSR_SIE, "sie"}, {CSR_STVEC, "stvec"},
        {CSR_SCOUNTEREN, "scounteren"}, {CSR_SENVCFG, "senvcfg"}, {CSR_SSCRATCH, "sscratch"},
        {CSR_SEPC, "sepc"}, {CSR_SCAUSE, "scause"}, {CSR_STVAL, "stval"}, {CSR_SIP, "sip"},
        {CSR_STIMECMP, "stimecmp"}, {CSR_STIMECMPH, "stimecmph"}, {CSR_SATP, "satp"},
        {CSR_MSTATUS, "mstatus"}, {CSR_MISA, "misa"}, {CSR_MEDELEG, "medeleg"},
        {CSR_MIDELEG, "mideleg"}, {CSR_MIE, "mie"}, {CSR_MTVEC, "mtvec"},
        {CSR_MCOUNTEREN, "mcounteren"}, {CSR_MENVCFG, "menvcfg"}, {CSR_MSTATUSH, "mstatush"},
        {CSR_MENVCFGH, "menvcfgh"}, {CSR_MCOUNTINHIBIT, "mcountinhibit"},
        {CSR_MSCRATCH, "mscratch"}, {CSR_MEPC, "mepc"}, {CSR_MCAUSE, "mcause"},
        {CSR_MTVAL, "mtval"}, {CSR_MIP, "mip"}, {CSR_TSELECT, "tselect"},
        {CSR_TDATA1, "tdata1"}, {CSR_MCYCLE, "mcycle"}, {CSR_MINSTRET, "minstret"},
        {CSR_MCYCLEH, "mcycleh"}, {CSR_MINSTRETH, "minstreth"}, {CSR_CYCLE, "cycle"},
        {CSR_TIME, "time"}, {CSR_INSTRET, "instret"}, {CSR_CYCLEH, "cycleh"},
        {CSR_TIMEH, "timeh"}, {CSR_INSTRETH, "instreth"}, {CSR_MVENDORID, "mvendorid"},
        {CSR_MARCHID, "marchid"}, {CSR_MIMPID, "mimpid"}, {CSR_MHARTID, "mhartid"},
        {CSR_PMPCFG0, "pmpcfg0"}, {CSR_PMPADDR0, "pmpaddr0"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].number == number)
            return names[i].name;
    return NULL;
}
