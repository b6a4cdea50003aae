/* The consistency checker: everything the kernel relies on, checked from the superblock
 * down. It reads through a committed log (see fsimage.h) and changes nothing. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fsimage/fsimage.h"

struct checker {
    struct fsimage *img;
    FILE *report;
    unsigned problems;
    uint8_t *block_owner;    /* per block: 0 free, 1 metadata, 2 used by a file */
    uint16_t *names;         /* per inode: directory entries naming it (not . or ..) */
    uint16_t *subdirs;       /* per directory inode: child directories */
    uint8_t *seen_dir;       /* per inode: directory visited by the walk */
    struct fs_inode *inodes; /* the inode table */
};

static void problem(struct checker *c, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct checker *c, const char *format, ...)
{
    c->problems++;
    if (!c->report)
        return;
    va_list args;
    va_start(args, format);
    vfprintf(c->report, format, args);
    va_end(args);
    fputc('\n', c->report);
}

/* Claims a block for inode inum; reports a pointer outside the data area or a block
 * claimed twice. Returns whether the block may be read. */
static bool claim(struct checker *c, uint32_t inum, uint32_t blockno)
{
    const struct fs_superblock *sb = &c->img->sb;
    if (blockno < sb->data_start || blockno >= sb->size) {
        problem(c, "inode %u: block pointer %u is outside the data area [%u, %u)", inum, blockno, sb->data_start,
                sb->size);
        return false;
    }
    if (c->block_owner[blockno]) {
        problem(c, "inode %u: block %u is used twice", inum, blockno);
        return false;
    }
    c->block_owner[blockno] = 2;
    return true;
}

static bool read_table(struct checker *c, uint32_t blockno, uint32_t *entries)
{
    return fsimage_read_block(c->img, blockno, entries);
}

/* Claims a table and everything under it; counts the data blocks found. */
static void claim_table(struct checker *c, uint32_t inum, uint32_t table, int depth, uint32_t *blocks)
{
    uint32_t entries[FS_NINDIRECT];
    if (!claim(c, inum, table))
        return;
    if (!read_table(c, table, entries)) {
        problem(c, "inode %u: cannot read block table %u", inum, table);
        return;
    }
    for (uint32_t i = 0; i < FS_NINDIRECT; i++) {
        if (!entries[i])
            continue;
        if (depth > 1) {
            claim_table(c, inum, entries[i], depth - 1, blocks);
        } else if (claim(c, inum, entries[i])) {
            (*blocks)++;
        }
    }
}

