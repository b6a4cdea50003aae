/* The file system: inodes, block allocation, file contents, directories and path names.
 * The layout on the disk is drawn in abi/fs_format.h; docs/os.md tells the story.
 *
 * No locks (see bio.c): a file-system call runs to its end before any other thread runs.
 * The inode table is a cache of on-disk inodes with reference counts; a process's open
 * files, its current directory and the program it runs each hold a reference. An entry
 * nobody references stays valid until iget reuses its slot, so the times kept in memory
 * (abi/stat.h) outlive a close; every change to an on-disk inode goes through its entry. */
#include "fs.h"

#include "abi/errno.h"
#include "abi/fcntl.h"
#include "bio.h"
#include "boot_args.h"
#include "clock.h"
#include "log.h"
#include "printf.h"
#include "proc.h"
#include "string.h"
#include "uaccess.h"
#include "virtio_disk.h"

/* Enough that iget cannot run out: at most one inode for each open file (NFILE, 128),
 * each process's current directory and program (NPROC each, 96), and the few one call
 * holds while it walks a path. */
#define NINODE 336

static struct fs_superblock sb;
static bool mounted;
static struct inode inodes[NINODE];

static bool superblock_is_sane(uint64_t disk_blocks)
{
    return sb.magic == FS_MAGIC && sb.version == FS_VERSION && sb.size <= disk_blocks && sb.nlog >= 2 &&
           sb.ninodes > FS_ROOT_INODE && sb.log_start > FS_SUPERBLOCK_BLOCK &&
           sb.inode_start >= sb.log_start + sb.nlog &&
           sb.bitmap_start >= sb.inode_start + (sb.ninodes + FS_INODES_PER_BLOCK - 1) / FS_INODES_PER_BLOCK &&
           sb.data_start >= sb.bitmap_start + (sb.size + FS_BITS_PER_BLOCK - 1) / FS_BITS_PER_BLOCK &&
           sb.data_start < sb.size;
}

static void reclaim_unlinked_files(void);
static struct buf *inode_block(uint32_t inum, struct fs_inode **d);
static struct inode *iget(uint32_t inum);

bool fs_mount(void)
{
    if (!disk_init())
        return false;
    struct buf *b = bread(FS_SUPERBLOCK_BLOCK);
    memcpy(&sb, b->data, sizeof sb);
    brelse(b);
    if (!superblock_is_sane(disk_sectors() / FS_SECTORS_PER_BLOCK)) {
        kprintf("fs: the disk holds no vmsim file system (make one with vmsim-fs); not mounting\n");
        return false;
    }
    if (sb.nlog - 1 < 3 * FS_WRITE_CHUNK / FS_BLOCK_SIZE) {
        kprintf("fs: the log (%u blocks) is too small for this kernel; not mounting\n", (unsigned)sb.nlog);
        return false;
    }
    log_init(&sb);
    mounted = true;
    reclaim_unlinked_files();
    if (!boot_quiet)
        kprintf("fs: %u KiB, %u inodes, log %u blocks\n", (unsigned)sb.size, (unsigned)sb.ninodes,
            (unsigned)sb.nlog);
    return true;
}

/* Frees the files that were unlinked while still open when the machine stopped (nlink 0,
 * still allocated), the way Unix file systems reclaim orphans at mount. */
static void reclaim_unlinked_files(void)
{
    for (uint32_t inum = FS_ROOT_INODE + 1; inum < sb.ninodes; inum++) {
        struct fs_inode *d;
        struct buf *b = inode_block(inum, &d);
        bool orphan = d->type == FS_T_FILE && d->nlink == 0;
        brelse(b);
        if (orphan)
            iput(iget(inum)); /* the last reference to an unnamed inode frees it */
    }
}

bool fs_mounted(void)
{
    return mounted;
}

uint32_t fs_size_blocks(void)
{
    return mounted ? sb.size : 0;
}

/* ---- blocks ---- */

static void zero_block(uint32_t blockno)
{
    struct buf *b = bread(blockno);
    memset(b->data, 0, FS_BLOCK_SIZE);
    log_write(b);
    brelse(b);
}

/* Where the next search for a free block starts: after the block found last (next fit),
 * so that filling the disk reads the bitmap once rather than once per block. */
static uint32_t balloc_next;

