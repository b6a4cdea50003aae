/* The state of one RISC-V hart (RV32IMA, M/S/U modes) and the small API the rest of the
 * machine uses to run it: cpu_run() in batches, interrupt lines for devices, and the time
 * base that the CLINT and the `time` CSR share. The CPU knows the bus, never a device. */
#ifndef VMSIM_CPU_HART_H
#define VMSIM_CPU_HART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/csr.h"

struct bus;
struct decode_cache;
struct jit;
struct mmu;
struct tlb_config;

enum privilege { PRIV_U = 0, PRIV_S = 1, PRIV_M = 3 };

/* The timing model: what guest time an event costs on top of the one cycle every
 * instruction (and every trap) takes. Guest cycles are derived from exact counters, never
 * counted on the hot path:
 *
 *   cycles = steps + idle + walk_access * page-table-walk memory accesses
 *                         + tlb_miss * TLB misses + trap * traps
 *
 * so they are the same however the hart runs (interpreter or translator), and mtime,
 * which advances with cycles, is too. Budgets passed to cpu_run stay in steps. All zero
 * (the hart_init default) is the old model: a cycle per step. docs/timing.md. */
struct hart_timing {
    uint32_t walk_access; /* cycles per memory access of a page-table walk */
    uint32_t tlb_miss;    /* cycles per TLB miss, besides its walk */
    uint32_t trap;        /* cycles per trap taken (exception or interrupt) */
};

/* The defaults vmsim runs with (--walk-latency, --tlb-miss-latency, --trap-latency): a
 * walk access about as dear as a trip to DRAM, so that a program that misses the TLB all
 * the time runs several times slower than one that hits. */
#define HART_TIMING_DEFAULT_WALK_ACCESS 20
#define HART_TIMING_DEFAULT_TLB_MISS 10
#define HART_TIMING_DEFAULT_TRAP 40

/* Why cpu_run() returned. */
enum cpu_stop {
    CPU_STOP_BUDGET,    /* ran the number of instructions asked for */
    CPU_STOP_WFI,       /* executed wfi with no interrupt pending; time may skip ahead */
    CPU_STOP_REQUESTED, /* a device or the debugger asked the machine loop to look */
    CPU_STOP_HOST_ERROR, /* the emulator ran out of host memory */
    CPU_STOP_TRAP_LOOP,  /* an M-mode trap handler faults on its own first instruction:
                            the hart would trap to the same place forever */
};

struct hart {
    /* x[32] is a sink for writes to x0, so that instructions need no rd == 0 test. */
    uint32_t x[33];
    uint32_t pc;
    enum privilege priv;

    /* Machine-level CSRs. */
    uint32_t mstatus; /* holds the sstatus bits too: sstatus is a view of mstatus */
    uint32_t medeleg, mideleg;
    uint32_t mie;
    uint32_t mip;       /* software-writable pending bits (SSIP, STIP, SEIP) */
    uint32_t irq_lines; /* pending bits driven by devices and stimecmp */
    uint32_t mtvec, mscratch, mepc, mcause, mtval;
    uint32_t mcounteren, menvcfgh;
    uint32_t pmpcfg[4], pmpaddr[16];

    /* Supervisor-level CSRs. */
    uint32_t stvec, sscratch, sepc, scause, stval, satp, scounteren;
    uint64_t stimecmp;

    /* Counters. `steps` counts instructions retired plus traps taken (a trapping
     * instruction does not retire but still takes time); `idle` counts cycles skipped by
     * wfi. cycle = steps + idle, instret = steps - traps; both offset by CSR writes. */
    uint64_t steps, traps, idle;
    uint64_t cycle_offset, instret_offset, mtime_offset;
    struct hart_timing timing; /* what misses, walks and traps add to the cycles */
    uint64_t cycle_deadline;   /* timing-model cycles at which a batch should end */

    /* Set by a memory access that returns MEM_FAULT: the exception to raise. */
    uint32_t fault_cause, fault_tval;

    /* Misaligned loads and stores trap instead of completing (AMOs always trap). */
    bool trap_misaligned;

    /* LR/SC reservation. */
    bool reservation_valid;
    uint32_t reservation_addr;

    /* Set by devices (and the debugger) to make cpu_run() return at the next instruction
     * boundary that follows a device access. */
    bool stop_requested;

