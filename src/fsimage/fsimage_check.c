/* The consistency checker. fsimage_load has already checked the superblock and replayed
 * the log; this walks every inode's block pointers (each in the data area, none used
 * twice, the bitmap agreeing), then the directory tree from "/" (well-formed entries,
 * "." and "..", no free inode named, each directory named once), and compares each
 * inode's nlink with the entries that name it. Nothing read from the image is trusted. */
#include "fsimage/fsimage_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct checker {
    struct fsimage *fs;
    void (*report)(void *opaque, const char *problem);
    void *opaque;
    unsigned problems;
    uint32_t *block_owner; /* per block: the inode using it, 0 for none */
    uint32_t *references;  /* per inode: directory entries naming it */
    uint8_t *reached;      /* per inode: reached from "/" by a name other than . and .. */
    uint32_t *queue;       /* directories to read, with their parents */
    uint32_t *queue_parent;
    uint32_t queue_head, queue_tail;
};

static void problem(struct checker *c, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct checker *c, const char *format, ...)
{
    char line[256];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    c->problems++;
    c->report(c->opaque, line);
}

static const char *type_name(uint16_t type)
{
    switch (type) {
    case FS_T_DIR: return "directory";
    case FS_T_FILE: return "file";
    case FS_T_DEV: return "device";
    default: return "free inode";
    }
}

/* Claims block b for inode ino; false if b cannot be followed (already reported). */
static bool claim_block(struct checker *c, uint32_t ino, uint32_t b, const char *what)
{
    struct fsimage *fs = c->fs;
    if (!fsimage_is_data_block(fs, b)) {
        problem(c, "inode %" PRIu32 ": %s pointer %" PRIu32 " is outside the data blocks (%" PRIu32
                "-%" PRIu32 ")", ino, what, b, fs->sb.data_start, fs->sb.size - 1);
        return false;
    }
    if (c->block_owner[b] != 0) {
        problem(c, "block %" PRIu32 " is used twice: by inode %" PRIu32 " and by inode %" PRIu32, b,
                c->block_owner[b], ino);
        return false;
    }
    c->block_owner[b] = ino;
    return true;
}

/* Claims every block of a file or directory, indirect blocks included. */
static void claim_inode_blocks(struct checker *c, uint32_t ino, const struct fs_inode *ip)
{
    struct fsimage *fs = c->fs;
    for (uint32_t i = 0; i < FS_NDIRECT; i++)
        if (ip->addrs[i])
            claim_block(c, ino, ip->addrs[i], "direct block");
    uint32_t single = ip->addrs[FS_INDIRECT];
    if (single && claim_block(c, ino, single, "indirect block")) {
        const uint32_t *entries = (const uint32_t *)fsimage_block(fs, single);
        for (uint32_t i = 0; i < FS_NINDIRECT; i++)
            if (entries[i])
                claim_block(c, ino, entries[i], "block");
    }
    uint32_t outer = ip->addrs[FS_DOUBLE_INDIRECT];
    if (outer && claim_block(c, ino, outer, "double-indirect block")) {
        const uint32_t *middles = (const uint32_t *)fsimage_block(fs, outer);
        for (uint32_t i = 0; i < FS_NINDIRECT; i++) {
            if (!middles[i] || !claim_block(c, ino, middles[i], "indirect block"))
                continue;
            const uint32_t *entries = (const uint32_t *)fsimage_block(fs, middles[i]);
            for (uint32_t j = 0; j < FS_NINDIRECT; j++)
                if (entries[j])
                    claim_block(c, ino, entries[j], "block");
        }
    }
}

