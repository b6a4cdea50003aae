/* exec: check the ELF, record its loadable segments (demand paging loads them later),
 * build the argument block on the new stack, then switch the process over. The old
 * address space is freed only once nothing can fail any more. */
#include "exec.h"

#include "abi/errno.h"
#include "elf_check.h"
#include "fs.h"
#include "memlayout.h"
#include "riscv.h"
#include "string.h"
#include "uaccess.h"
#include "user_range.h"

static const char *base_name(const char *path)
{
    const char *base = path;
    for (const char *c = path; *c; c++)
        if (*c == '/')
            base = c + 1;
    return base;
}

/* The bytes of a program: a file on the disk, or a program in the kernel image. */
struct program_source {
    struct inode *inode;
    const struct user_program *embedded;
    uint32_t size;
};

static bool source_read(const void *context, void *destination, uint32_t offset, uint32_t length)
{
    const struct program_source *source = context;
    if (!range_inside(offset, length, 0, source->size))
        return false;
    if (source->inode)
        return readi(source->inode, false, (uint32_t)destination, offset, length) == (int)length;
    memcpy(destination, source->embedded->image + offset, length);
    return true;
}

_Static_assert(MAX_SEGMENTS <= ELF_CHECK_MAX_SEGMENTS, "exec keeps every segment elf_check_program accepts");

/* Checks the ELF (elf_check.c) and records its segments; the heap starts after them. */
static int read_segments(struct address_space *as, const struct program_source *source, uint32_t *entry)
{
    const struct elf_reader reader = {.read = source_read, .context = source, .size = source->size};
    const struct elf_limits limits = {.low = USER_BASE, .high = USER_HEAP_LIMIT, .max_segments = MAX_SEGMENTS};
    struct elf_program program;
    int error = elf_check_program(&reader, &limits, &program);
    if (error < 0)
        return error;
    for (uint32_t i = 0; i < program.segment_count; i++) {
        const struct elf_load_segment *from = &program.segments[i];
        as->segments[i] = (struct segment){
            .vaddr = from->vaddr, .memory_size = from->memory_size, .file_offset = from->file_offset,
            .file_size = from->file_size,
            .pte_flags = (from->flags & ELF_SEGMENT_R ? PTE_R : 0) | (from->flags & ELF_SEGMENT_W ? PTE_W : 0) |
                         (from->flags & ELF_SEGMENT_X ? PTE_X : 0)};
    }
    as->segment_count = program.segment_count;
    as->program_inode = source->inode ? idup(source->inode) : NULL;
    as->program = source->embedded;
    /* end <= USER_HEAP_LIMIT, which is page-aligned, so this cannot wrap to 0. */
    as->heap_start = as->heap_end = PAGE_ROUND_UP(program.end);
    *entry = program.entry;
    return 0;
}

/* Finds the program: the path on the disk (relative to the caller's directory); failing
 * that, for a name without '/' (or when no file system is mounted), a program linked
 * into the kernel image, so that a disk without /bin still boots. The user library's
 * execp looks in /bin first, so the disk's programs win. On success the source holds a
 * reference to the inode. */
static int find_program(const char *name, struct program_source *source)
{
    memset(source, 0, sizeof *source);
    if (!fs_mounted()) {
        source->embedded = program_find(base_name(name));
        if (!source->embedded)
            return -ENOENT;
        source->size = source->embedded->size;
        return 0;
    }
    int error;
    struct inode *ip = namei(name, &error);
    if (ip) {
        if (ip->d.type != FS_T_FILE) {
            iput(ip);
            return -EACCES;
        }
        source->inode = ip;
        source->size = ip->d.size;
        return 0;
    }
    if (error == -ENOENT && !strchr(name, '/') && (source->embedded = program_find(name)) != NULL) {
        source->size = source->embedded->size;
        return 0;
    }
    return error;
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


int exec_kernel(struct proc *p, struct trapframe *tf, const char *name, int argc, char **argv)
{
    if (argc < 0 || argc > EXEC_MAX_ARGS)
        return -E2BIG;
    struct program_source source;
    int error = find_program(name, &source);
    if (error < 0)
        return error;
    struct address_space as;
    if (!addrspace_create(&as)) {
        if (source.inode)
            iput(source.inode);
        return -ENOMEM;
    }
    uint32_t entry, sp, user_argv;
    error = read_segments(&as, &source, &entry);
    if (source.inode)
        iput(source.inode); /* the address space holds its own reference now */
    if (error == 0)
        error = push_arguments(&as, argc, argv, &sp, &user_argv);
    if (error < 0) {
        addrspace_destroy(&as);
        return error;
    }

    /* Point of no return: switch to the new address space, then free the old one. */
    struct address_space old = p->as;
    p->as = as;
    p->as.in_process = true; /* its pages may be swapped from now on */
    if (current_proc() == p)
        csr_write(satp, addrspace_satp(&p->as));
    addrspace_destroy(&old);
    strlcpy(p->name, base_name(name), sizeof p->name);
    /* Handlers were addresses in the old program; an ignored signal stays ignored (as
     * POSIX has it, so `nohup` and background jobs keep ignoring SIGHUP and SIGINT). */
    for (int s = 0; s < NSIG; s++)
        if (p->signal_handlers[s] != SIG_IGN)
            p->signal_handlers[s] = SIG_DFL;
    p->pending_signals = 0;
    memset(tf, 0, sizeof *tf);
    tf->epc = entry;
    tf->regs[REG_SP] = sp;
    tf->regs[REG_A0] = (uint32_t)argc;
    tf->regs[REG_A1] = user_argv;
    return argc; /* also what sys_exec returns, so a0 stays argc */
}
