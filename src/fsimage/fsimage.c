/* Disk images of the guest file system, from the host. The layout rules are the kernel's
 * (src/os/fs.c); this side adds making an image and checking one. */
#define _GNU_SOURCE
#include "fsimage/fsimage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK FS_BLOCK_SIZE

static bool fail(struct fsimage *img, const char *format, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct fsimage *img, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(img->error, sizeof img->error, format, args);
    va_end(args);
    return false;
}

/* ---- blocks ---- */

static bool raw_read(struct fsimage *img, uint32_t blockno, void *data)
{
    if ((uint64_t)(blockno + 1) * BLOCK > img->file_bytes)
        return fail(img, "block %u is past the end of the image", blockno);
    ssize_t n = pread(img->fd, data, BLOCK, (off_t)blockno * BLOCK);
    if (n != (ssize_t)BLOCK)
        return fail(img, "cannot read block %u: %s", blockno, n < 0 ? strerror(errno) : "short read");
    return true;
}

static bool raw_write(struct fsimage *img, uint32_t blockno, const void *data)
{
    if (!img->writable)
        return fail(img, "the image is open read-only");
    ssize_t n = pwrite(img->fd, data, BLOCK, (off_t)blockno * BLOCK);
    if (n != (ssize_t)BLOCK)
        return fail(img, "cannot write block %u: %s", blockno, n < 0 ? strerror(errno) : "short write");
    return true;
}

/* A block as the file system sees it: from the log when a committed transaction holds it. */
bool fsimage_read_block(struct fsimage *img, uint32_t blockno, void *data)
{
    for (uint32_t i = img->pending.n; i-- > 0;)
        if (img->pending.target[i] == blockno)
            return raw_read(img, img->sb.log_start + 1 + i, data);
    return raw_read(img, blockno, data);
}

static bool superblock_problem(const struct fs_superblock *sb, uint64_t file_bytes, char *why, size_t size)
{
    const char *problem = NULL;
    if (sb->magic != FS_MAGIC)
        problem = "no vmsim file system (bad magic number in the superblock)";
    else if (sb->version != FS_VERSION)
        problem = "unknown file-system version";
    else if ((uint64_t)sb->size * BLOCK > file_bytes)
        problem = "the superblock says the file system is larger than the image file";
    else if (sb->nlog < 2 || sb->nlog - 1 > FS_LOG_MAX_BLOCKS)
        problem = "bad log size in the superblock";
    else if (sb->ninodes <= FS_ROOT_INODE)
        problem = "too few inodes in the superblock";
    else if (sb->log_start <= FS_SUPERBLOCK_BLOCK || sb->inode_start < sb->log_start + sb->nlog ||
             sb->bitmap_start < sb->inode_start + (sb->ninodes + FS_INODES_PER_BLOCK - 1) / FS_INODES_PER_BLOCK ||
             sb->data_start < sb->bitmap_start + (sb->size + FS_BITS_PER_BLOCK - 1) / FS_BITS_PER_BLOCK ||
             sb->data_start >= sb->size)
        problem = "the regions in the superblock overlap or do not fit";
    if (problem)
        snprintf(why, size, "%s", problem);
    return problem != NULL;
}