/* A zeroed free data block, marked in use; 0 when the disk is full. */
static uint32_t balloc(void)
{
    uint32_t start = balloc_next < sb.size ? balloc_next : 0;
    for (uint32_t looked = 0; looked < sb.size;) {
        uint32_t first = (start + looked) % sb.size;
        uint32_t base = first - first % FS_BITS_PER_BLOCK;
        struct buf *b = bread(sb.bitmap_start + base / FS_BITS_PER_BLOCK);
        for (uint32_t bit = first - base; bit < FS_BITS_PER_BLOCK && base + bit < sb.size && looked < sb.size;
             bit++, looked++) {
            uint8_t mask = (uint8_t)(1u << (bit % 8));
            if (base + bit < sb.data_start || (b->data[bit / 8] & mask))
                continue;
            b->data[bit / 8] |= mask;
            log_write(b);
            brelse(b);
            zero_block(base + bit);
            balloc_next = base + bit + 1;
            return base + bit;
        }
        brelse(b);
    }
    return 0;
}

static void bfree(uint32_t blockno)
{
    if (blockno < sb.data_start || blockno >= sb.size)
        panic("bfree: block %u is not a data block", (unsigned)blockno);
    struct buf *b = bread(sb.bitmap_start + blockno / FS_BITS_PER_BLOCK);
    uint32_t bit = blockno % FS_BITS_PER_BLOCK;
    b->data[bit / 8] &= (uint8_t) ~(1u << (bit % 8));
    log_write(b);
    brelse(b);
}

/* ---- inodes ---- */

static struct buf *inode_block(uint32_t inum, struct fs_inode **d)
{
    struct buf *b = bread(sb.inode_start + inum / FS_INODES_PER_BLOCK);
    *d = (struct fs_inode *)b->data + inum % FS_INODES_PER_BLOCK;
    return b;
}

/* Writes the in-memory copy of the inode to its block (in the transaction). */
static void iupdate(struct inode *ip)
{
    struct fs_inode *d;
    struct buf *b = inode_block(ip->inum, &d);
    *d = ip->d;
    log_write(b);
    brelse(b);
}

/* Slots nobody references are reused round-robin, so a recently used inode keeps its
 * cached copy (and its times) a while. */
static int next_victim;

static struct inode *iget(uint32_t inum)
{
    for (int i = 0; i < NINODE; i++) {
        if (inodes[i].inum == inum && (inodes[i].refs > 0 || inodes[i].d.type != FS_T_FREE)) {
            inodes[i].refs++;
            return &inodes[i];
        }
    }
    struct inode *empty = NULL;
    for (int n = 0; n < NINODE && !empty; n++) {
        struct inode *candidate = &inodes[(next_victim + n) % NINODE];
        if (candidate->refs == 0)
            empty = candidate;
    }
    if (!empty)
        panic("iget: the inode table is full (NINODE is too small)");
    next_victim = (int)(empty - inodes + 1) % NINODE;
    struct fs_inode *d;
    struct buf *b = inode_block(inum, &d);
    empty->d = *d;
    brelse(b);
    empty->inum = inum;
    empty->refs = 1;
    empty->writers = empty->runners = 0;
    empty->atime = empty->mtime = empty->ctime = 0;
    return empty;
}

int fs_caller_uid(void)
{
    struct proc *p = current_proc();
    return p ? p->uid : 0;
}

bool inode_permitted(const struct inode *ip, int uid, uint32_t want)
{
    uint32_t mode = ip->d.mode;
    if (uid == 0) {
        /* Root reads and writes anything, and searches any directory, but runs only a
         * file that someone may run. */
        return !(want & ACCESS_X) || ip->d.type == FS_T_DIR || (mode & 0111) != 0;
    }
    uint32_t granted = uid == ip->d.uid ? (mode >> 6) & 7 : mode & 7; /* no groups */
    return (want & granted) == want;
}

void inode_touch_contents(struct inode *ip)
{
    ip->mtime = ip->ctime = clock_now();
}

void inode_touch_inode(struct inode *ip)
{
    ip->ctime = clock_now();
}

struct inode *fs_root(void)
{
    return iget(FS_ROOT_INODE);
}

struct inode *idup(struct inode *ip)
{
    ip->refs++;
    return ip;
}

