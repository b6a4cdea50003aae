/* The registers and memory gdb sees of a thread (see gdb_registers.h). */
#include "debug/gdb_registers.h"

#include <stdio.h>
#include <string.h>

#include "cpu/csr.h"
#include "cpu/hart.h"
#include "mmu/bus.h"
#include "mmu/mmu.h"

/* The CSRs gdb sees (org.gnu.gdb.riscv.csr); csr_name() says what each is called. */
static const unsigned debug_csrs[] = {
    CSR_SSTATUS, CSR_SIE,      CSR_STVEC,    CSR_SCOUNTEREN, CSR_SSCRATCH,  CSR_SEPC,
    CSR_SCAUSE,  CSR_STVAL,    CSR_SIP,      CSR_SATP,       CSR_MSTATUS,   CSR_MISA,
    CSR_MEDELEG, CSR_MIDELEG,  CSR_MIE,      CSR_MTVEC,      CSR_MCOUNTEREN, CSR_MSCRATCH,
    CSR_MEPC,    CSR_MCAUSE,   CSR_MTVAL,    CSR_MIP,        CSR_MCYCLE,    CSR_MINSTRET,
    CSR_MCYCLEH, CSR_MINSTRETH, CSR_CYCLE,   CSR_TIME,       CSR_INSTRET,   CSR_CYCLEH,
    CSR_TIMEH,   CSR_INSTRETH, CSR_MVENDORID, CSR_MARCHID,   CSR_MIMPID,    CSR_MHARTID,
};
#define DEBUG_CSR_COUNT (sizeof debug_csrs / sizeof debug_csrs[0])

static const char *const gpr_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *gdb_target_description(void)
{
    static char xml[8192];
    if (xml[0])
        return xml;
    size_t n = 0;
#define XML(...) n += (size_t)snprintf(xml + n, sizeof xml - n, __VA_ARGS__)
    /* No OS ABI: gdb then single-steps with the stub instead of computing the next pc
     * itself (as it does for Linux), which could not follow an ecall into the kernel. */
    XML("<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
        "<target version=\"1.0\"><architecture>riscv:rv32</architecture><osabi>none</osabi>"
        "<feature name=\"org.gnu.gdb.riscv.cpu\">");
    for (unsigned i = 0; i < 32; i++) {
        const char *type = i == 1 ? "code_ptr" : (i == 2 || i == 3 || i == 4 || i == 8) ? "data_ptr" : "int";
        XML("<reg name=\"%s\" bitsize=\"32\" type=\"%s\" regnum=\"%u\"/>", gpr_names[i], type, i);
    }
    XML("<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\" regnum=\"%u\"/></feature>", GDB_PC_REGISTER);
    XML("<feature name=\"org.gnu.gdb.riscv.csr\">");
    for (unsigned i = 0; i < DEBUG_CSR_COUNT; i++)
        XML("<reg name=\"%s\" bitsize=\"32\" type=\"int\" regnum=\"%u\" save-restore=\"no\" group=\"csr\"/>",
            csr_name(debug_csrs[i]), GDB_FIRST_CSR_REGISTER + debug_csrs[i]);
    XML("</feature><feature name=\"org.gnu.gdb.riscv.virtual\">"
        "<reg name=\"priv\" bitsize=\"32\" type=\"int\" regnum=\"%u\" save-restore=\"no\" group=\"system\"/>"
        "</feature></target>",
        GDB_PRIV_REGISTER);
#undef XML
    return xml;
}

bool gdb_read_physical_word(const struct hart *hart, uint32_t address, uint32_t *value)
{
    if (!bus_in_ram(hart->bus, address, 4))
        return false;
    memcpy(value, bus_ram_pointer(hart->bus, address), 4);
    return true;
}

