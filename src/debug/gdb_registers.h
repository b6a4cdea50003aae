/* What gdb sees of one thread: its registers (the x registers and pc, the CSRs, the
 * virtual priv register) and its address space, either the hart's own (the thread that
 * runs) or what the guest kernel saved for a thread that does not run. Also the target
 * description that names those registers for gdb. */
#ifndef VMSIM_DEBUG_GDB_REGISTERS_H
#define VMSIM_DEBUG_GDB_REGISTERS_H

#include <stdbool.h>
#include <stdint.h>

#include "debug/guest_threads.h"

struct hart;

#define GDB_GPR_AND_PC_COUNT 33 /* x0..x31, pc: what the 'g' packet carries */
#define GDB_PC_REGISTER 32
/* gdb's RISC-V register numbers: CSR n is 65 + n, and the virtual priv register follows
 * the 4096 CSRs. The target description names them, so these are also our numbers. */
#define GDB_FIRST_CSR_REGISTER 65
#define GDB_PRIV_REGISTER (GDB_FIRST_CSR_REGISTER + 4096)

struct gdb_view {
    struct hart *hart;
    const struct guest_thread *saved; /* NULL: the hart's own registers */
};

/* The target description (qXfer:features:read:target.xml), NUL-terminated. */
const char *gdb_target_description(void);

/* Register n (gdb's numbering) of the view; false if it has none such. A saved thread's
 * x and pc registers are its saved copies, its satp its own, its priv U (user registers)
 * or S (the kernel's context); its other CSRs are the hart's. */
bool gdb_read_register(const struct gdb_view *view, unsigned n, uint32_t *value);

/* Writes register n: the hart's under the CSR rules as in M mode, or a saved copy in
 * guest RAM; false where that is impossible. */
bool gdb_write_register(const struct gdb_view *view, unsigned n, uint32_t value);

/* A virtual address through the view's page table (the hart's as its mode translates a
 * load); false where nothing is mapped. */
bool gdb_translate(const struct gdb_view *view, uint32_t address, uint32_t *physical);

/* A word of guest RAM at a physical address; false outside RAM. */
bool gdb_read_physical_word(const struct hart *hart, uint32_t address, uint32_t *value);

#endif