/* Writers and runners exclude each other: counts one more of *count unless other has any. */
static int count_exclusive_use(int *count, int other)
{
    if (other > 0)
        return -ETXTBSY;
    (*count)++;
    return 0;
}

int inode_add_writer(struct inode *ip)
{
    return count_exclusive_use(&ip->writers, ip->runners);
}

void inode_remove_writer(struct inode *ip)
{
    ip->writers--;
}

int inode_add_runner(struct inode *ip)
{
    return count_exclusive_use(&ip->runners, ip->writers);
}

void inode_remove_runner(struct inode *ip)
{
    ip->runners--;
}

/* A free inode of the given type and permission bits, with one reference; NULL when none
 * is left. */
static struct inode *ialloc(uint16_t type, uint16_t mode)
{
    for (uint32_t inum = FS_ROOT_INODE + 1; inum < sb.ninodes; inum++) {
        struct fs_inode *d;
        struct buf *b = inode_block(inum, &d);
        if (d->type == FS_T_FREE) {
            memset(d, 0, sizeof *d);
            d->type = type;
            d->uid = (uint16_t)current_proc()->uid;
            d->mode = mode;
            log_write(b);
            brelse(b);
            struct inode *ip = iget(inum);
            ip->atime = ip->mtime = ip->ctime = clock_now();
            return ip;
        }
        brelse(b);
    }
    return NULL;
}

void iput(struct inode *ip)
{
    if (ip->refs == 1 && ip->d.nlink == 0 && ip->d.type != FS_T_FREE) {
        begin_op();
        itrunc(ip);
        ip->d.type = FS_T_FREE;
        iupdate(ip);
        end_op();
    }
    ip->refs--;
}

/* ---- file contents ---- */

/* Entry index of block table `table`, allocated if asked; 0 for a hole or a full disk. */
static uint32_t table_entry(uint32_t table, uint32_t index, bool alloc)
{
    struct buf *b = bread(table);
    uint32_t *entries = (uint32_t *)b->data;
    uint32_t blockno = entries[index];
    if (!blockno && alloc && (blockno = balloc()) != 0) {
        entries[index] = blockno;
        log_write(b);
    }
    brelse(b);
    return blockno;
}

/* The disk block holding block n of the file; with alloc, made if missing (0 when the
 * disk is full); without, 0 for a hole. */
static uint32_t bmap(struct inode *ip, uint32_t n, bool alloc)
{
    uint32_t *slot;
    if (n < FS_NDIRECT) {
        slot = &ip->d.addrs[n];
    } else if (n - FS_NDIRECT < FS_NINDIRECT) {
        slot = &ip->d.addrs[FS_INDIRECT];
    } else {
        slot = &ip->d.addrs[FS_DOUBLE_INDIRECT];
    }
    if (!*slot) {
        if (!alloc || (*slot = balloc()) == 0)
            return 0;
        iupdate(ip);
    }
    if (n < FS_NDIRECT)
        return *slot;
    n -= FS_NDIRECT;
    if (n < FS_NINDIRECT)
        return table_entry(*slot, n, alloc);
    n -= FS_NINDIRECT;
    uint32_t middle = table_entry(*slot, n / FS_NINDIRECT, alloc);
    return middle ? table_entry(middle, n % FS_NINDIRECT, alloc) : 0;
}

static void free_table(uint32_t table, int depth)
{
    struct buf *b = bread(table);
    uint32_t entries[FS_NINDIRECT];
    memcpy(entries, b->data, sizeof entries);
    brelse(b);
    for (uint32_t i = 0; i < FS_NINDIRECT; i++) {
        if (!entries[i])
            continue;
        if (depth > 1)
            free_table(entries[i], depth - 1);
        else
            bfree(entries[i]);
    }
    bfree(table);
}

void itrunc(struct inode *ip)
{
    for (uint32_t i = 0; i < FS_NDIRECT; i++)
        if (ip->d.addrs[i])
            bfree(ip->d.addrs[i]);
    if (ip->d.addrs[FS_INDIRECT])
        free_table(ip->d.addrs[FS_INDIRECT], 1);
    if (ip->d.addrs[FS_DOUBLE_INDIRECT])
        free_table(ip->d.addrs[FS_DOUBLE_INDIRECT], 2);
    memset(ip->d.addrs, 0, sizeof ip->d.addrs);
    ip->d.size = 0;
    inode_touch_contents(ip);
    iupdate(ip);
}

