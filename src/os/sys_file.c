/* System calls on files and descriptors: read, write, open, close, dup, dup2, lseek,
 * fstat, stat, mkdir, chdir, unlink, pipe, getcwd. */
#include "abi/errno.h"
#include "abi/fcntl.h"
#include "file.h"
#include "fs.h"
#include "log.h"
#include "pipe.h"
#include "proc.h"
#include "string.h"
#include "syscall.h"
#include "uaccess.h"
#include "user_range.h"

static struct file *fd_file(int fd)
{
    if (fd < 0 || fd >= NOFILE)
        return NULL;
    return current_proc()->files[fd];
}

/* The lowest free descriptor, now holding f; -EMFILE when none is free. */
static int fd_install(struct file *f)
{
    struct proc *p = current_proc();
    for (int fd = 0; fd < NOFILE; fd++) {
        if (!p->files[fd]) {
            p->files[fd] = f;
            return fd;
        }
    }
    return -EMFILE;
}

/* Copies the path argument n into path (PATH_MAX bytes). */
static int path_argument(int n, char *path)
{
    int result = copy_string_from_user(&current_proc()->as, path, syscall_argument(n), PATH_MAX);
    if (result == -E2BIG)
        return -ENAMETOOLONG;
    return result < 0 ? result : 0;
}

/* A buffer of n bytes at the user address in argument 1 (read, write) must lie in user
 * space as a whole, so that no position in it wraps and a count fits the int result. */
static bool buffer_argument_valid(uint32_t n)
{
    return n == 0 || user_range_valid(syscall_argument(1), n);
}

int32_t sys_read(void)
{
    struct file *f = fd_file((int)syscall_argument(0));
    if (!f)
        return -EBADF;
    if (!buffer_argument_valid(syscall_argument(2)))
        return -EFAULT;
    return file_read(f, syscall_argument(1), syscall_argument(2));
}

int32_t sys_write(void)
{
    struct file *f = fd_file((int)syscall_argument(0));
    if (!f)
        return -EBADF;
    if (!buffer_argument_valid(syscall_argument(2)))
        return -EFAULT;
    return file_write(f, syscall_argument(1), syscall_argument(2));
}

int32_t sys_open(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    if (error < 0)
        return error;
    uint32_t flags = syscall_argument(1);
    uint32_t access = flags & O_ACCMODE;
    if (access == O_ACCMODE)
        return -EINVAL;
    struct inode *ip;
    if (flags & O_CREAT)
        ip = fs_create(path, FS_T_FILE, 0, &error);
    else
        ip = namei(path, &error);
    if (!ip)
        return error;
    if (ip->d.type == FS_T_DIR && access != O_RDONLY) {
        iput(ip);
        return -EISDIR;
    }
    struct file *f = file_alloc();
    if (!f) {
        iput(ip);
        return -ENFILE;
    }
    f->readable = access != O_WRONLY;
    f->writable = access != O_RDONLY;
    if (ip->d.type == FS_T_DEV) {
        /* A device file opens as its device; an unknown major reads and writes nothing. */
        f->kind = ip->d.addrs[0] == FS_DEV_CONSOLE ? FILE_CONSOLE : FILE_NULL;
        iput(ip);
    } else {
        /* A running program's file cannot be written (nor opened to be). */
        if (f->writable && ip->d.type == FS_T_FILE) {
            int busy = inode_add_writer(ip);
            if (busy < 0) {
                file_close(f);
                iput(ip);
                return busy;
            }
            f->counted_writer = true;
        }
        f->kind = FILE_INODE;
        f->inode = ip;
        f->append = (flags & O_APPEND) != 0;
        if ((flags & O_TRUNC) && f->writable && ip->d.type == FS_T_FILE) {
            begin_op();
            itrunc(ip);
            end_op();
        }
    }
    int fd = fd_install(f);
    if (fd < 0)
        file_close(f);
    return fd;
}

int32_t sys_close(void)
{
    int fd = (int)syscall_argument(0);
    struct file *f = fd_file(fd);
    if (!f)
        return -EBADF;
    current_proc()->files[fd] = NULL;
    file_close(f);
    return 0;
}

