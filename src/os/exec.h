/* exec: replaces a process's address space with a program embedded in the kernel. */
#ifndef OS_EXEC_H
#define OS_EXEC_H

#include "proc.h"

#include "abi/exec_limits.h" /* EXEC_MAX_ARGS, EXEC_MAX_ARG_BYTES */

/* Loads program `name` into p with the given arguments (kernel strings) and sets the
 * trapframe to start it: pc = entry, sp = the argument block, a0 = argc, a1 = argv.
 * Nothing of the program is copied now: its pages load on first touch. On failure p is
 * unchanged and the result is -ENOENT, -ENOEXEC, -ETXTBSY (the file is open for writing),
 * -E2BIG or -ENOMEM; on success argc. */
int exec_kernel(struct proc *p, struct trapframe *tf, const char *name, int argc, char **argv);

#endif