/* Which of a saved kernel context's words holds register r (ra, sp, s0..s11), or -1. */
static int kernel_context_slot(unsigned r)
{
    if (r == 1 || r == 2)
        return (int)r - 1;
    if (r == 8 || r == 9)
        return (int)r - 6;
    if (r >= 18 && r <= 27)
        return (int)r - 14;
    return -1;
}

/* Where register r of a thread that does not run is saved (physical), or 0. The layouts
 * are the kernel's struct trapframe and struct context (docs/os.md). */
static uint32_t saved_register_address(const struct guest_thread *t, unsigned r)
{
    if (t->user_registers)
        return r == 0 ? 0 : t->user_registers + 4 * r; /* regs[1..31], then epc as pc */
    int slot = kernel_context_slot(r == GDB_PC_REGISTER ? 1 : r); /* swtch returns to ra */
    return slot < 0 || !t->kernel_context ? 0 : t->kernel_context + 4 * (uint32_t)slot;
}

/* Reads or writes a CSR as the debugger: with M-mode rights, whatever mode the hart is in. */
static bool debug_csr_access(struct hart *h, unsigned number, uint32_t *value, bool write)
{
    enum privilege priv = h->priv;
    h->priv = PRIV_M;
    bool ok = write ? csr_write(h, number, *value) : csr_read(h, number, value);
    h->priv = priv;
    return ok;
}

/* The CSR number of gdb register n, or -1 if it is not one gdb sees. */
static int debug_csr(unsigned n)
{
    if (n < GDB_FIRST_CSR_REGISTER || n >= GDB_PRIV_REGISTER)
        return -1;
    for (unsigned i = 0; i < DEBUG_CSR_COUNT; i++)
        if (debug_csrs[i] == n - GDB_FIRST_CSR_REGISTER)
            return (int)debug_csrs[i];
    return -1;
}

bool gdb_read_register(const struct gdb_view *view, unsigned n, uint32_t *value)
{
    struct hart *h = view->hart;
    const struct guest_thread *t = view->saved;
    if (n <= GDB_PC_REGISTER && t) {
        uint32_t address = saved_register_address(t, n);
        *value = 0;
        return !address || gdb_read_physical_word(h, address, value);
    }
    if (n < 32) {
        *value = h->x[n];
        return true;
    }
    if (n == GDB_PC_REGISTER) {
        *value = h->pc;
        return true;
    }
    if (n == GDB_PRIV_REGISTER) {
        *value = t ? (t->user_registers ? PRIV_U : PRIV_S) : (uint32_t)h->priv;
        return true;
    }
    int csr = debug_csr(n);
    if (csr < 0)
        return false;
    if (t && csr == CSR_SATP) {
        *value = t->satp; /* its address space; the other CSRs are the hart's */
        return true;
    }
    return debug_csr_access(h, (unsigned)csr, value, false);
}

bool gdb_write_register(const struct gdb_view *view, unsigned n, uint32_t value)
{
    struct hart *h = view->hart;
    if (view->saved) {
        uint32_t address = n <= GDB_PC_REGISTER ? saved_register_address(view->saved, n) : 0;
        return address && bus_write_ram(h->bus, address, &value, 4);
    }
    if (n < 32) {
        if (n > 0)
            h->x[n] = value;
        return true;
    }
    if (n == GDB_PC_REGISTER) {
        h->pc = value;
        return true;
    }
    if (n == GDB_PRIV_REGISTER) {
        if (value != PRIV_U && value != PRIV_S && value != PRIV_M)
            return false;
        h->priv = (enum privilege)value;
        return true;
    }
    int csr = debug_csr(n);
    return csr >= 0 && debug_csr_access(h, (unsigned)csr, &value, true);
}

bool gdb_translate(const struct gdb_view *view, uint32_t address, uint32_t *physical)
{
    uint32_t pte;
    if (view->saved)
        return mmu_debug_walk(view->hart->bus, view->saved->satp, address, physical, &pte);
    return mmu_debug_translate(view->hart->mmu, hart_mmu_mode(view->hart), address, physical);
}