bool fsimage_create(const char *path, uint32_t mib, char *err, size_t err_size)
{
    if (mib < 1 || mib > 2047) {
        snprintf(err, err_size, "%s: a size of %u MiB is outside 1..2047", path, mib);
        return false;
    }
    struct fs_superblock sb = {.magic = FS_MAGIC, .version = FS_VERSION};
    sb.size = mib * 1024u * 1024u / BLOCK;
    sb.ninodes = sb.size / 16 < 4096 ? (sb.size / 16 < 64 ? 64 : sb.size / 16) : 4096;
    sb.nlog = FSIMAGE_LOG_BLOCKS;
    sb.log_start = 2;
    sb.inode_start = sb.log_start + sb.nlog;
    sb.bitmap_start = sb.inode_start + (sb.ninodes + FS_INODES_PER_BLOCK - 1) / FS_INODES_PER_BLOCK;
    sb.data_start = sb.bitmap_start + (sb.size + FS_BITS_PER_BLOCK - 1) / FS_BITS_PER_BLOCK;

    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        return false;
    }
    struct fsimage img = {.fd = fd, .writable = true, .sb = sb, .file_bytes = (uint64_t)sb.size * BLOCK};
    bool ok = ftruncate(fd, (off_t)img.file_bytes) == 0;
    if (!ok)
        fail(&img, "cannot size the image: %s", strerror(errno));
    uint8_t block[BLOCK];
    memset(block, 0, sizeof block);
    memcpy(block, &sb, sizeof sb);
    ok = ok && raw_write(&img, FS_SUPERBLOCK_BLOCK, block);
    /* The bitmap: the blocks before the data area and the root's first block are in use. */
    uint32_t root_block = sb.data_start;
    for (uint32_t b = sb.bitmap_start; ok && b < sb.data_start; b++) {
        memset(block, 0, sizeof block);
        uint32_t first = (b - sb.bitmap_start) * FS_BITS_PER_BLOCK;
        for (uint32_t bit = 0; bit < FS_BITS_PER_BLOCK; bit++)
            if (first + bit <= root_block)
                block[bit / 8] |= (uint8_t)(1u << (bit % 8));
        ok = raw_write(&img, b, block);
    }
    /* The root directory: "." and "..", both itself. */
    struct fs_dirent entries[FS_DIRENTS_PER_BLOCK];
    memset(entries, 0, sizeof entries);
    entries[0].ino = entries[1].ino = FS_ROOT_INODE;
    strcpy(entries[0].name, ".");
    strcpy(entries[1].name, "..");
    ok = ok && raw_write(&img, root_block, entries);
    struct fs_inode inodes[FS_INODES_PER_BLOCK];
    memset(inodes, 0, sizeof inodes);
    inodes[FS_ROOT_INODE] = (struct fs_inode){
        .type = FS_T_DIR, .nlink = 1, .mode = 0755, .size = 2 * sizeof(struct fs_dirent), .addrs = {root_block}};
    ok = ok && raw_write(&img, sb.inode_start, inodes);
    if (close(fd) != 0 && ok)
        ok = fail(&img, "cannot close: %s", strerror(errno));
    if (!ok)
        snprintf(err, err_size, "%s: %s", path, img.error);
    return ok;
}