    /* The debugger's breakpoint pages: bit n set when virtual page n (address >> 12) holds
     * a breakpoint. cpu_run() returns CPU_STOP_REQUESTED before the first instruction it
     * fetches from such a page after entering it from elsewhere (not at its own start),
     * so that the fast loop carries no per-instruction check. NULL: no breakpoints. */
    const uint8_t *breakpoint_pages;

    struct bus *bus;
    struct decode_cache *decode_cache;
    struct mmu *mmu;
    struct jit *jit; /* the block translator; NULL: the interpreter runs alone */

    /* Tracing hook, off (NULL) unless tracing is on; see cpu/trap.h. */
    void (*trap_observer)(void *opaque, const struct hart *h, uint32_t cause, uint32_t tval,
                          uint32_t from_pc, unsigned from_priv);
    void *trap_observer_opaque;
};

/* Resets the hart to M mode at `reset_pc`, attached to `bus`. Returns false (with errno
 * set) if the decode cache cannot be allocated. */
bool hart_init(struct hart *h, struct bus *bus, uint32_t reset_pc);
void hart_destroy(struct hart *h);

/* Replaces the simulated TLB with one of this configuration (false, message in err, if the
 * configuration is impossible or memory runs out). */
bool hart_configure_tlb(struct hart *h, const struct tlb_config *config, char *err, size_t err_size);

/* Turns the block translator on (where the host has one) or off. Either way cpu_run()
 * gives the same results and the same counts. */
void hart_set_jit(struct hart *h, bool on);

/* Runs at most `budget` steps (instructions retired or traps taken). cpu_run(h, 1) is the
 * single step of a debugger: the loop itself carries no debug checks. */
enum cpu_stop cpu_run(struct hart *h, uint64_t budget);

/* True if `pc` lies in a page that breakpoint_pages marks. */
static inline bool hart_in_breakpoint_page(const struct hart *h, uint32_t pc)
{
    return h->breakpoint_pages && (h->breakpoint_pages[pc >> 15] >> ((pc >> 12) & 7) & 1);
}

/* Drives a device interrupt line: `bit` is one of MIP_MSIP, MIP_MTIP, MIP_MEIP, MIP_SEIP. */
void hart_set_irq_line(struct hart *h, uint32_t bit, bool level);

/* Sets the timing model. Precondition: nothing has run yet (cycles would jump). */
void hart_set_timing(struct hart *h, const struct hart_timing *timing);

/* Asks the running batch to end (stop_requested) at the first TLB miss or trap that finds
 * `cycles` more cycles gone by; UINT64_MAX for never. Only steps that cost more than a
 * cycle check it, which keeps it off the hot path. */
void hart_set_cycle_deadline(struct hart *h, uint64_t cycles);
/* Called after a TLB miss's walk or a trap: ends the batch if the deadline has passed. */
void hart_check_cycle_deadline(struct hart *h);

/* What the timing model adds up from the counters; cycles is their sum with idle time. */
struct hart_cycle_breakdown {
    uint64_t steps, idle, walk, tlb_miss, trap; /* cycles from each source */
    uint64_t cycles;
};
void hart_cycle_breakdown(const struct hart *h, struct hart_cycle_breakdown *out);

/* The time base: mtime advances by one every VMSIM_CYCLES_PER_TICK cycles. */
uint64_t hart_cycle(const struct hart *h);
uint64_t hart_instret(const struct hart *h);
uint64_t hart_mtime(const struct hart *h);
void hart_set_mtime(struct hart *h, uint64_t mtime);

/* Cycles until mtime reaches `mtime_deadline` (0 if already there, UINT64_MAX if never). */
uint64_t hart_cycles_until(const struct hart *h, uint64_t mtime_deadline);

/* Skips `cycles` of idle time (wfi with nothing to do). */
void hart_idle(struct hart *h, uint64_t cycles);

/* Recomputes STIP from stimecmp (Sstc); call after time moves. */
void hart_update_stimecmp(struct hart *h);

/* The mtime at which the hart next needs attention from stimecmp, or UINT64_MAX. */
uint64_t hart_stimecmp_deadline(const struct hart *h);

/* Returns the cause (with the interrupt bit) of the interrupt to take now, or 0. */
uint32_t hart_pending_interrupt(const struct hart *h);

/* True if some interrupt is pending and enabled in mie, which ends wfi whatever the global
 * enable bits say. */
bool hart_wfi_should_wake(const struct hart *h);

#endif