int32_t sys_dup(void)
{
    struct file *f = fd_file((int)syscall_argument(0));
    if (!f)
        return -EBADF;
    int fd = fd_install(f);
    if (fd >= 0)
        file_dup(f);
    return fd;
}

int32_t sys_dup2(void)
{
    int old = (int)syscall_argument(0), new = (int)syscall_argument(1);
    struct file *f = fd_file(old);
    if (!f || new < 0 || new >= NOFILE)
        return -EBADF;
    if (old == new)
        return new;
    struct proc *p = current_proc();
    if (p->files[new])
        file_close(p->files[new]);
    p->files[new] = file_dup(f);
    return new;
}

int32_t sys_lseek(void)
{
    struct file *f = fd_file((int)syscall_argument(0));
    int32_t offset = (int32_t)syscall_argument(1);
    uint32_t whence = syscall_argument(2);
    if (!f)
        return -EBADF;
    if (f->kind != FILE_INODE)
        return -ESPIPE;
    int64_t base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = f->offset; break;
    case SEEK_END: base = f->inode->d.size; break;
    default: return -EINVAL;
    }
    int64_t target = base + offset;
    if (target < 0 || target > INT32_MAX)
        return -EINVAL;
    f->offset = (uint32_t)target;
    return (int32_t)target;
}

int32_t sys_fstat(void)
{
    struct file *f = fd_file((int)syscall_argument(0));
    if (!f)
        return -EBADF;
    struct stat st;
    file_stat(f, &st);
    return copy_to_user(&current_proc()->as, syscall_argument(1), &st, sizeof st) < 0 ? -EFAULT : 0;
}

int32_t sys_stat(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    if (error < 0)
        return error;
    struct inode *ip = namei(path, &error);
    if (!ip)
        return error;
    struct stat st;
    stati(ip, &st);
    iput(ip);
    return copy_to_user(&current_proc()->as, syscall_argument(1), &st, sizeof st) < 0 ? -EFAULT : 0;
}

int32_t sys_mkdir(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    if (error < 0)
        return error;
    struct inode *ip = fs_create(path, FS_T_DIR, 0, &error);
    if (!ip)
        return error;
    iput(ip);
    return 0;
}

int32_t sys_chdir(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    if (error < 0)
        return error;
    struct inode *ip = namei(path, &error);
    if (!ip)
        return error;
    if (ip->d.type != FS_T_DIR) {
        iput(ip);
        return -ENOTDIR;
    }
    struct proc *p = current_proc();
    if (p->cwd)
        iput(p->cwd);
    p->cwd = ip;
    return 0;
}

int32_t sys_unlink(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    return error < 0 ? error : fs_unlink(path);
}

int32_t sys_pipe(void)
{
    struct pipe *pipe = pipe_create();
    if (!pipe)
        return -ENOMEM;
    struct file *r = file_alloc();
    struct file *w = r ? file_alloc() : NULL;
    if (!w) {
        if (r)
            file_close(r);
        pipe_close(pipe, true);
        pipe_close(pipe, false);
        return -ENFILE;
    }
    r->kind = w->kind = FILE_PIPE;
    r->pipe = w->pipe = pipe;
    r->readable = true;
    w->writable = true;
    struct proc *p = current_proc();
    int fds[2] = {fd_install(r), -1};
    if (fds[0] >= 0)
        fds[1] = fd_install(w);
    if (fds[1] < 0 || copy_to_user(&p->as, syscall_argument(0), fds, sizeof fds) < 0) {
        int error = fds[1] < 0 ? -EMFILE : -EFAULT;
        if (fds[0] >= 0)
            p->files[fds[0]] = NULL;
        if (fds[1] >= 0)
            p->files[fds[1]] = NULL;
        file_close(r);
        file_close(w);
        return error;
    }
    return 0;
}

int32_t sys_getcwd(void)
{
    struct proc *p = current_proc();
    char path[PATH_MAX];
    int length;
    if (p->cwd)
        length = fs_path_of(p->cwd, path, sizeof path);
    else
        length = (int)(strlcpy(path, "/", sizeof path), 1);
    if (length < 0)
        return length;
    if ((uint32_t)length + 1 > syscall_argument(1))
        return -ENAMETOOLONG;
    return copy_to_user(&p->as, syscall_argument(0), path, (uint32_t)length + 1) < 0 ? -EFAULT : length;
}
