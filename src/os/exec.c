/* exec: check the ELF, record its loadable segments (demand paging loads them later),
 * build the argument block on the new stack, then switch the process over. The old
 * address space is freed only once nothing can fail any more. */
#include "exec.h"

#include "abi/errno.h"
#include "elf.h"
#include "memlayout.h"
#include "riscv.h"
#include "string.h"
#include "uaccess.h"

static int read_segments(struct address_space *as, const struct user_program *program, uint32_t *entry)
{
    const struct elf_header *h = (const struct elf_header *)program->image;
    if (program->size < sizeof *h || h->magic != ELF_MAGIC || h->class != ELF_CLASS_32 ||
        h->type != ELF_TYPE_EXEC || h->machine != ELF_MACHINE_RISCV ||
        h->program_header_size != sizeof(struct elf_program_header) ||
        h->program_header_offset > program->size ||
        h->program_header_count > (program->size - h->program_header_offset) / sizeof(struct elf_program_header))
        return -ENOEXEC;
    const struct elf_program_header *ph =
        (const struct elf_program_header *)(program->image + h->program_header_offset);
    uint32_t end = USER_BASE;
    for (uint32_t i = 0; i < h->program_header_count; i++) {
        if (ph[i].type != ELF_SEGMENT_LOAD || ph[i].memory_size == 0)
            continue;
        uint32_t vaddr = ph[i].vaddr, size = ph[i].memory_size;
        if (as->segment_count == MAX_SEGMENTS || vaddr < USER_BASE || size > USER_HEAP_LIMIT - vaddr ||
            ph[i].file_size > size || ph[i].offset > program->size ||
            ph[i].file_size > program->size - ph[i].offset)
            return -ENOEXEC;
        struct segment *s = &as->segments[as->segment_count++];
        s->vaddr = vaddr;
        s->memory_size = size;
        s->file_offset = ph[i].offset;
        s->file_size = ph[i].file_size;
        s->pte_flags = (ph[i].flags & ELF_SEGMENT_R ? PTE_R : 0) | (ph[i].flags & ELF_SEGMENT_W ? PTE_W : 0) |
                       (ph[i].flags & ELF_SEGMENT_X ? PTE_X : 0);
        if (vaddr + size > end)
            end = vaddr + size;
    }
    if (as->segment_count == 0 || h->entry < USER_BASE || h->entry >= end)
        return -ENOEXEC;
    as->program = program;
    as->heap_start = as->heap_end = PAGE_ROUND_UP(end);
    *entry = h->entry;
    return 0;
}

/* Copies the argument strings and the argv array to the top of the new stack:
 *
 *   USER_STACK_TOP ->  | strings ...         |
 *                      | argv[argc] = NULL    |
 *                      | argv[0..argc-1]      |  <- argv, and sp (16-byte aligned)
 */
static int push_arguments(struct address_space *as, int argc, char **argv, uint32_t *sp_out, uint32_t *argv_out)
{
    uint32_t pointers[EXEC_MAX_ARGS + 1];
    uint32_t sp = USER_STACK_TOP;
    uint32_t total = 0;
    for (int i = argc - 1; i >= 0; i--) {
        uint32_t length = strlen(argv[i]) + 1;
        total += length;
        if (total > EXEC_MAX_ARG_BYTES)
            return -E2BIG;
        sp -= length;
        if (copy_to_user(as, sp, argv[i], length) < 0)
            return -ENOMEM;
        pointers[i] = sp;
    }
    pointers[argc] = 0;
    sp = (sp - (uint32_t)(argc + 1) * 4) & ~15u;
    if (copy_to_user(as, sp, pointers, (uint32_t)(argc + 1) * 4) < 0)
        return -ENOMEM;
    *sp_out = sp;
    *argv_out = sp;
    return 0;
}

static const char *base_name(const char *path)
{
    const char *base = path;
    for (const char *c = path; *c; c++)
        if (*c == '/')
            base = c + 1;
    return base;
}

int exec_kernel(struct proc *p, struct trapframe *tf, const char *name, int argc, char **argv)
{
    if (argc < 0 || argc > EXEC_MAX_ARGS)
        return -E2BIG;
    const struct user_program *program = program_find(base_name(name));
    if (!program)
        return -ENOENT;
    struct address_space as;
    if (!addrspace_create(&as))
        return -ENOMEM;
    uint32_t entry, sp, user_argv;
    int error = read_segments(&as, program, &entry);
    if (error == 0)
        error = push_arguments(&as, argc, argv, &sp, &user_argv);
    if (error < 0) {
        addrspace_destroy(&as);
        return error;
    }

    /* Point of no return: switch to the new address space, then free the old one. */
    struct address_space old = p->as;
    p->as = as;
    if (current_proc() == p)
        csr_write(satp, addrspace_satp(&p->as));
    addrspace_destroy(&old);
    strlcpy(p->name, program->name, sizeof p->name);
    for (int s = 0; s < NSIG; s++)
        p->signal_handlers[s] = SIG_DFL;
    p->pending_signals = 0;
    memset(tf, 0, sizeof *tf);
    tf->epc = entry;
    tf->regs[REG_SP] = sp;
    tf->regs[REG_A0] = (uint32_t)argc;
    tf->regs[REG_A1] = user_argv;
    return argc; /* also what sys_exec returns, so a0 stays argc */
}
