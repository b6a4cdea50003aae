/* Open files and what reading and writing means for each kind. */
#include "file.h"

#include "abi/errno.h"
#include "abi/limits.h"
#include "console.h"
#include "fs.h"
#include "log.h"
#include "pipe.h"
#include "proc.h"
#include "string.h"
#include "tty.h"
#include "uaccess.h"

#define NFILE 128

static struct file files[NFILE];

struct file *file_alloc(void)
{
    for (int i = 0; i < NFILE; i++) {
        if (files[i].refs == 0) {
            memset(&files[i], 0, sizeof files[i]);
            files[i].refs = 1;
            return &files[i];
        }
    }
    return NULL;
}

static struct file *open_console(bool readable, bool writable)
{
    struct file *f = file_alloc();
    if (f) {
        f->kind = FILE_CONSOLE;
        f->readable = readable;
        f->writable = writable;
    }
    return f;
}

bool file_open_console_descriptors(struct file *descriptors[3])
{
    bool split = tty_input_is_pipe();
    struct file *input = open_console(true, !split);
    if (!input)
        return false;
    struct file *output = split ? open_console(false, true) : file_dup(input);
    if (!output) {
        file_close(input);
        return false;
    }
    descriptors[0] = input;
    descriptors[1] = output;
    descriptors[2] = file_dup(output);
    return true;
}

bool file_is_terminal(const struct file *f)
{
    return f->kind == FILE_CONSOLE && !(f->readable && tty_input_is_pipe());
}

struct file *file_dup(struct file *f)
{
    f->refs++;
    return f;
}

void file_close(struct file *f)
{
    if (--f->refs > 0)
        return;
    if (f->kind == FILE_PIPE)
        pipe_close(f->pipe, f->writable);
    else if (f->kind == FILE_INODE) {
        if (f->counted_writer)
            inode_remove_writer(f->inode);
        iput(f->inode);
    }
    f->kind = FILE_NONE;
}

/* Console output, copied from the user in small pieces. */
static int console_write_user(uint32_t user_src, uint32_t n)
{
    char chunk[128];
    for (uint32_t done = 0; done < n;) {
        uint32_t m = n - done < sizeof chunk ? n - done : sizeof chunk;
        if (copy_from_user(&current_proc()->as, chunk, user_src + done, m) < 0)
            return done ? (int)done : -EFAULT;
        console_write(chunk, m);
        done += m;
    }
    return (int)n;
}

int file_read(struct file *f, uint32_t user_dst, uint32_t n)
{
    if (!f->readable)
        return -EBADF;
    switch (f->kind) {
    case FILE_CONSOLE: return tty_read(user_dst, n);
    case FILE_NULL: return 0;
    case FILE_PIPE: return pipe_read(f->pipe, user_dst, n);
    case FILE_INODE: {
        int got = readi(f->inode, true, user_dst, f->offset, n);
        if (got > 0)
            f->offset += (uint32_t)got;
        return got;
    }
    default: return -EBADF;
    }
}

int file_write(struct file *f, uint32_t user_src, uint32_t n)
{
    if (!f->writable)
        return -EBADF;
    switch (f->kind) {
    case FILE_CONSOLE: return console_write_user(user_src, n);
    case FILE_NULL: return (int)n;
    case FILE_PIPE: return pipe_write(f->pipe, user_src, n);
    case FILE_INODE: {
        /* One transaction per chunk, so a write of any size fits the log; a power-off
         * keeps a prefix of whole chunks. */
        uint32_t done = 0;
        if (f->append)
            f->offset = f->inode->d.size;
        while (done < n) {
            uint32_t m = n - done < FS_WRITE_CHUNK ? n - done : FS_WRITE_CHUNK;
            begin_op();
            int wrote = writei(f->inode, true, user_src + done, f->offset, m);
            end_op();
            if (wrote < 0)
                return done ? (int)done : wrote;
            f->offset += (uint32_t)wrote;
            done += (uint32_t)wrote;
            if ((uint32_t)wrote < m)
                break; /* the disk is full */
        }
        return done || n == 0 ? (int)done : -ENOSPC;
    }
    default: return -EBADF;
    }
}

int file_stat(struct file *f, struct stat *st)
{
    memset(st, 0, sizeof *st);
    switch (f->kind) {
    case FILE_INODE: stati(f->inode, st); return 0;
    case FILE_PIPE:
        st->st_mode = S_IFIFO | 0600;
        st->st_nlink = 1;
        st->st_size = pipe_waiting(f->pipe);
        st->st_blksize = PIPE_BUF;
        return 0;
    case FILE_CONSOLE:
    case FILE_NULL:
        /* The console's piped input is a FIFO to fstat, as a pipe on a Unix stdin is. */
        st->st_mode = (f->kind == FILE_CONSOLE && !file_is_terminal(f) ? S_IFIFO : S_IFCHR) | 0666;
        st->st_nlink = 1;
        st->st_blksize = 1024;
        return 0;
    default: return -EBADF;
    }
}