bool fsimage_open(struct fsimage *img, const char *path, bool writable, char *err, size_t err_size)
{
    memset(img, 0, sizeof *img);
    img->fd = open(path, writable ? O_RDWR : O_RDONLY);
    if (img->fd < 0) {
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    img->writable = writable;
    img->file_bytes = fstat(img->fd, &st) == 0 ? (uint64_t)st.st_size : 0;
    uint8_t block[BLOCK];
    char why[160];
    if (img->file_bytes < 2 * BLOCK) {
        snprintf(err, err_size, "%s: too small to hold a file system (%llu bytes)", path,
                 (unsigned long long)img->file_bytes);
    } else if (!raw_read(img, FS_SUPERBLOCK_BLOCK, block)) {
        snprintf(err, err_size, "%s: %s", path, img->error);
    } else {
        memcpy(&img->sb, block, sizeof img->sb);
        if (superblock_problem(&img->sb, img->file_bytes, why, sizeof why)) {
            snprintf(err, err_size, "%s: %s", path, why);
        } else if (!raw_read(img, img->sb.log_start, &img->pending)) {
            snprintf(err, err_size, "%s: %s", path, img->error);
        } else if (img->pending.n > img->sb.nlog - 1) {
            snprintf(err, err_size, "%s: the log header names %u blocks but the log holds %u", path,
                     img->pending.n, img->sb.nlog - 1);
        } else {
            bool targets_ok = true;
            for (uint32_t i = 0; i < img->pending.n; i++)
                targets_ok &= img->pending.target[i] < img->sb.size && img->pending.target[i] > FS_SUPERBLOCK_BLOCK;
            if (!targets_ok) {
                snprintf(err, err_size, "%s: the log names a block outside the file system", path);
            } else if (writable && img->pending.n) {
                /* Replay, as the kernel would at mount. */
                bool ok = true;
                for (uint32_t i = 0; ok && i < img->pending.n; i++)
                    ok = raw_read(img, img->sb.log_start + 1 + i, block) &&
                         raw_write(img, img->pending.target[i], block);
                img->pending.n = 0;
                if (ok && raw_write(img, img->sb.log_start, &img->pending))
                    return true;
                snprintf(err, err_size, "%s: replaying the log: %s", path, img->error);
            } else {
                return true;
            }
        }
    }
    close(img->fd);
    img->fd = -1;
    return false;
}

void fsimage_close(struct fsimage *img)
{
    if (img->fd >= 0)
        close(img->fd);
    img->fd = -1;
}

/* ---- inodes and contents ---- */

bool fsimage_read_inode(struct fsimage *img, uint32_t inum, struct fs_inode *out)
{
    if (inum == 0 || inum >= img->sb.ninodes)
        return fail(img, "inode %u is outside the inode table", inum);
    struct fs_inode block[FS_INODES_PER_BLOCK];
    if (!fsimage_read_block(img, img->sb.inode_start + inum / FS_INODES_PER_BLOCK, block))
        return false;
    *out = block[inum % FS_INODES_PER_BLOCK];
    return true;
}

static bool write_inode(struct fsimage *img, uint32_t inum, const struct fs_inode *inode)
{
    struct fs_inode block[FS_INODES_PER_BLOCK];
    uint32_t blockno = img->sb.inode_start + inum / FS_INODES_PER_BLOCK;
    if (!fsimage_read_block(img, blockno, block))
        return false;
    block[inum % FS_INODES_PER_BLOCK] = *inode;
    return raw_write(img, blockno, block);
}

static bool data_block_ok(struct fsimage *img, uint32_t blockno)
{
    return blockno >= img->sb.data_start && blockno < img->sb.size;
}

/* A free block, marked in use and zeroed; 0 with img->error when the image is full. */
static uint32_t alloc_block(struct fsimage *img)
{
    uint8_t bitmap[BLOCK];
    for (uint32_t b = img->sb.bitmap_start; b < img->sb.data_start; b++) {
        if (!fsimage_read_block(img, b, bitmap))
            return 0;
        uint32_t first = (b - img->sb.bitmap_start) * FS_BITS_PER_BLOCK;
        for (uint32_t bit = 0; bit < FS_BITS_PER_BLOCK && first + bit < img->sb.size; bit++) {
            if (first + bit < img->sb.data_start || (bitmap[bit / 8] & (1u << (bit % 8))))
                continue;
            bitmap[bit / 8] |= (uint8_t)(1u << (bit % 8));
            uint8_t zeros[BLOCK] = {0};
            if (!raw_write(img, b, bitmap) || !raw_write(img, first + bit, zeros))
                return 0;
            return first + bit;
        }
    }
    fail(img, "the image is full (no free block)");
    return 0;
}

static bool free_block(struct fsimage *img, uint32_t blockno)
{
    uint8_t bitmap[BLOCK];
    uint32_t b = img->sb.bitmap_start + blockno / FS_BITS_PER_BLOCK;
    if (!data_block_ok(img, blockno) || !fsimage_read_block(img, b, bitmap))
        return data_block_ok(img, blockno) ? false : fail(img, "block %u is not a data block", blockno);
    uint32_t bit = blockno % FS_BITS_PER_BLOCK;
    bitmap[bit / 8] &= (uint8_t) ~(1u << (bit % 8));
    return raw_write(img, b, bitmap);
}

/* Entry `index` of the block table at `table`, made if alloc; 0 for none (or failure,
 * with img->error set). */
static uint32_t table_entry(struct fsimage *img, uint32_t table, uint32_t index, bool alloc)
{
    uint32_t entries[FS_NINDIRECT];
    if (!data_block_ok(img, table)) {
        fail(img, "a block pointer (%u) points outside the data area", table);
        return 0;
    }
    if (!fsimage_read_block(img, table, entries))
        return 0;
    if (!entries[index] && alloc) {
        entries[index] = alloc_block(img);
        if (!entries[index] || !raw_write(img, table, entries))
            return 0;
    }
    return entries[index];
}

/* The disk block of file block n; with alloc, made if missing (the inode may change:
 * the caller writes it back). */
static uint32_t block_of(struct fsimage *img, struct fs_inode *inode, uint32_t n, bool alloc)
{
    uint32_t *slot = n < FS_NDIRECT ? &inode->addrs[n]
                     : n - FS_NDIRECT < FS_NINDIRECT ? &inode->addrs[FS_INDIRECT]
                                                     : &inode->addrs[FS_DOUBLE_INDIRECT];
    if (!*slot && (!alloc || (*slot = alloc_block(img)) == 0))
        return 0;
    if (n < FS_NDIRECT)
        return *slot;
    n -= FS_NDIRECT;
    if (n < FS_NINDIRECT)
        return table_entry(img, *slot, n, alloc);
    n -= FS_NINDIRECT;
    if (n >= FS_NINDIRECT * FS_NINDIRECT) {
        fail(img, "file block beyond the largest file");
        return 0;
    }
    uint32_t middle = table_entry(img, *slot, n / FS_NINDIRECT, alloc);
    return middle ? table_entry(img, middle, n % FS_NINDIRECT, alloc) : 0;
}

static bool read_contents(struct fsimage *img, const struct fs_inode *inode, uint8_t *out)
{
    struct fs_inode copy = *inode;
    uint8_t block[BLOCK];
    for (uint32_t off = 0; off < inode->size; off += BLOCK) {
        img->error[0] = '\0';
        uint32_t blockno = block_of(img, &copy, off / BLOCK, false);
        if (!blockno && img->error[0])
            return false;
        if (blockno && !data_block_ok(img, blockno))
            return fail(img, "a block pointer (%u) points outside the data area", blockno);
        if (blockno && !fsimage_read_block(img, blockno, block))
            return false;
        if (!blockno)
            memset(block, 0, sizeof block); /* a hole */
        uint32_t n = inode->size - off < BLOCK ? inode->size - off : BLOCK;
        memcpy(out + off, block, n);
    }
    return true;
}

static bool write_contents(struct fsimage *img, struct fs_inode *inode, const uint8_t *data, uint32_t size)
{
    if ((uint64_t)size > (uint64_t)FS_MAX_FILE_BLOCKS * BLOCK)
        return fail(img, "a file of %u bytes is larger than the file system allows", size);
    uint8_t block[BLOCK];
    for (uint32_t off = 0; off < size; off += BLOCK) {
        uint32_t blockno = block_of(img, inode, off / BLOCK, true);
        if (!blockno)
            return false;
        uint32_t n = size - off < BLOCK ? size - off : BLOCK;
        memset(block, 0, sizeof block);
        memcpy(block, data + off, n);
        if (!raw_write(img, blockno, block))
            return false;
    }
    inode->size = size;
    return true;
}

static bool free_table(struct fsimage *img, uint32_t table, int depth)
{
    uint32_t entries[FS_NINDIRECT];
    if (!data_block_ok(img, table) || !fsimage_read_block(img, table, entries))
        return fail(img, "a block table (%u) is unreadable or outside the data area", table);
    for (uint32_t i = 0; i < FS_NINDIRECT; i++)
        if (entries[i] && !(depth > 1 ? free_table(img, entries[i], depth - 1) : free_block(img, entries[i])))
            return false;
    return free_block(img, table);
}

static bool truncate_contents(struct fsimage *img, struct fs_inode *inode)
{
    for (uint32_t i = 0; i < FS_NDIRECT; i++)
        if (inode->addrs[i] && !free_block(img, inode->addrs[i]))
            return false;
    if (inode->addrs[FS_INDIRECT] && !free_table(img, inode->addrs[FS_INDIRECT], 1))
        return false;
    if (inode->addrs[FS_DOUBLE_INDIRECT] && !free_table(img, inode->addrs[FS_DOUBLE_INDIRECT], 2))
        return false;
    memset(inode->addrs, 0, sizeof inode->addrs);
    inode->size = 0;
    return true;
}

uint8_t *fsimage_read_contents(struct fsimage *img, const struct fs_inode *inode, uint32_t *size)
{
    if ((uint64_t)inode->size > (uint64_t)FS_MAX_FILE_BLOCKS * BLOCK) {
        fail(img, "the inode's size (%u) is larger than any file can be", inode->size);
        return NULL;
    }
    uint8_t *data = malloc(inode->size ? inode->size : 1);
    if (!data) {
        fail(img, "out of memory");
        return NULL;
    }
    if (!read_contents(img, inode, data)) {
        free(data);
        return NULL;
    }
    *size = inode->size;
    return data;
}

/* ---- directories and paths ---- */

/* The whole directory, malloc'd, with its entry count. */
static struct fs_dirent *read_directory(struct fsimage *img, uint32_t inum, uint32_t *count)
{
    struct fs_inode inode;
    if (!fsimage_read_inode(img, inum, &inode))
        return NULL;
    if (inode.type != FS_T_DIR) {
        fail(img, "inode %u is not a directory", inum);
        return NULL;
    }
    if (inode.size % sizeof(struct fs_dirent) || (uint64_t)inode.size > (uint64_t)FS_MAX_FILE_BLOCKS * BLOCK) {
        fail(img, "directory inode %u has a size (%u) that is not whole entries", inum, inode.size);
        return NULL;
    }
    struct fs_dirent *entries = malloc(inode.size ? inode.size : 1);
    if (!entries) {
        fail(img, "out of memory");
        return NULL;
    }
    if (!read_contents(img, &inode, (uint8_t *)entries)) {
        free(entries);
        return NULL;
    }
    *count = inode.size / sizeof(struct fs_dirent);
    return entries;
}

static uint32_t dir_find(struct fsimage *img, uint32_t dir, const char *name)
{
    uint32_t count;
    struct fs_dirent *entries = read_directory(img, dir, &count);
    if (!entries)
        return 0;
    uint32_t found = 0;
    for (uint32_t i = 0; i < count && !found; i++)
        if (entries[i].ino && strncmp(entries[i].name, name, FS_NAME_MAX + 1) == 0)
            found = entries[i].ino;
    free(entries);
    if (!found)
        fail(img, "no '%s' in the directory", name);
    return found;
}

/* Splits the next component off *path; false at the end. */
static bool next_name(const char **path, char *name, struct fsimage *img, bool *bad)
{
    const char *p = *path;
    while (*p == '/')
        p++;
    if (!*p)
        return false;
    size_t n = strcspn(p, "/");
    if (n > FS_NAME_MAX) {
        *bad = true;
        fail(img, "the name '%.*s' is longer than %d characters", (int)n, p, FS_NAME_MAX);
        return false;
    }
    memcpy(name, p, n);
    name[n] = '\0';
    *path = p + n;
    return true;
}

uint32_t fsimage_lookup(struct fsimage *img, const char *path)
{
    uint32_t inum = FS_ROOT_INODE;
    char name[FS_NAME_MAX + 1];
    bool bad = false;
    while (next_name(&path, name, img, &bad)) {
        uint32_t next = dir_find(img, inum, name);
        if (!next)
            return 0;
        inum = next;
    }
    return bad ? 0 : inum;
}

/* Adds name -> inum to directory dir (a free slot, or at the end). */
static bool dir_add(struct fsimage *img, uint32_t dir, const char *name, uint32_t inum)
{
    struct fs_inode inode;
    uint32_t count;
    struct fs_dirent *entries = read_directory(img, dir, &count);
    if (!entries || !fsimage_read_inode(img, dir, &inode)) {
        free(entries);
        return false;
    }
    uint32_t slot = count;
    for (uint32_t i = 0; i < count; i++)
        if (!entries[i].ino) {
            slot = i;
            break;
        }
    struct fs_dirent *grown = slot == count ? realloc(entries, (count + 1) * sizeof *entries) : entries;
    if (!grown) {
        free(entries);
        return fail(img, "out of memory");
    }
    entries = grown;
    memset(&entries[slot], 0, sizeof entries[slot]);
    entries[slot].ino = inum;
    memcpy(entries[slot].name, name, strnlen(name, FS_NAME_MAX));
    uint32_t new_count = slot == count ? count + 1 : count;
    bool ok = write_contents(img, &inode, (const uint8_t *)entries, new_count * (uint32_t)sizeof *entries) &&
              write_inode(img, dir, &inode);
    free(entries);
    return ok;
}

static uint32_t alloc_inode(struct fsimage *img, const struct fs_inode *init)
{
    for (uint32_t inum = FS_ROOT_INODE + 1; inum < img->sb.ninodes; inum++) {
        struct fs_inode inode;
        if (!fsimage_read_inode(img, inum, &inode))
            return 0;
        if (inode.type == FS_T_FREE)
            return write_inode(img, inum, init) ? inum : 0;
    }
    fail(img, "the image has no free inode");
    return 0;
}

/* The directory holding path's last component (its name into `name`). */
static uint32_t parent_of(struct fsimage *img, const char *path, char *name)
{
    uint32_t dir = FS_ROOT_INODE;
    bool bad = false;
    if (!next_name(&path, name, img, &bad)) {
        if (!bad)
            fail(img, "the path names the root directory");
        return 0;
    }
    char next[FS_NAME_MAX + 1];
    while (next_name(&path, next, img, &bad)) {
        dir = dir_find(img, dir, name);
        if (!dir)
            return 0;
        memcpy(name, next, sizeof next);
    }
    return bad ? 0 : dir;
}

static uint32_t make_node(struct fsimage *img, const char *path, const struct fs_inode *init)
{
    char name[FS_NAME_MAX + 1];
    uint32_t dir = parent_of(img, path, name);
    if (!dir)
        return 0;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        fail(img, "'%s' cannot be made", name);
        return 0;
    }
    uint32_t inum = alloc_inode(img, init);
    if (!inum || !dir_add(img, dir, name, inum))
        return 0;
    if (init->type == FS_T_DIR) {
        struct fs_dirent dots[2];
        memset(dots, 0, sizeof dots);
        dots[0].ino = inum;
        strcpy(dots[0].name, ".");
        dots[1].ino = dir;
        strcpy(dots[1].name, "..");
        struct fs_inode inode = *init, parent;
        if (!write_contents(img, &inode, (const uint8_t *)dots, sizeof dots) || !write_inode(img, inum, &inode) ||
            !fsimage_read_inode(img, dir, &parent))
            return 0;
        parent.nlink++;
        if (!write_inode(img, dir, &parent))
            return 0;
    }
    return inum;
}

