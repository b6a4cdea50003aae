/* System calls on files and descriptors: read, write, open, close, dup, dup2, lseek,
 * fstat, stat, mkdir, chdir, unlink, pipe, getcwd, isatty; and on names and permissions:
 * rmdir, rename, link, chmod, chown, access, umask. */
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

/* isatty(fd): 1 for the console, -ENOTTY for anything else, and for the console's input
 * when that is a pipe (console=pipe). */
int32_t sys_isatty(void)
{
    struct file *f = fd_file((int)syscall_argument(0));
    if (!f)
        return -EBADF;
    return file_is_terminal(f) ? 1 : -ENOTTY;
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
    bool created = false;
    if (flags & O_CREAT)
        ip = fs_create(path, FS_T_FILE, 0, syscall_argument(2) & ~current_proc()->umask, &created, &error);
    else
        ip = namei(path, &error);
    if (!ip)
        return error;
    if (ip->d.type == FS_T_DIR && access != O_RDONLY) {
        iput(ip);
        return -EISDIR;
    }
    /* The file's permission bits, except for the one who just made it (POSIX). */
    uint32_t want = (access != O_WRONLY ? ACCESS_R : 0) | (access != O_RDONLY ? ACCESS_W : 0);
    if (!created && !inode_permitted(ip, current_proc()->uid, want)) {
        iput(ip);
        return -EACCES;
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
    bool created;
    struct inode *ip = fs_create(path, FS_T_DIR, 0, syscall_argument(1) & ~current_proc()->umask, &created, &error);
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
    if (!inode_permitted(ip, current_proc()->uid, ACCESS_X)) {
        iput(ip);
        return -EACCES;
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

int32_t sys_rmdir(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    return error < 0 ? error : fs_rmdir(path);
}

/* Both path arguments, for rename and link. The second buffer is static: these calls
 * run to their end before another system call starts (no locks: fs.c). */
static int two_paths(char *first, char **second)
{
    static char second_path[PATH_MAX];
    int error = path_argument(0, first);
    if (error == 0)
        error = path_argument(1, second_path);
    *second = second_path;
    return error;
}

int32_t sys_rename(void)
{
    char from[PATH_MAX], *to;
    int error = two_paths(from, &to);
    return error < 0 ? error : fs_rename(from, to);
}

int32_t sys_link(void)
{
    char from[PATH_MAX], *to;
    int error = two_paths(from, &to);
    return error < 0 ? error : fs_link(from, to);
}

/* chmod(path, mode) */
int32_t sys_chmod(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    return error < 0 ? error : fs_chmod(path, syscall_argument(1));
}

/* chown(path, uid or -1, gid or -1): there are no groups, so gid must be 0 or -1. */
int32_t sys_chown(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    if (error < 0)
        return error;
    int uid = (int)syscall_argument(1), gid = (int)syscall_argument(2);
    /* A C library whose uid_t and gid_t are 16 bits passes -1 as 0xffff. */
    if (uid == UINT16_MAX)
        uid = -1;
    if (gid == UINT16_MAX)
        gid = -1;
    if (uid < -1 || uid > UINT16_MAX || (gid != 0 && gid != -1))
        return -EINVAL;
    if (uid == -1) { /* nothing changes, but the file must exist and be the caller's */
        struct inode *ip = namei(path, &error);
        if (!ip)
            return error;
        int owner = ip->d.uid, caller = current_proc()->uid;
        iput(ip);
        return caller == 0 || caller == owner ? 0 : -EPERM;
    }
    return fs_chown(path, uid);
}

/* access(path, mode): F_OK (0) or R_OK | W_OK | X_OK (4, 2, 1), for the caller's uid. */
int32_t sys_access(void)
{
    char path[PATH_MAX];
    int error = path_argument(0, path);
    if (error < 0)
        return error;
    uint32_t mode = syscall_argument(1);
    if (mode & ~(ACCESS_R | ACCESS_W | ACCESS_X))
        return -EINVAL;
    struct inode *ip = namei(path, &error);
    if (!ip)
        return error;
    bool permitted = inode_permitted(ip, current_proc()->uid, mode);
    iput(ip);
    return permitted ? 0 : -EACCES;
}

/* umask(mask) -> the previous mask */
int32_t sys_umask(void)
{
    struct proc *p = current_proc();
    uint32_t old = p->umask;
    p->umask = syscall_argument(0) & 0777;
    return (int32_t)old;
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