static void check_inode_blocks(struct checker *c, uint32_t inum, const struct fs_inode *inode)
{
    uint32_t blocks = 0;
    for (uint32_t i = 0; i < FS_NDIRECT; i++)
        if (inode->addrs[i] && claim(c, inum, inode->addrs[i]))
            blocks++;
    if (inode->addrs[FS_INDIRECT])
        claim_table(c, inum, inode->addrs[FS_INDIRECT], 1, &blocks);
    if (inode->addrs[FS_DOUBLE_INDIRECT])
        claim_table(c, inum, inode->addrs[FS_DOUBLE_INDIRECT], 2, &blocks);
    if ((uint64_t)inode->size > (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
        problem(c, "inode %u: size %u is larger than any file can be", inum, inode->size);
    else if ((uint64_t)blocks * FS_BLOCK_SIZE > (uint64_t)inode->size + FS_BLOCK_SIZE * 3)
        problem(c, "inode %u: %u blocks hold data past its size (%u bytes)", inum, blocks, inode->size);
}

/* Walks the directory tree from dir (whose parent is parent). */
static void walk(struct checker *c, uint32_t dir, uint32_t parent, unsigned depth)
{
    if (depth > 256) {
        problem(c, "directory %u: the tree is deeper than 256 levels (a loop?)", dir);
        return;
    }
    if (c->seen_dir[dir]++) {
        problem(c, "directory %u is reached by more than one path", dir);
        return;
    }
    const struct fs_inode *inode = &c->inodes[dir];
    if (inode->size % sizeof(struct fs_dirent)) {
        problem(c, "directory %u: size %u is not a whole number of entries", dir, inode->size);
        return;
    }
    uint32_t size = 0;
    uint8_t *data = fsimage_read_contents(c->img, inode, &size);
    if (!data) {
        problem(c, "directory %u: cannot read it: %s", dir, c->img->error);
        return;
    }
    const struct fs_dirent *entries = (const struct fs_dirent *)data;
    uint32_t count = size / sizeof(struct fs_dirent);
    if (count < 2 || strcmp(entries[0].name, ".") != 0 || entries[0].ino != dir)
        problem(c, "directory %u: its first entry is not \".\" naming itself", dir);
    if (count < 2 || strcmp(entries[1].name, "..") != 0 || entries[1].ino != parent)
        problem(c, "directory %u: its second entry is not \"..\" naming its parent %u", dir, parent);
    for (uint32_t i = 2; i < count; i++) {
        const struct fs_dirent *e = &entries[i];
        if (!e->ino)
            continue;
        if (memchr(e->name, '\0', sizeof e->name) == NULL || e->name[0] == '\0' || strchr(e->name, '/') ||
            strcmp(e->name, ".") == 0 || strcmp(e->name, "..") == 0) {
            problem(c, "directory %u: entry %u has a bad name", dir, i);
            continue;
        }
        for (uint32_t j = 2; j < i; j++)
            if (entries[j].ino && strncmp(entries[j].name, e->name, sizeof e->name) == 0)
                problem(c, "directory %u: the name '%s' appears twice", dir, e->name);
        if (e->ino >= c->img->sb.ninodes || c->inodes[e->ino].type == FS_T_FREE) {
            problem(c, "directory %u: '%s' names inode %u, which is free or does not exist", dir, e->name, e->ino);
            continue;
        }
        c->names[e->ino]++;
        if (c->inodes[e->ino].type == FS_T_DIR) {
            c->subdirs[dir]++;
            walk(c, e->ino, dir, depth + 1);
        }
    }
    free(data);
}

static void check_bitmap(struct checker *c)
{
    const struct fs_superblock *sb = &c->img->sb;
    uint8_t bitmap[FS_BLOCK_SIZE];
    uint32_t wrong_used = 0, wrong_free = 0, first_wrong = 0;
    for (uint32_t b = sb->bitmap_start; b < sb->data_start; b++) {
        if (!read_table(c, b, (uint32_t *)bitmap)) {
            problem(c, "cannot read bitmap block %u", b);
            return;
        }
        uint32_t first = (b - sb->bitmap_start) * FS_BITS_PER_BLOCK;
        for (uint32_t bit = 0; bit < FS_BITS_PER_BLOCK && first + bit < sb->size; bit++) {
            uint32_t blockno = first + bit;
            bool marked = bitmap[bit / 8] & (1u << (bit % 8));
            bool used = blockno < sb->data_start || c->block_owner[blockno];
            if (marked == used)
                continue;
            if (!wrong_used && !wrong_free)
                first_wrong = blockno;
            if (used)
                wrong_free++;
            else
                wrong_used++;
        }
    }
    if (wrong_free)
        problem(c, "bitmap: %u blocks in use are marked free (the first wrong block is %u)", wrong_free, first_wrong);
    if (wrong_used)
        problem(c, "bitmap: %u free blocks are marked in use (the first wrong block is %u)", wrong_used, first_wrong);
}

unsigned fsimage_check(struct fsimage *img, FILE *report)
{
    const struct fs_superblock *sb = &img->sb;
    struct checker c = {.img = img, .report = report};
    c.block_owner = calloc(sb->size, 1);
    c.names = calloc(sb->ninodes, sizeof *c.names);
    c.subdirs = calloc(sb->ninodes, sizeof *c.subdirs);
    c.seen_dir = calloc(sb->ninodes, 1);
    c.inodes = calloc(sb->ninodes, sizeof *c.inodes);
    if (!c.block_owner || !c.names || !c.subdirs || !c.seen_dir || !c.inodes) {
        problem(&c, "out of memory for checking %u blocks and %u inodes", sb->size, sb->ninodes);
        goto done;
    }
    if (img->pending.n && report)
        fprintf(report, "note: the log holds a committed transaction of %u blocks; vmsim installs it at the next "
                        "boot (checked as if installed)\n", img->pending.n);
    for (uint32_t inum = 1; inum < sb->ninodes; inum++) {
        if (!fsimage_read_inode(img, inum, &c.inodes[inum])) {
            problem(&c, "cannot read inode %u: %s", inum, img->error);
            goto done;
        }
    }
    if (c.inodes[FS_ROOT_INODE].type != FS_T_DIR) {
        problem(&c, "the root inode (%u) is not a directory", FS_ROOT_INODE);
        goto done;
    }
    for (uint32_t inum = 1; inum < sb->ninodes; inum++) {
        const struct fs_inode *inode = &c.inodes[inum];
        if (inode->type == FS_T_FREE)
            continue;
        if (inode->type > FS_T_DEV) {
            problem(&c, "inode %u: unknown type %u", inum, inode->type);
            continue;
        }
        if (inode->type != FS_T_DEV)
            check_inode_blocks(&c, inum, inode);
    }
    walk(&c, FS_ROOT_INODE, FS_ROOT_INODE, 0);
    for (uint32_t inum = 1; inum < sb->ninodes; inum++) {
        const struct fs_inode *inode = &c.inodes[inum];
        if (inode->type == FS_T_FREE || inode->type > FS_T_DEV)
            continue;
        bool reachable = inum == FS_ROOT_INODE || c.names[inum] > 0;
        if (!reachable) {
            if (inode->nlink == 0)
                continue; /* unlinked while open when the machine stopped: holds blocks, harmless */
            problem(&c, "inode %u (type %u, %u links) is in no directory", inum, inode->type, inode->nlink);
            continue;
        }
        uint32_t expected = inode->type == FS_T_DIR ? 1u + c.subdirs[inum] : c.names[inum];
        if (inode->nlink != expected)
            problem(&c, "inode %u: link count %u, but %u found", inum, inode->nlink, expected);
    }
    check_bitmap(&c);
done:
    free(c.block_owner);
    free(c.names);
    free(c.subdirs);
    free(c.seen_dir);
    free(c.inodes);
    return c.problems;
}
