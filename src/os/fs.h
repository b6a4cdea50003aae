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
    struct fs_inode d;
};

/* Reads and checks the superblock and replays the log; false (with a line on the console)
 * when the disk holds no file system of ours. */
bool fs_mount(void);
bool fs_mounted(void);
/* Blocks of the mounted file system (0: none); the swap area starts after them. */
uint32_t fs_size_blocks(void);

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

/* The inode the path names (relative to the current process's directory), or NULL with
 * *error set (-ENOENT, -ENOTDIR, -ENAMETOOLONG). */
struct inode *namei(const char *path, int *error);
/* The directory holding the path's last component, whose name goes to name
 * (FS_NAME_MAX + 1 bytes). */
struct inode *nameiparent(const char *path, char *name, int *error);

/* Creates a file, directory or device at path (in a transaction); returns it, or the
 * existing file when type is FS_T_FILE and one exists (if exclusive is false). */
struct inode *fs_create(const char *path, uint16_t type, uint32_t major, int *error);
/* Removes a name: a file, or an empty directory. */
int fs_unlink(const char *path);

/* The path of directory dir from the root, into buffer. Returns its length or -errno. */
int fs_path_of(struct inode *dir, char *buffer, uint32_t size);

#endif
