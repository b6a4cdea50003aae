/* The system-call table, listed once. The kernel builds its dispatch table from it
 * (syscall.c) and the user library its stubs (user/lib/usys.S), so a number can never
 * disagree between the two. Plain macro lines only: assembly includes this file.
 *
 * ABI: number in a7, arguments in a0..a5, `ecall`; the result comes back in a0. A
 * negative result is -errno (abi/errno.h). See docs/os.md.
 *
 * SYSCALL(name, number, arguments): arguments is how many of a0..a5 the call reads, so
 * vmsim's views (observe_syscall_argument_count) show a call's own arguments only. */

SYSCALL(exit, 1, 1)
SYSCALL(fork, 2, 0)
SYSCALL(waitpid, 3, 3)
SYSCALL(exec, 4, 3)      /* (path, argv, envp): envp may be NULL */
SYSCALL(getpid, 5, 0)
SYSCALL(getppid, 6, 0)
SYSCALL(sbrk, 7, 1)
SYSCALL(yield, 8, 0)
SYSCALL(sleep, 9, 1)
SYSCALL(kill, 10, 2)
SYSCALL(sethandler, 11, 3)
SYSCALL(sigreturn, 12, 0)
SYSCALL(getuid, 13, 0)
SYSCALL(setuid, 14, 1)
SYSCALL(write, 15, 3)
SYSCALL(read, 16, 3)
SYSCALL(uptime, 17, 0)
SYSCALL(thread_spawn, 18, 4)
SYSCALL(thread_exit, 19, 1)
SYSCALL(thread_join, 20, 2)
SYSCALL(gettid, 21, 0)
SYSCALL(setpriority, 22, 1)
SYSCALL(getpriority, 23, 0)
SYSCALL(poweroff, 24, 1)
SYSCALL(setforeground, 25, 1)
SYSCALL(open, 26, 3)      /* (path, flags, mode with O_CREAT) -> fd */
SYSCALL(close, 27, 1)     /* (fd) */
SYSCALL(dup, 28, 1)       /* (fd) -> lowest free fd */
SYSCALL(dup2, 29, 2)      /* (fd, newfd) -> newfd */
SYSCALL(lseek, 30, 3)     /* (fd, offset, whence) -> new offset */
SYSCALL(fstat, 31, 2)     /* (fd, struct stat *) */
SYSCALL(stat, 32, 2)      /* (path, struct stat *) */
SYSCALL(mkdir, 33, 2)     /* (path, mode) */
SYSCALL(chdir, 34, 1)     /* (path) */
SYSCALL(unlink, 35, 1)    /* (path): not a directory (rmdir) */
SYSCALL(pipe, 36, 1)      /* (int fds[2]): fds[0] reads, fds[1] writes */
SYSCALL(getcwd, 37, 2)    /* (buffer, size) -> length */
SYSCALL(procinfo, 38, 2)  /* (slot, struct procinfo *) -> next slot to ask, or 0 after the last */
SYSCALL(fbmap, 39, 1)     /* (struct fbinfo *): maps the framebuffer into this process */
SYSCALL(setpgid, 40, 2)   /* (pid or 0 for self, pgid or 0 for pid): puts a process in a job */
SYSCALL(rmdir, 41, 1)         /* (path) */
SYSCALL(rename, 42, 2)        /* (old path, new path) */
SYSCALL(link, 43, 2)          /* (existing path, new path) */
SYSCALL(chmod, 44, 2)         /* (path, mode) */
SYSCALL(chown, 45, 3)         /* (path, uid or -1, gid: 0 or -1) */
SYSCALL(access, 46, 2)        /* (path, F_OK or R_OK|W_OK|X_OK) */
SYSCALL(umask, 47, 1)         /* (mask) -> previous mask */
SYSCALL(clock_gettime, 48, 2) /* (clockid, struct kernel_timespec *) */
SYSCALL(nanosleep, 49, 2)     /* (const struct kernel_timespec *, struct kernel_timespec *rest or 0) */
SYSCALL(isatty, 50, 1)        /* (fd) -> 1, or -ENOTTY */
SYSCALL(geteuid, 51, 0)       /* () -> the effective uid (always the uid: no set-user-id programs) */
SYSCALL(sigaction, 52, 3)     /* (sig, const struct kernel_sigaction *act or 0, struct kernel_sigaction *old or 0) */
SYSCALL(sigprocmask, 53, 3)   /* (how, const uint32_t *set or 0, uint32_t *old or 0) */
SYSCALL(sigpending, 54, 1)    /* (uint32_t *set) */
SYSCALL(futex_wait, 55, 3)    /* (uint32_t *address, expected, const struct kernel_timespec *timeout or 0) */
SYSCALL(futex_wake, 56, 2)    /* (uint32_t *address, count) -> threads woken */
SYSCALL(meminfo, 57, 1)   /* (struct meminfo *): frames, swap and paging counts (abi/meminfo.h) */
SYSCALL(mmap, 58, 6)      /* (hint, length, prot, flags, fd, offset) -> address (abi/mman.h) */
SYSCALL(munmap, 59, 2)    /* (address, length) */