bool fsimage_mkdir(struct fsimage *img, const char *path, uint16_t uid, uint16_t mode)
{
    /* Each prefix in turn, so that missing parents are made too. */
    char prefix[1024];
    if (strlen(path) >= sizeof prefix)
        return fail(img, "the path is too long");
    for (size_t i = 1; i <= strlen(path); i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        memcpy(prefix, path, i);
        prefix[i] = '\0';
        uint32_t inum = fsimage_lookup(img, prefix);
        if (inum) {
            struct fs_inode inode = {0};
            if (!fsimage_read_inode(img, inum, &inode))
                return false;
            if (inode.type != FS_T_DIR)
                return fail(img, "%s exists and is not a directory", prefix);
            continue;
        }
        struct fs_inode init = {.type = FS_T_DIR, .nlink = 1, .uid = uid, .mode = mode};
        if (!make_node(img, prefix, &init))
            return false;
    }
    return true;
}

bool fsimage_write_file(struct fsimage *img, const char *path, const void *data, uint32_t size, uint16_t uid,
                        uint16_t mode)
{
    uint32_t inum = fsimage_lookup(img, path);
    struct fs_inode inode;
    if (inum) {
        if (!fsimage_read_inode(img, inum, &inode))
            return false;
        if (inode.type != FS_T_FILE)
            return fail(img, "%s exists and is not a file", path);
        if (!truncate_contents(img, &inode))
            return false;
    } else {
        inode = (struct fs_inode){.type = FS_T_FILE, .nlink = 1, .uid = uid, .mode = mode};
        inum = make_node(img, path, &inode);
        if (!inum)
            return false;
    }
    return write_contents(img, &inode, data, size) && write_inode(img, inum, &inode);
}

