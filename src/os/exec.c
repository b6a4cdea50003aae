/* exec: check the ELF, record its loadable segments (demand paging loads them later),
 * build the argument block on the new stack, then switch the process over. The old
 * address space is freed only once nothing can fail any more. */
#include "exec.h"

#include "abi/errno.h"
#include "abi/limits.h"
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
    if (source->inode) {
        error = inode_add_runner(source->inode); /* -ETXTBSY: open for writing */
        if (error < 0)
            return error;
        as->program_inode = idup(source->inode);
    }
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
        if (ip->d.type != FS_T_FILE || !inode_permitted(ip, fs_caller_uid(), ACCESS_X)) {
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

int exec_arguments_add(struct exec_arguments *args, char *buffer, const char *s, uint32_t length)
{
    if (ARG_MAX_COST(args->bytes + length + 1, (uint32_t)(args->argc + args->envc + 1)) > ARG_MAX)
        return -E2BIG;
    memmove(buffer + args->bytes, s, length);
    buffer[args->bytes + length] = '\0';
    args->bytes += length + 1;
    args->strings = buffer;
    return 0;
}

/* Copies the strings and the argv and envp arrays to the top of the new stack:
 *
 *   USER_STACK_TOP ->  | argument strings, then environment strings |
 *                      | envp[0..envc-1], envp[envc] = NULL          |  <- envp
 *                      | argv[0..argc-1], argv[argc] = NULL          |  <- argv, and sp
 *                                                                       (16-byte aligned)
 */
static int push_arguments(struct address_space *as, const struct exec_arguments *args, uint32_t *sp_out,
                          uint32_t *argv_out, uint32_t *envp_out)
{
    if (args->argc < 0 || args->envc < 0 ||
        ARG_MAX_COST(args->bytes, (uint32_t)(args->argc + args->envc)) > ARG_MAX)
        return -E2BIG;
    uint32_t strings = USER_STACK_TOP - args->bytes;
    if (args->bytes && copy_to_user(as, strings, args->strings, args->bytes) < 0)
        return -ENOMEM;
    uint32_t vectors = (uint32_t)(args->argc + 1 + args->envc + 1) * 4;
    uint32_t sp = (strings - vectors) & ~15u;
    /* The pointers go out a batch at a time: there may be thousands. */
    uint32_t batch[64];
    unsigned in_batch = 0;
    uint32_t at = sp, offset = 0;
    int total = args->argc + args->envc;
    for (int i = 0; i <= total + 1; i++) {
        bool terminator = i == args->argc || i == total + 1;
        if (terminator) {
            batch[in_batch++] = 0;
        } else {
            batch[in_batch++] = strings + offset;
            offset += strlen(args->strings + offset) + 1;
        }
        if (in_batch == sizeof batch / sizeof batch[0] || i == total + 1) {
            if (copy_to_user(as, at, batch, in_batch * 4) < 0)
                return -ENOMEM;
            at += in_batch * 4;
            in_batch = 0;
        }
    }
    *sp_out = sp;
    *argv_out = sp;
    *envp_out = sp + (uint32_t)(args->argc + 1) * 4;
    return 0;
}

int exec_kernel(struct proc *p, struct trapframe *tf, const char *name, const struct exec_arguments *args)
{
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
    uint32_t entry, sp, user_argv, user_envp;
    error = read_segments(&as, &source, &entry);
    if (source.inode)
        iput(source.inode); /* the address space holds its own reference now */
    if (error == 0)
        error = push_arguments(&as, args, &sp, &user_argv, &user_envp);
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
    strlcpy(p->name, base_name(name), sizeof p->name);
    /* Handlers were addresses in the old program; an ignored signal stays ignored (as
     * POSIX has it, so `nohup` and background jobs keep ignoring SIGHUP and SIGINT). */
    for (int s = 0; s < NSIG; s++)
        if (p->signal_actions[s].handler != SIG_HANDLER_IGN)
            p->signal_actions[s] = (struct kernel_sigaction){.handler = SIG_HANDLER_DFL};
    p->pending_signals = 0;
    memset(tf, 0, sizeof *tf);
    tf->epc = entry;
    tf->regs[REG_SP] = sp;
    tf->regs[REG_A0] = (uint32_t)args->argc;
    tf->regs[REG_A1] = user_argv;
    tf->regs[REG_A2] = user_envp;
    return args->argc; /* also what sys_exec returns, so a0 stays argc */
}
