/* The system-call table, listed once. The kernel builds its dispatch table from it
 * (syscall.c) and the user library its stubs (user/lib/usys.S), so a number can never
 * disagree between the two. Plain macro lines only: assembly includes this file.
 *
 * ABI: number in a7, arguments in a0..a5, `ecall`; the result comes back in a0. A
 * negative result is -errno (abi/errno.h). See docs/os.md. */

SYSCALL(exit, 1)
SYSCALL(fork, 2)
SYSCALL(waitpid, 3)
SYSCALL(exec, 4)
SYSCALL(getpid, 5)
SYSCALL(getppid, 6)
SYSCALL(sbrk, 7)
SYSCALL(yield, 8)
SYSCALL(sleep, 9)
SYSCALL(kill, 10)
SYSCALL(sethandler, 11)
SYSCALL(sigreturn, 12)
SYSCALL(getuid, 13)
SYSCALL(setuid, 14)
SYSCALL(write, 15)
SYSCALL(read, 16)
SYSCALL(uptime, 17)
SYSCALL(thread_spawn, 18)
SYSCALL(thread_exit, 19)
SYSCALL(thread_join, 20)
SYSCALL(gettid, 21)
SYSCALL(setpriority, 22)
SYSCALL(getpriority, 23)
SYSCALL(poweroff, 24)
SYSCALL(setforeground, 25)
SYSCALL(open, 26)      /* (path, flags, mode) -> fd */
SYSCALL(close, 27)     /* (fd) */
SYSCALL(dup, 28)       /* (fd) -> lowest free fd */
SYSCALL(dup2, 29)      /* (fd, newfd) -> newfd */
SYSCALL(lseek, 30)     /* (fd, offset, whence) -> new offset */
SYSCALL(fstat, 31)     /* (fd, struct stat *) */
SYSCALL(stat, 32)      /* (path, struct stat *) */
SYSCALL(mkdir, 33)     /* (path) */
SYSCALL(chdir, 34)     /* (path) */
SYSCALL(unlink, 35)    /* (path): a file, or an empty directory */
SYSCALL(pipe, 36)      /* (int fds[2]): fds[0] reads, fds[1] writes */
SYSCALL(getcwd, 37)    /* (buffer, size) -> length */
SYSCALL(procinfo, 38)  /* (slot, struct procinfo *) -> next slot to ask, or 0 after the last */
SYSCALL(fbmap, 39)     /* (struct fbinfo *): maps the framebuffer into this process */
SYSCALL(setpgid, 40)   /* (pid or 0 for self, pgid or 0 for pid): puts a process in a job */
SYSCALL(meminfo, 41)   /* (struct meminfo *): frames, swap and paging counts (abi/meminfo.h) */
SYSCALL(mmap, 42)      /* (hint, length, prot, flags, fd, offset) -> address (abi/mman.h) */
SYSCALL(munmap, 43)    /* (address, length) */