static int copy_out(bool user, uint32_t dst, const void *src, uint32_t n)
{
    if (!user) {
        memcpy((void *)dst, src, n);
        return 0;
    }
    return copy_to_user(&current_proc()->as, dst, src, n) < 0 ? -EFAULT : 0;
}

static int copy_in(bool user, void *dst, uint32_t src, uint32_t n)
{
    if (!user) {
        memcpy(dst, (const void *)src, n);
        return 0;
    }
    return copy_from_user(&current_proc()->as, dst, src, n) < 0 ? -EFAULT : 0;
}

int readi(struct inode *ip, bool user_dst, uint32_t dst, uint32_t off, uint32_t n)
{
    if (off >= ip->d.size)
        return 0;
    if (n > ip->d.size - off)
        n = ip->d.size - off;
    static const uint8_t zeros[FS_BLOCK_SIZE];
    uint32_t done = 0;
    while (done < n) {
        uint32_t in_block = (off + done) % FS_BLOCK_SIZE;
        uint32_t m = FS_BLOCK_SIZE - in_block < n - done ? FS_BLOCK_SIZE - in_block : n - done;
        uint32_t blockno = bmap(ip, (off + done) / FS_BLOCK_SIZE, false);
        int error;
        if (!blockno) {
            error = copy_out(user_dst, dst + done, zeros, m); /* a hole */
        } else {
            struct buf *b = bread(blockno);
            error = copy_out(user_dst, dst + done, b->data + in_block, m);
            brelse(b);
        }
        if (error < 0)
            return done ? (int)done : error;
        done += m;
    }
    if (user_dst)
        ip->atime = clock_now(); /* a program read it (not the kernel walking a path) */
    return (int)done;
}

int writei(struct inode *ip, bool user_src, uint32_t src, uint32_t off, uint32_t n)
{
    if (n > FS_WRITE_CHUNK)
        panic("writei: %u bytes in one transaction", (unsigned)n);
    if ((uint64_t)off + n > (uint64_t)FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE)
        return -EFBIG;
    uint32_t done = 0;
    int error = 0;
    while (done < n) {
        uint32_t in_block = (off + done) % FS_BLOCK_SIZE;
        uint32_t m = FS_BLOCK_SIZE - in_block < n - done ? FS_BLOCK_SIZE - in_block : n - done;
        uint32_t blockno = bmap(ip, (off + done) / FS_BLOCK_SIZE, true);
        if (!blockno) {
            error = -ENOSPC;
            break;
        }
        struct buf *b = bread(blockno);
        error = copy_in(user_src, b->data + in_block, src + done, m);
        if (error == 0)
            log_write(b);
        brelse(b);
        if (error < 0)
            break;
        done += m;
    }
    if (done > 0)
        inode_touch_contents(ip);
    if (off + done > ip->d.size) {
        ip->d.size = off + done;
        iupdate(ip);
    }
    return done ? (int)done : error;
}

/* Blocks in use by a block table of the given depth (1: it lists data blocks), itself
 * included. */
static uint32_t table_blocks(uint32_t table, int depth)
{
    struct buf *b = bread(table);
    uint32_t entries[FS_NINDIRECT];
    memcpy(entries, b->data, sizeof entries);
    brelse(b);
    uint32_t count = 1;
    for (uint32_t i = 0; i < FS_NINDIRECT; i++)
        if (entries[i])
            count += depth > 1 ? table_blocks(entries[i], depth - 1) : 1;
    return count;
}

static uint32_t inode_blocks(const struct inode *ip)
{
    if (ip->d.type == FS_T_DEV)
        return 0; /* addrs[0] is its major number */
    uint32_t count = 0;
    for (uint32_t i = 0; i < FS_NDIRECT; i++)
        count += ip->d.addrs[i] != 0;
    if (ip->d.addrs[FS_INDIRECT])
        count += table_blocks(ip->d.addrs[FS_INDIRECT], 1);
    if (ip->d.addrs[FS_DOUBLE_INDIRECT])
        count += table_blocks(ip->d.addrs[FS_DOUBLE_INDIRECT], 2);
    return count;
}

uint32_t inode_type_mode(uint16_t type)
{
    switch (type) {
    case FS_T_DIR: return S_IFDIR;
    case FS_T_DEV: return S_IFCHR;
    default: return S_IFREG;
    }
}

