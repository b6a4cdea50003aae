/* The file system's on-disk format, shared by the kernel (src/os/fs*.c) and the host image
 * tool (tools/, src/fsimage/). Both ends are little-endian (x86-64, RISC-V), so the
 * structures are read and written as they lie in memory; every field has a fixed size.
 *
 * The disk is an array of FS_BLOCK_SIZE-byte blocks (two 512-byte virtio sectors each):
 *
 *   block 0                      boot block, unused
 *   block 1                      superblock (struct fs_superblock)
 *   [log_start, +nlog)           the log: a header block (struct fs_log_header), then
 *                                nlog - 1 blocks of logged contents
 *   [inode_start, +ninode_blocks) inodes, FS_INODES_PER_BLOCK per block; inode 0 unused,
 *                                inode FS_ROOT_INODE is the root directory "/"
 *   [bitmap_start, +nbitmap)     free-block bitmap, one bit a block of the whole disk
 *                                (bit b of byte i is block 8*i + b; 1 = in use)
 *   [data_start, size)           data blocks: file contents, directories, indirect blocks
 *
 * Crash consistency is a redo log. A system call that changes the disk writes every block
 * it changes to the log first, then writes the header with n > 0 (the commit point), then
 * the blocks to their homes, then the header with n = 0. At mount, a header with n > 0 is
 * replayed (block i of the log to target[i]) and cleared. So a power-off at any moment
 * leaves either all of an operation or none of it. The host tool replays a committed log
 * the same way before it reads or changes an image, and its checker reports one. */
#ifndef OS_ABI_FS_FORMAT_H
#define OS_ABI_FS_FORMAT_H

#include <stdint.h>

#include "dirent.h" /* abi/dirent.h: this directory */

#define FS_MAGIC 0x73666d76u /* "vmfs" as little-endian bytes */
#define FS_VERSION 1u
#define FS_BLOCK_SIZE 1024u
#define FS_SECTORS_PER_BLOCK (FS_BLOCK_SIZE / 512u)
#define FS_SUPERBLOCK_BLOCK 1u
#define FS_ROOT_INODE 1u

struct fs_superblock {
    uint32_t magic;         /* FS_MAGIC */
    uint32_t version;       /* FS_VERSION */
    uint32_t size;          /* blocks in the whole file system */
    uint32_t ninodes;       /* inodes, including the unused inode 0 */
    uint32_t nlog;          /* log blocks, header included */
    uint32_t log_start;     /* first log block (the header) */
    uint32_t inode_start;   /* first inode block */
    uint32_t bitmap_start;  /* first bitmap block */
    uint32_t data_start;    /* first data block */
};

/* Inode types (struct fs_inode.type, and struct stat.type). 0 is a free inode. */
#define FS_T_FREE 0
#define FS_T_DIR 1
#define FS_T_FILE 2
#define FS_T_DEV 3 /* a device; addrs[0] holds its major number (FS_DEV_*) */

#define FS_DEV_CONSOLE 1
#define FS_DEV_NULL 2 /* reads as end of file, swallows writes */

/* Block pointers: FS_NDIRECT direct blocks, then one single- and one double-indirect
 * block, each holding FS_NINDIRECT block numbers. 0 means "no block" (a hole reads as
 * zeros). Largest file: (11 + 256 + 256*256) KiB, about 65 MiB. */
#define FS_NDIRECT 11u
#define FS_NINDIRECT (FS_BLOCK_SIZE / sizeof(uint32_t))
#define FS_INDIRECT FS_NDIRECT           /* index in addrs of the single-indirect block */
#define FS_DOUBLE_INDIRECT (FS_NDIRECT + 1) /* index of the double-indirect block */
#define FS_MAX_FILE_BLOCKS (FS_NDIRECT + FS_NINDIRECT + FS_NINDIRECT * FS_NINDIRECT)

struct fs_inode {
    uint16_t type;  /* FS_T_* */
    uint16_t nlink; /* directory entries that name it */
    uint16_t uid;   /* owner */
    uint16_t mode;  /* permission bits, 0755 style (owner and others) */
    uint32_t size;  /* bytes */
    uint32_t addrs[FS_NDIRECT + 2];
};

#define FS_INODES_PER_BLOCK (FS_BLOCK_SIZE / sizeof(struct fs_inode))
#define FS_BITS_PER_BLOCK (FS_BLOCK_SIZE * 8u)
#define FS_DIRENTS_PER_BLOCK (FS_BLOCK_SIZE / sizeof(struct fs_dirent))

/* The log header. n > 0: a committed operation of n blocks, log block i + 1 goes to
 * target[i]. */
#define FS_LOG_MAX_BLOCKS (FS_BLOCK_SIZE / sizeof(uint32_t) - 1)
struct fs_log_header {
    uint32_t n;
    uint32_t target[FS_LOG_MAX_BLOCKS];
};

/* Compile-time checks that the layout is what the comments say. */
_Static_assert(sizeof(struct fs_inode) == 64, "an inode is 64 bytes");
_Static_assert(sizeof(struct fs_log_header) == FS_BLOCK_SIZE, "the log header fills a block");
_Static_assert(sizeof(struct fs_superblock) <= FS_BLOCK_SIZE, "the superblock fits a block");

#endif
