/* The file system (on-disk format in abi/fs_format.h): inodes, directories and path names.
 * Every function that changes the disk must run inside begin_op/end_op (log.h). */
#ifndef OS_FS_H
#define OS_FS_H

#include "abi/fs_format.h"
#include "abi/stat.h"
#include "types.h"

/* An inode in memory: the on-disk inode plus a reference count. */
struct inode {
    uint32_t inum;
    int refs;
    /* Open files that may write it, and address spaces running it: never both at once
     * (ETXTBSY). Each also holds a reference. */
    int writers, runners;
    /* Last access, change of contents, change of the inode, in clock units (clock.h);
     * kept in memory only (abi/stat.h), 0 when unknown. */
    uint64_t atime, mtime, ctime;
    struct fs_inode d;
};

/* Reads and checks the superblock and replays the log; false (with a line on the console)
 * when the disk holds no file system of ours. */
bool fs_mount(void);
bool fs_mounted(void);

struct inode *fs_root(void);
struct inode *idup(struct inode *ip);

/* Counts an open file that may write ip: -ETXTBSY (counting nothing) while a program
 * runs from it. Precondition: the caller holds a reference for as long as it counts. */
int inode_add_writer(struct inode *ip);
void inode_remove_writer(struct inode *ip);
/* Counts an address space running ip: -ETXTBSY (counting nothing) while a file open for
 * writing it counts. Same precondition. */
int inode_add_runner(struct inode *ip);
void inode_remove_runner(struct inode *ip);
/* Marks the inode's contents (and so the inode) changed now. */
void inode_touch_contents(struct inode *ip);
/* Marks the inode itself changed now: links, owner, permissions. */
void inode_touch_inode(struct inode *ip);
/* Drops a reference; the last reference to an inode no directory names frees it (and its
 * blocks), in a transaction of its own if none is open. */
void iput(struct inode *ip);

/* Reads up to n bytes at off into dst: a user address of the current process when
 * user_dst, else a kernel pointer. Returns bytes read (0 at or past the end) or -errno. */
int readi(struct inode *ip, bool user_dst, uint32_t dst, uint32_t off, uint32_t n);
/* Writes n bytes at off from src (user or kernel, as readi), growing the file. Returns
 * bytes written, fewer when the disk fills, or -errno. Inside a transaction, at most
 * FS_WRITE_CHUNK bytes per call. */
int writei(struct inode *ip, bool user_src, uint32_t src, uint32_t off, uint32_t n);
#define FS_WRITE_CHUNK (8u * FS_BLOCK_SIZE)
/* Frees the inode's contents: size 0. */
void itrunc(struct inode *ip);
void stati(const struct inode *ip, struct stat *st);
/* The S_IF* bits (abi/stat.h) of an inode type. */
uint32_t inode_type_mode(uint16_t type);

/* The inode the path names (relative to the current process's directory), or NULL with
 * *error set (-ENOENT, -ENOTDIR, -ENAMETOOLONG). */
struct inode *namei(const char *path, int *error);
/* The directory holding the path's last component, whose name goes to name
 * (FS_NAME_MAX + 1 bytes). */
struct inode *nameiparent(const char *path, char *name, int *error);

/* Permission to read, write or search/run an inode (ACCESS_* bits, as access() takes
 * them) for user uid: the owner's bits for the owner, the others' bits for the rest (the
 * file system has no groups); root may do anything but run a file nobody may run. */
#define ACCESS_X 1u
#define ACCESS_W 2u
#define ACCESS_R 4u
bool inode_permitted(const struct inode *ip, int uid, uint32_t want);
/* Who asks: the current process's uid, or root while the kernel boots (no process). */
int fs_caller_uid(void);

/* Creates a file, directory or device at path (in a transaction) with permission bits
 * mode (the caller applies the umask), owned by the caller; *created says so. When type
 * is FS_T_FILE and a file exists, returns that instead. Needs search and write
 * permission on the directory (-EACCES). */
struct inode *fs_create(const char *path, uint16_t type, uint32_t major, uint32_t mode, bool *created,
                        int *error);
/* Removes a name that is not a directory's (-EISDIR). */
int fs_unlink(const char *path);
/* Removes an empty directory (-ENOTDIR, -ENOTEMPTY). */
int fs_rmdir(const char *path);
/* A second name for a file (not a directory: -EPERM). */
int fs_link(const char *old_path, const char *new_path);
/* Moves a name, replacing what new_path names if it may (a file by a file, a directory
 * by an empty directory); a directory cannot move below itself (-EINVAL). */
int fs_rename(const char *old_path, const char *new_path);
/* Permission bits of what path names: its owner or root (-EPERM). */
int fs_chmod(const char *path, uint32_t mode);
/* New owner of what path names: root only (-EPERM). */
int fs_chown(const char *path, int uid);

/* The path of directory dir from the root, into buffer. Returns its length or -errno. */
int fs_path_of(struct inode *dir, char *buffer, uint32_t size);

#endif