static void check_inodes(struct checker *c)
{
    struct fsimage *fs = c->fs;
    for (uint32_t ino = 1; ino < fs->sb.ninodes; ino++) {
        const struct fs_inode *ip = fsimage_inode(fs, ino);
        switch (ip->type) {
        case FS_T_FREE:
            break;
        case FS_T_FILE:
        case FS_T_DIR:
            if (ip->size > (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
                problem(c, "inode %" PRIu32 ": size %" PRIu32 " is larger than a file can be", ino, ip->size);
            if (ip->type == FS_T_DIR && ip->size % sizeof(struct fs_dirent) != 0)
                problem(c, "directory inode %" PRIu32 ": size %" PRIu32 " is not a multiple of %zu", ino,
                        ip->size, sizeof(struct fs_dirent));
            claim_inode_blocks(c, ino, ip);
            break;
        case FS_T_DEV:
            if (ip->addrs[0] != FS_DEV_CONSOLE && ip->addrs[0] != FS_DEV_NULL)
                problem(c, "device inode %" PRIu32 ": unknown major number %" PRIu32, ino, ip->addrs[0]);
            break;
        default:
            problem(c, "inode %" PRIu32 ": unknown type %u", ino, ip->type);
            break;
        }
    }
    if (fsimage_inode(fs, 0)->type != FS_T_FREE)
        problem(c, "inode 0 (never used) has type %u", fsimage_inode(fs, 0)->type);
}

static void check_bitmap(struct checker *c)
{
    struct fsimage *fs = c->fs;
    for (uint32_t b = 0; b < fs->sb.size; b++) {
        bool marked = fsimage_bitmap_get(fs, b);
        if (b < fs->sb.data_start) {
            if (!marked)
                problem(c, "bitmap marks metadata block %" PRIu32 " free", b);
        } else if (c->block_owner[b] && !marked) {
            problem(c, "block %" PRIu32 " is used by inode %" PRIu32 " but marked free in the bitmap", b,
                    c->block_owner[b]);
        } else if (!c->block_owner[b] && marked) {
            problem(c, "block %" PRIu32 " is marked in use in the bitmap but nothing uses it", b);
        }
    }
}

/* The block holding byte `offset` of inode ino, without allocating: 0 for a hole or a
 * pointer that check_inodes already reported. */
static uint32_t block_at(struct checker *c, const struct fs_inode *ip, uint32_t offset)
{
    struct fsimage *fs = c->fs;
    uint32_t n = offset / FS_BLOCK_SIZE;
    uint32_t b;
    if (n < FS_NDIRECT) {
        b = ip->addrs[n];
    } else if ((n -= FS_NDIRECT) < FS_NINDIRECT) {
        uint32_t single = ip->addrs[FS_INDIRECT];
        if (!fsimage_is_data_block(fs, single))
            return 0;
        b = ((const uint32_t *)fsimage_block(fs, single))[n];
    } else {
        n -= FS_NINDIRECT;
        uint32_t outer = ip->addrs[FS_DOUBLE_INDIRECT];
        if (n >= FS_NINDIRECT * FS_NINDIRECT || !fsimage_is_data_block(fs, outer))
            return 0;
        uint32_t middle = ((const uint32_t *)fsimage_block(fs, outer))[n / FS_NINDIRECT];
        if (!fsimage_is_data_block(fs, middle))
            return 0;
        b = ((const uint32_t *)fsimage_block(fs, middle))[n % FS_NINDIRECT];
    }
    return fsimage_is_data_block(fs, b) ? b : 0;
}

static int compare_names(const void *a, const void *b)
{
    return strncmp(*(const char *const *)a, *(const char *const *)b, FS_NAME_MAX + 1);
}

/* Reads directory dir (reached from parent): its entries, "." and "..", and queues the
 * subdirectories it names. */
static void check_directory(struct checker *c, uint32_t dir, uint32_t parent)
{
    struct fsimage *fs = c->fs;
    const struct fs_inode *ip = fsimage_inode(fs, dir);
    uint32_t count = ip->size / sizeof(struct fs_dirent);
    if (ip->size > (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
        return; /* reported by check_inodes */
    const char **names = malloc((count ? count : 1) * sizeof *names);
    if (!names) {
        problem(c, "directory inode %" PRIu32 ": out of host memory to check it", dir);
        return;
    }
    uint32_t named = 0;
    bool has_dot = false, has_dot_dot = false;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t offset = i * (uint32_t)sizeof(struct fs_dirent);
        uint32_t b = block_at(c, ip, offset);
        if (b == 0)
            continue; /* a hole reads as empty entries */
        const struct fs_dirent *entry = (const struct fs_dirent *)(fsimage_block(fs, b) + offset % FS_BLOCK_SIZE);
        if (entry->ino == 0)
            continue;
        size_t length = strnlen(entry->name, sizeof entry->name);
        if (length == sizeof entry->name || length == 0 || memchr(entry->name, '/', length)) {
            problem(c, "directory inode %" PRIu32 ", entry %" PRIu32 ": bad name (%s)", dir, i,
                    length == 0 ? "empty" : length == sizeof entry->name ? "not NUL-terminated" : "holds '/'");
            continue;
        }
        if (entry->ino >= fs->sb.ninodes) {
            problem(c, "directory inode %" PRIu32 ": '%s' names inode %" PRIu32 ", beyond the %" PRIu32
                    " inodes", dir, entry->name, entry->ino, fs->sb.ninodes);
            continue;
        }
        names[named++] = entry->name;
        c->references[entry->ino]++;
        const struct fs_inode *target = fsimage_inode(fs, entry->ino);
        if (target->type == FS_T_FREE || target->type > FS_T_DEV) {
            problem(c, "directory inode %" PRIu32 ": '%s' names %s inode %" PRIu32, dir, entry->name,
                    target->type == FS_T_FREE ? "free" : "bad", entry->ino);
            continue;
        }
        if (strcmp(entry->name, ".") == 0) {
            has_dot = true;
            if (entry->ino != dir)
                problem(c, "directory inode %" PRIu32 ": '.' names inode %" PRIu32 ", not itself", dir,
                        entry->ino);
            continue;
        }
        if (strcmp(entry->name, "..") == 0) {
            has_dot_dot = true;
            if (entry->ino != parent)
                problem(c, "directory inode %" PRIu32 ": '..' names inode %" PRIu32 ", not its parent %" PRIu32,
                        dir, entry->ino, parent);
            continue;
        }
        if (entry->ino == FS_ROOT_INODE) {
            problem(c, "directory inode %" PRIu32 ": '%s' names the root directory", dir, entry->name);
            continue;
        }
        if (target->type != FS_T_DIR)
            continue;
        if (c->reached[entry->ino]) {
            problem(c, "directory inode %" PRIu32 " has more than one name (another in directory inode %" PRIu32
                    ")", entry->ino, dir);
            continue;
        }
        c->reached[entry->ino] = 1;
        c->queue[c->queue_tail] = entry->ino;
        c->queue_parent[c->queue_tail++] = dir;
    }
    if (!has_dot)
        problem(c, "directory inode %" PRIu32 " has no '.' entry", dir);
    if (!has_dot_dot)
        problem(c, "directory inode %" PRIu32 " has no '..' entry", dir);
    qsort(names, named, sizeof *names, compare_names);
    for (uint32_t i = 1; i < named; i++)
        if (strncmp(names[i - 1], names[i], FS_NAME_MAX + 1) == 0)
            problem(c, "directory inode %" PRIu32 ": the name '%s' appears more than once", dir, names[i]);
    free(names);
}

static void check_tree(struct checker *c)
{
    struct fsimage *fs = c->fs;
    c->reached[FS_ROOT_INODE] = 1;
    c->queue[c->queue_tail] = FS_ROOT_INODE;
    c->queue_parent[c->queue_tail++] = FS_ROOT_INODE;
    while (c->queue_head < c->queue_tail) {
        uint32_t dir = c->queue[c->queue_head];
        uint32_t parent = c->queue_parent[c->queue_head++];
        check_directory(c, dir, parent);
    }
    for (uint32_t ino = 1; ino < fs->sb.ninodes; ino++) {
        const struct fs_inode *ip = fsimage_inode(fs, ino);
        if (ip->type == FS_T_FREE || ip->type > FS_T_DEV)
            continue;
        if (c->references[ino] == 0 && ip->nlink == 0 && ip->type == FS_T_FILE)
            continue; /* unlinked while still open when the machine stopped: the kernel frees
                       * it at the next mount, as Unix file systems do */
        if (c->references[ino] == 0) {
            problem(c, "inode %" PRIu32 " (%s) is an orphan: in use, but no directory names it", ino,
                    type_name(ip->type));
            continue;
        }
        if (ip->type == FS_T_DIR && !c->reached[ino]) {
            problem(c, "directory inode %" PRIu32 " cannot be reached from '/'", ino);
            continue;
        }
        if (ip->nlink != c->references[ino])
            problem(c, "inode %" PRIu32 " (%s) has nlink %u but %" PRIu32 " directory entries name it", ino,
                    type_name(ip->type), ip->nlink, c->references[ino]);
    }
}

unsigned fsimage_check(struct fsimage *fs, void (*report)(void *opaque, const char *problem),
                       void *opaque)
{
    struct checker c = {.fs = fs, .report = report, .opaque = opaque};
    c.block_owner = calloc(fs->sb.size, sizeof *c.block_owner);
    c.references = calloc(fs->sb.ninodes, sizeof *c.references);
    c.reached = calloc(fs->sb.ninodes, 1);
    c.queue = calloc(fs->sb.ninodes, sizeof *c.queue);
    c.queue_parent = calloc(fs->sb.ninodes, sizeof *c.queue_parent);
    if (!c.block_owner || !c.references || !c.reached || !c.queue || !c.queue_parent) {
        problem(&c, "out of host memory to check the image");
    } else if (fsimage_inode(fs, FS_ROOT_INODE)->type != FS_T_DIR) {
        problem(&c, "the root inode %u is not a directory", FS_ROOT_INODE);
    } else {
        check_inodes(&c);
        check_bitmap(&c);
        check_tree(&c);
    }
    free(c.block_owner);
    free(c.references);
    free(c.reached);
    free(c.queue);
    free(c.queue_parent);
    return c.problems;
}