void stati(const struct inode *ip, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = 1;
    st->st_ino = ip->inum;
    st->st_mode = inode_type_mode(ip->d.type) | (ip->d.mode & 07777u);
    st->st_nlink = ip->d.nlink;
    st->st_uid = ip->d.uid;
    st->st_size = ip->d.size;
    st->st_blksize = FS_BLOCK_SIZE;
    st->st_blocks = inode_blocks(ip) * (FS_BLOCK_SIZE / 512u);
    struct kernel_timespec a = clock_timespec(ip->atime), m = clock_timespec(ip->mtime),
                           c = clock_timespec(ip->ctime);
    st->st_atime_sec = a.tv_sec;
    st->st_atime_nsec = (uint32_t)a.tv_nsec;
    st->st_mtime_sec = m.tv_sec;
    st->st_mtime_nsec = (uint32_t)m.tv_nsec;
    st->st_ctime_sec = c.tv_sec;
    st->st_ctime_nsec = (uint32_t)c.tv_nsec;
}

/* ---- directories ---- */

static bool name_equal(const char *name, const struct fs_dirent *e)
{
    return strncmp(name, e->name, FS_NAME_MAX + 1) == 0;
}

/* The entry called name in directory dp (its offset in *offset), or NULL. */
static struct inode *dir_lookup(struct inode *dp, const char *name, uint32_t *offset)
{
    struct fs_dirent e;
    for (uint32_t off = 0; off + sizeof e <= dp->d.size; off += sizeof e) {
        if (readi(dp, false, (uint32_t)&e, off, sizeof e) != sizeof e)
            panic("dir_lookup: cannot read directory %u", (unsigned)dp->inum);
        if (e.ino && name_equal(name, &e)) {
            if (offset)
                *offset = off;
            return iget(e.ino);
        }
    }
    return NULL;
}

/* Adds the entry name -> inum to dp (in a free slot or at the end). */
static int dir_link(struct inode *dp, const char *name, uint32_t inum)
{
    struct fs_dirent e;
    uint32_t off;
    for (off = 0; off + sizeof e <= dp->d.size; off += sizeof e) {
        readi(dp, false, (uint32_t)&e, off, sizeof e);
        if (!e.ino)
            break;
    }
    memset(&e, 0, sizeof e);
    strlcpy(e.name, name, sizeof e.name);
    e.ino = inum;
    return writei(dp, false, (uint32_t)&e, off, sizeof e) == sizeof e ? 0 : -ENOSPC;
}

static bool dir_is_empty(struct inode *dp)
{
    struct fs_dirent e;
    for (uint32_t off = 2 * sizeof e; off + sizeof e <= dp->d.size; off += sizeof e) {
        readi(dp, false, (uint32_t)&e, off, sizeof e);
        if (e.ino)
            return false;
    }
    return true;
}

/* ---- path names ---- */

/* Copies the next component of *path into name and advances past it; 0 at the end,
 * -ENAMETOOLONG for a component longer than FS_NAME_MAX, else 1. */
static int next_component(const char **path, char *name)
{
    const char *p = *path;
    while (*p == '/')
        p++;
    if (!*p)
        return 0;
    const char *start = p;
    while (*p && *p != '/')
        p++;
    uint32_t length = (uint32_t)(p - start);
    if (length > FS_NAME_MAX)
        return -ENAMETOOLONG;
    memcpy(name, start, length);
    name[length] = '\0';
    while (*p == '/')
        p++;
    *path = p;
    return 1;
}

static struct inode *walk(const char *path, bool parent, char *name, int *error)
{
    if (!mounted) {
        *error = -ENOENT;
        return NULL;
    }
    struct proc *p = current_proc();
    struct inode *ip = (*path == '/' || !p || !p->cwd) ? fs_root() : idup(p->cwd);
    int more;
    while ((more = next_component(&path, name)) > 0) {
        if (ip->d.type != FS_T_DIR) {
            iput(ip);
            *error = -ENOTDIR;
            return NULL;
        }
        if (parent && *path == '\0')
            return ip; /* stop one early: name holds the last component */
        if (!inode_permitted(ip, fs_caller_uid(), ACCESS_X)) {
            iput(ip);
            *error = -EACCES;
            return NULL;
        }
        struct inode *next = dir_lookup(ip, name, NULL);
        iput(ip);
        if (!next) {
            *error = -ENOENT;
            return NULL;
        }
        ip = next;
    }
    if (more < 0 || parent) { /* a bad name, or a parent asked of "/" */
        iput(ip);
        *error = more < 0 ? more : -EINVAL;
        return NULL;
    }
    return ip;
}

