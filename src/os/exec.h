/* exec: replaces a process's address space with a program embedded in the kernel. */
#ifndef OS_EXEC_H
#define OS_EXEC_H

#include "proc.h"

/* A program's arguments and then its environment, as one block of NUL-terminated strings
 * in kernel memory: argc strings, then envc. Counted as Linux does, each string with its
 * NUL and its pointer, the whole is at most ARG_MAX (abi/limits.h). */
struct exec_arguments {
    const char *strings;
    uint32_t bytes;
    int argc, envc;
};

/* Adds one string to a block being built in buffer (of ARG_MAX bytes); -E2BIG when the
 * block would pass ARG_MAX. Used by sys_exec and by the boot path. */
int exec_arguments_add(struct exec_arguments *args, char *buffer, const char *s, uint32_t length);

/* Loads program `name` into p with the given arguments and sets the trapframe to start
 * it: pc = entry, sp = the argument block, a0 = argc, a1 = argv, a2 = envp.
 * Nothing of the program is copied now: its pages load on first touch. On failure p is
 * unchanged and the result is -ENOENT, -ENOEXEC, -ETXTBSY (the file is open for writing),
 * -E2BIG or -ENOMEM; on success argc. */
int exec_kernel(struct proc *p, struct trapframe *tf, const char *name, const struct exec_arguments *args);

#endif