bool fsimage_mknod(struct fsimage *img, const char *path, uint32_t major)
{
    if (fsimage_lookup(img, path))
        return true;
    struct fs_inode init = {.type = FS_T_DEV, .nlink = 1, .mode = 0666, .addrs = {major}};
    return make_node(img, path, &init) != 0;
}

uint8_t *fsimage_read_file(struct fsimage *img, const char *path, uint32_t *size)
{
    uint32_t inum = fsimage_lookup(img, path);
    struct fs_inode inode;
    if (!inum || !fsimage_read_inode(img, inum, &inode))
        return NULL;
    if (inode.type != FS_T_FILE) {
        fail(img, "%s is not a file", path);
        return NULL;
    }
    return fsimage_read_contents(img, &inode, size);
}

bool fsimage_list(struct fsimage *img, const char *path,
                  void (*visit)(void *opaque, const char *name, uint32_t inum, const struct fs_inode *inode),
                  void *opaque)
{
    uint32_t dir = fsimage_lookup(img, path);
    uint32_t count;
    struct fs_dirent *entries = dir ? read_directory(img, dir, &count) : NULL;
    if (!entries)
        return false;
    bool ok = true;
    for (uint32_t i = 0; i < count && ok; i++) {
        if (!entries[i].ino || strcmp(entries[i].name, ".") == 0 || strcmp(entries[i].name, "..") == 0)
            continue;
        char name[FS_NAME_MAX + 1];
        memcpy(name, entries[i].name, FS_NAME_MAX);
        name[FS_NAME_MAX] = '\0';
        struct fs_inode inode;
        ok = fsimage_read_inode(img, entries[i].ino, &inode);
        if (ok)
            visit(opaque, name, entries[i].ino, &inode);
    }
    free(entries);
    return ok;
}