struct inode *namei(const char *path, int *error)
{
    char name[FS_NAME_MAX + 1];
    return walk(path, false, name, error);
}

struct inode *nameiparent(const char *path, char *name, int *error)
{
    return walk(path, true, name, error);
}

struct inode *fs_create(const char *path, uint16_t type, uint32_t major, uint32_t mode, bool *created,
                        int *error)
{
    char name[FS_NAME_MAX + 1];
    *created = false;
    struct inode *dp = nameiparent(path, name, error);
    if (!dp)
        return NULL;
    if (!inode_permitted(dp, fs_caller_uid(), ACCESS_X)) {
        iput(dp);
        *error = -EACCES;
        return NULL;
    }
    if (dp->d.nlink == 0) {
        /* A removed directory (still someone's cwd): a name made in it would be lost with
         * it and leave an inode in use that no directory names. */
        iput(dp);
        *error = -ENOENT;
        return NULL;
    }
    begin_op();
    struct inode *ip = dir_lookup(dp, name, NULL);
    if (ip) {
        iput(dp);
        end_op();
        if (type == FS_T_FILE && (ip->d.type == FS_T_FILE || ip->d.type == FS_T_DEV))
            return ip;
        iput(ip);
        *error = -EEXIST;
        return NULL;
    }
    if (!inode_permitted(dp, fs_caller_uid(), ACCESS_W)) {
        iput(dp);
        end_op();
        *error = -EACCES;
        return NULL;
    }
    ip = ialloc(type, (uint16_t)(mode & 07777));
    if (!ip) {
        iput(dp);
        end_op();
        *error = -ENOSPC;
        return NULL;
    }
    /* nlink counts every entry that names the inode: its name in dp, and for a directory
     * its own "." too; dp gains one for the new directory's "..". */
    ip->d.nlink = type == FS_T_DIR ? 2 : 1;
    if (type == FS_T_DEV)
        ip->d.addrs[0] = major;
    iupdate(ip);
    int result = 0;
    if (type == FS_T_DIR) {
        result = dir_link(ip, ".", ip->inum);
        if (result == 0)
            result = dir_link(ip, "..", dp->inum);
    }
    if (result == 0)
        result = dir_link(dp, name, ip->inum);
    if (result == 0 && type == FS_T_DIR) {
        dp->d.nlink++;
        iupdate(dp);
    }
    if (result < 0) {
        ip->d.nlink = 0; /* iput frees it */
        iupdate(ip);
        iput(ip);
        iput(dp);
        end_op();
        *error = result;
        return NULL;
    }
    iput(dp);
    end_op();
    *created = true;
    return ip;
}

/* Points the entry at offset in dp at inum (0 empties it). */
static void dir_set_entry(struct inode *dp, uint32_t offset, const char *name, uint32_t inum)
{
    struct fs_dirent e;
    memset(&e, 0, sizeof e);
    if (inum) {
        strlcpy(e.name, name, sizeof e.name);
        e.ino = inum;
    }
    if (writei(dp, false, (uint32_t)&e, offset, sizeof e) != sizeof e)
        panic("dir_set_entry: cannot write directory %u", (unsigned)dp->inum);
}

/* The directory holding path's last component, which may be changed by the caller (write
 * and search permission), with the component in name; "." and ".." are refused. */
static struct inode *changeable_parent(const char *path, char *name, int *error)
{
    struct inode *dp = nameiparent(path, name, error);
    if (!dp)
        return NULL;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        iput(dp);
        *error = -EINVAL;
        return NULL;
    }
    if (!inode_permitted(dp, fs_caller_uid(), ACCESS_W | ACCESS_X)) {
        iput(dp);
        *error = -EACCES;
        return NULL;
    }
    return dp;
}

/* The entry at offset in dp names ip, and goes: ip loses a link, and a directory also
 * its "." and its ".." in dp. Inside a transaction. */
