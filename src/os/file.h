/* Open files: what a file descriptor refers to. Kinds: an inode on the disk (file or
 * directory), one end of a pipe, or the console. A file is shared by every descriptor
 * dup'ed or inherited from it, with one offset, as in Unix. */
#ifndef OS_FILE_H
#define OS_FILE_H

#include "abi/stat.h"
#include "types.h"

#define NOFILE 16  /* descriptors per process */

enum file_kind { FILE_NONE, FILE_INODE, FILE_PIPE, FILE_CONSOLE, FILE_NULL };

struct inode;
struct pipe;

struct file {
    enum file_kind kind;
    int refs;
    bool readable, writable, append;
    struct inode *inode;  /* FILE_INODE */
    bool counted_writer;  /* FILE_INODE: counted by inode_add_writer (a regular file) */
    uint32_t offset;      /* FILE_INODE */
    struct pipe *pipe;    /* FILE_PIPE */
};

/* A new file with one reference, or NULL when the table is full. */
struct file *file_alloc(void);
/* init's descriptors 0, 1 and 2 on the console: one file for reading and writing, or,
 * when the console's input is a pipe (tty_input_is_pipe), a file for reading (0) and one
 * for writing (1 and 2), so that isatty(0) says no and isatty(1) yes. False if the table
 * is full. */
bool file_open_console_descriptors(struct file *descriptors[3]);
/* True for the console, unless f reads it and its input is a pipe: what isatty says. */
bool file_is_terminal(const struct file *f);
struct file *file_dup(struct file *f);
void file_close(struct file *f);

int file_read(struct file *f, uint32_t user_dst, uint32_t n);
int file_write(struct file *f, uint32_t user_src, uint32_t n);
int file_stat(struct file *f, struct stat *st);

#endif
