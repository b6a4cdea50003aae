/* <vmsim.h>: what the guest OS offers beyond POSIX, for its own programs and anyone's:
 * threads over the kernel's thread_spawn, exec by name, millisecond sleeps, scheduling,
 * process information, the framebuffer and power. Every call returns -1 and sets errno on
 * failure, as the POSIX ones do; __sys_NAME is the raw system call (its result >= 0 or the
 * kernel's -errno, Linux's values from src/os/abi/errno.h). */
#ifndef VMSIM_H
#define VMSIM_H

#include <stddef.h>
#include <stdint.h>

/* The structs these calls fill, shared with the kernel (vmsim-cc puts them on the path). */
#include <os/abi/fb.h>
#include <os/abi/meminfo.h>
#include <os/abi/procinfo.h>

/* exec(path, argv): execv. execp(name, argv): execvp, looking in /bin for a name without
 * '/' and then at the name itself (a program built into the kernel image). */
int exec(const char *path, char *const argv[]);
int execp(const char *name, char *const argv[]);

int yield(void);
/* Sleeps for guest milliseconds; -1 with EINTR when a signal ends the wait early. */
int msleep(unsigned milliseconds);
/* Guest milliseconds since boot. */
int uptime(void);

/* Threads of this process. thread_create starts function(arg) on the given stack (its
 * top; the thread's thread-local block is carved from it) and returns the thread id. */
int thread_create(void (*function)(void *), void *arg, void *stack_top);
int thread_join(int tid, uint32_t *value);
void thread_exit(uint32_t value) __attribute__((noreturn));
int gettid(void);
/* The raw call behind thread_create: entry runs with a0, a1 and sp = stack_top. */
int thread_spawn(void (*entry)(void), uintptr_t a0, uintptr_t a1, uintptr_t stack_top);

/* Scheduling: a lower number runs first under the priority policy. */
int setpriority(int priority);
int getpriority(void);
/* Makes pid the foreground process: Ctrl-C reaches its process group. */
int setforeground(int pid);

/* One process table slot (abi/procinfo.h): the next slot to ask, or 0 after the last. */
int procinfo(int slot, struct procinfo *info);
/* Maps the framebuffer into this process (abi/fb.h). */
int fbmap(struct fbinfo *info);
/* Ends the machine with a status (root only). */
int poweroff(int status);

/* Memory (docs/os.md, "Virtual memory"). meminfo fills abi/meminfo.h's struct: frames,
 * swap, paging counts. mmap and munmap as POSIX has them, private mappings only (abi/mman.h:
 * PROT_*, MAP_PRIVATE, MAP_ANONYMOUS); mmap returns MAP_FAILED with errno on failure. */
int meminfo(struct meminfo *info);
void *mmap(void *hint, size_t length, int prot, int flags, int fd, int offset);
int munmap(void *address, size_t length);

/* How a process ended as one number, as a shell's $? says it: its exit code, or 128 + the
 * signal that killed it (STATUS_KILLED_BY). status is what waitpid stored (<sys/wait.h>). */
#define STATUS_KILLED_BY(s) (128 + (s))
#define WAIT_STATUS_AS_CODE(status) \
    (WIFEXITED(status) ? WEXITSTATUS(status) : STATUS_KILLED_BY(WTERMSIG(status)))

/* Futexes (docs/os.md): futex_wait sleeps while *address == expected, until futex_wake on
 * the address, the relative timeout (NULL: none; ETIMEDOUT) or a signal (EINTR); EAGAIN at
 * once when the word differs. futex_wake wakes up to count waiters and says how many. */
struct timespec;
int futex_wait(volatile uint32_t *address, uint32_t expected, const struct timespec *timeout);
int futex_wake(volatile uint32_t *address, int count);

/* Installs a signal handler with the kernel (what signal() and sigaction() use). */
int sethandler(int sig, uintptr_t handler, void (*trampoline)(void));

/* The raw system calls the library wraps, as the kernel returns them. */
int __sys_open(const char *path, int flags, int mode);
int __sys_getcwd(char *buffer, unsigned size);
int __sys_sleep(unsigned milliseconds);
int __sys_uptime(void);
int __sys_clock_gettime(int kernel_clock, void *timespec);
int __sys_chown(const char *path, int uid, int gid);
int __sys_sigaction(int sig, const void *kernel_action, void *kernel_old);
int __sys_exec(const char *path, char *const argv[], char *const envp[]);
void __sys_exit(int status) __attribute__((noreturn));
long __syscall_failed(long result);

#endif