static void remove_entry(struct inode *dp, uint32_t offset, struct inode *ip)
{
    dir_set_entry(dp, offset, NULL, 0);
    if (ip->d.type == FS_T_DIR) {
        dp->d.nlink--; /* its ".." */
        ip->d.nlink--; /* its "." */
        iupdate(dp);
    }
    ip->d.nlink--;
    inode_touch_inode(ip);
    iupdate(ip);
}

/* unlink (directory false) or rmdir (directory true). */
static int remove_name(const char *path, bool directory)
{
    char name[FS_NAME_MAX + 1];
    int error;
    struct inode *dp = changeable_parent(path, name, &error);
    if (!dp)
        return error;
    begin_op();
    uint32_t offset;
    struct inode *ip = dir_lookup(dp, name, &offset);
    if (!ip)
        error = -ENOENT;
    else if (directory && ip->d.type != FS_T_DIR)
        error = -ENOTDIR;
    else if (!directory && ip->d.type == FS_T_DIR)
        error = -EISDIR;
    else if (directory && !dir_is_empty(ip))
        error = -ENOTEMPTY;
    else
        error = 0;
    if (error == 0)
        remove_entry(dp, offset, ip);
    if (ip)
        iput(ip);
    iput(dp);
    end_op();
    return error;
}

int fs_unlink(const char *path)
{
    return remove_name(path, false);
}

int fs_rmdir(const char *path)
{
    return remove_name(path, true);
}

int fs_link(const char *old_path, const char *new_path)
{
    int error;
    struct inode *ip = namei(old_path, &error);
    if (!ip)
        return error;
    if (ip->d.type == FS_T_DIR) {
        iput(ip);
        return -EPERM; /* a second name for a directory would make the tree a graph */
    }
    char name[FS_NAME_MAX + 1];
    struct inode *dp = changeable_parent(new_path, name, &error);
    if (!dp) {
        iput(ip);
        return error;
    }
    begin_op();
    struct inode *existing = dir_lookup(dp, name, NULL);
    if (existing) {
        iput(existing);
        error = -EEXIST;
    } else if (ip->d.nlink == UINT16_MAX) {
        error = -EMLINK;
    } else if (dp->d.nlink == 0) {
        error = -ENOENT; /* a removed directory takes no new names */
    } else {
        error = dir_link(dp, name, ip->inum);
        if (error == 0) {
            ip->d.nlink++;
            inode_touch_inode(ip);
            iupdate(ip);
        }
    }
    iput(dp);
    iput(ip);
    end_op();
    return error;
}

/* True when directory dir is ancestor, or lies below it. The climb is bounded by the
 * number of inodes, so a damaged disk whose ".." entries loop cannot hang it. */
static bool dir_is_within(struct inode *dir, const struct inode *ancestor)
{
    struct inode *ip = idup(dir);
    for (uint32_t depth = 0; depth < sb.ninodes; depth++) {
        if (ip->inum == ancestor->inum) {
            iput(ip);
            return true;
        }
        if (ip->inum == FS_ROOT_INODE)
            break;
        struct inode *parent = dir_lookup(ip, "..", NULL);
        iput(ip);
        if (!parent)
            return false;
        ip = parent;
    }
    iput(ip);
    return false;
}

/* What may replace what: a file only a file, a directory only an empty directory. */
static int replace_problem(const struct inode *from, struct inode *to)
{
    if (from->d.type == FS_T_DIR) {
        if (to->d.type != FS_T_DIR)
            return -ENOTDIR;
        return dir_is_empty(to) ? 0 : -ENOTEMPTY;
    }
    return to->d.type == FS_T_DIR ? -EISDIR : 0;
}

static int rename_in(struct inode *old_dp, const char *old_name, struct inode *new_dp, const char *new_name)
{
    uint32_t old_offset, new_offset;
    struct inode *ip = dir_lookup(old_dp, old_name, &old_offset);
    if (!ip)
        return -ENOENT;
    struct inode *target = dir_lookup(new_dp, new_name, &new_offset);
    int error = 0;
    if (target && target->inum == ip->inum)
        error = 1; /* two names of one file: POSIX says do nothing */
    else if (target)
        error = replace_problem(ip, target);
    if (error == 0 && ip->d.type == FS_T_DIR && dir_is_within(new_dp, ip))
        error = -EINVAL; /* into itself */
    if (error == 0 && new_dp->d.nlink == 0)
        error = -ENOENT;
    if (error == 0) {
        if (target) {
            dir_set_entry(new_dp, new_offset, new_name, ip->inum);
            target->d.nlink--; /* its name */
            if (target->d.type == FS_T_DIR) {
                target->d.nlink--; /* its "." */
                new_dp->d.nlink--; /* its ".." */
            }
            inode_touch_inode(target);
            iupdate(target);
        } else {
            error = dir_link(new_dp, new_name, ip->inum);
        }
    }
    if (error == 0) {
        /* The old entry is where it was: dir_link fills only an empty slot or the end. */
        dir_set_entry(old_dp, old_offset, NULL, 0);
        if (ip->d.type == FS_T_DIR && old_dp != new_dp) {
            uint32_t dotdot;
            iput(dir_lookup(ip, "..", &dotdot));
            dir_set_entry(ip, dotdot, "..", new_dp->inum);
            old_dp->d.nlink--;
            new_dp->d.nlink++;
        }
        inode_touch_inode(ip);
        iupdate(ip);
        iupdate(old_dp);
        iupdate(new_dp);
    }
    if (target)
        iput(target);
    iput(ip);
    return error == 1 ? 0 : error;
}

int fs_rename(const char *old_path, const char *new_path)
{
    char old_name[FS_NAME_MAX + 1], new_name[FS_NAME_MAX + 1];
    int error;
    struct inode *old_dp = changeable_parent(old_path, old_name, &error);
    if (!old_dp)
        return error;
    struct inode *new_dp = changeable_parent(new_path, new_name, &error);
    if (!new_dp) {
        iput(old_dp);
        return error;
    }
    begin_op();
    error = rename_in(old_dp, old_name, new_dp, new_name);
    iput(new_dp);
    iput(old_dp);
    end_op();
    return error;
}

/* chmod and chown differ only in the field they set and in who may set it. */
enum inode_attribute { INODE_MODE, INODE_OWNER };

static int set_inode_attribute(const char *path, enum inode_attribute which, uint32_t value)
{
    int error;
    struct inode *ip = namei(path, &error);
    if (!ip)
        return error;
    int caller = fs_caller_uid();
    /* The owner may change its file's mode; only root may give a file away (that would
     * dodge quotas and fake authorship). */
    if (caller != 0 && (which == INODE_OWNER || caller != ip->d.uid)) {
        error = -EPERM;
    } else {
        begin_op();
        if (which == INODE_MODE)
            ip->d.mode = (uint16_t)(value & 07777);
        else
            ip->d.uid = (uint16_t)value;
        inode_touch_inode(ip);
        iupdate(ip);
        end_op();
        error = 0;
    }
    iput(ip);
    return error;
}

int fs_chmod(const char *path, uint32_t mode)
{
    return set_inode_attribute(path, INODE_MODE, mode);
}

int fs_chown(const char *path, int uid)
{
    return set_inode_attribute(path, INODE_OWNER, (uint32_t)uid);
}

int fs_path_of(struct inode *dir, char *buffer, uint32_t size)
{
    /* Climb through ".." to the root, finding each directory's name in its parent. */
    char path[PATH_MAX];
    uint32_t start = sizeof path - 1;
    path[start] = '\0';
    struct inode *ip = idup(dir);
    while (ip->inum != FS_ROOT_INODE) {
        struct inode *parent = dir_lookup(ip, "..", NULL);
        if (!parent)
            break;
        struct fs_dirent e;
        bool found = false;
        for (uint32_t off = 0; off + sizeof e <= parent->d.size; off += sizeof e) {
            readi(parent, false, (uint32_t)&e, off, sizeof e);
            if (e.ino == ip->inum && strcmp(e.name, ".") != 0 && strcmp(e.name, "..") != 0) {
                found = true;
                break;
            }
        }
        iput(ip);
        ip = parent;
        uint32_t length = found ? strlen(e.name) : 1;
        if (length + 1 > start) {
            iput(ip);
            return -ENAMETOOLONG;
        }
        start -= length;
        memcpy(path + start, found ? e.name : "?", length);
        path[--start] = '/';
    }
    iput(ip);
    if (path[start] == '\0')
        path[--start] = '/';
    uint32_t length = sizeof path - 1 - start;
    if (length + 1 > size)
        return -ENAMETOOLONG;
    memcpy(buffer, path + start, length + 1);
    return (int)length;
}
