/* The POSIX functions that need more than a system-call stub (usys.S): errno from the
 * kernel's -errno, open's flags in picolibc's values, getcwd, the sleeps and
 * clocks on guest time, signal, the exec family with environ, dprintf. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio-bufio.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel_abi.h"
#include "vmsim.h"

/* Every failing call ends here: the kernel's -errno becomes -1 and errno. Called by the
 * stubs in usys.S with the kernel's result. */
long __syscall_failed(long result)
{
    errno = errno_from_kernel((int)-result);
    return -1;
}

/* A raw result: >= 0 as it is, else -1 with errno. */
static int posix_result(int result)
{
    return result < 0 ? (int)__syscall_failed(result) : result;
}

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list args;
        va_start(args, flags);
        mode = (mode_t)va_arg(args, int);
        va_end(args);
    }
    return posix_result(__sys_open(path, open_flags_to_kernel(flags), mode));
}

int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

/* uid_t and gid_t are 16 bits in picolibc: -1 ("leave it") must reach the kernel as -1. */
int chown(const char *path, uid_t uid, gid_t gid)
{
    int kernel_uid = uid == (uid_t)-1 ? -1 : (int)uid;
    int kernel_gid = gid == (gid_t)-1 ? -1 : (int)gid;
    return posix_result(__sys_chown(path, kernel_uid, kernel_gid));
}

char *getcwd(char *buffer, size_t size)
{
    int result = __sys_getcwd(buffer, size);
    if (result < 0) {
        __syscall_failed(result);
        return NULL;
    }
    return buffer;
}

/* Guest time. The kernel's clocks count from boot (CLOCK_REALTIME from the epoch, where
 * the guest boots); its timespec is picolibc's (posix_abi.c asserts the layout), so
 * nanosleep is the plain system-call stub. msleep and uptime count milliseconds. */
int clock_gettime(clockid_t clock, struct timespec *now)
{
    return posix_result(__sys_clock_gettime(clock_to_kernel((int)clock), now));
}

int gettimeofday(struct timeval *restrict now, void *restrict zone)
{
    (void)zone;
    struct timespec time;
    if (clock_gettime(CLOCK_REALTIME, &time) < 0)
        return -1;
    now->tv_sec = time.tv_sec;
    now->tv_usec = (suseconds_t)(time.tv_nsec / 1000);
    return 0;
}

int msleep(unsigned milliseconds)
{
    return posix_result(__sys_sleep(milliseconds));
}

unsigned sleep(unsigned seconds)
{
    struct timespec request = {.tv_sec = seconds}, rest = {0};
    if (nanosleep(&request, &rest) == 0)
        return 0;
    return (unsigned)rest.tv_sec + (rest.tv_nsec > 0);
}

/* Waits for a signal: returns -1 with EINTR once a handler has run. */
int pause(void)
{
    for (;;) {
        int result = __sys_sleep(1000000000u);
        if (result < 0)
            return posix_result(result);
    }
}

int usleep(useconds_t microseconds)
{
    struct timespec request = {.tv_sec = microseconds / 1000000u,
                               .tv_nsec = (long)(microseconds % 1000000u) * 1000};
    return nanosleep(&request, NULL);
}

clock_t times(struct tms *buffer)
{
    clock_t now = (clock_t)__sys_uptime();
    if (buffer) {
        buffer->tms_utime = now;
        buffer->tms_stime = 0;
        buffer->tms_cutime = 0;
        buffer->tms_cstime = 0;
    }
    return now;
}

int getentropy(void *buffer, size_t length)
{
    (void)buffer;
    (void)length;
    errno = ENOSYS;
    return -1;
}

extern void signal_trampoline(void);

/* sigaction in the kernel's shape (abi/signal.h): the same flag values and signal set
 * (bit s for signal s); the handler returns into signal_trampoline, which calls
 * sigreturn. sigprocmask and sigpending are plain stubs, sigset_t being the kernel's. */
_Static_assert(sizeof(sigset_t) == sizeof(uint32_t), "sigset_t is the kernel's 32-bit signal set");

int sigaction(int sig, const struct sigaction *action, struct sigaction *old)
{
    struct kernel_sigaction kernel_action, kernel_old;
    if (action)
        kernel_action = (struct kernel_sigaction){.handler = (uintptr_t)action->sa_handler,
                                                  .flags = (uint32_t)action->sa_flags,
                                                  .restorer = (uintptr_t)signal_trampoline,
                                                  .mask = (uint32_t)action->sa_mask};
    int result = __sys_sigaction(sig, action ? &kernel_action : NULL, old ? &kernel_old : NULL);
    if (result < 0)
        return posix_result(result);
    if (old)
        *old = (struct sigaction){.sa_handler = (_sig_func_ptr)(uintptr_t)kernel_old.handler,
                                  .sa_flags = (int)kernel_old.flags,
                                  .sa_mask = (sigset_t)kernel_old.mask};
    return 0;
}

/* signal() as BSD and glibc have it but without SA_RESTART: a blocking call the handler
 * interrupts fails with EINTR (the shell counts on it for Ctrl-C). */
_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
    struct sigaction action = {.sa_handler = handler}, old;
    if (sigaction(sig, &action, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

int raise(int sig)
{
    return kill(getpid(), sig);
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}

/* exec's third argument is the environment; a kernel without environments ignores it. */
int execve(const char *path, char *const argv[], char *const envp[])
{
    return posix_result(__sys_exec(path, argv, envp));
}

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

int exec(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

int execp(const char *name, char *const argv[])
{
    if (strchr(name, '/'))
        return execv(name, argv);
    /* /bin first, as a shell's PATH; then the name itself (the current directory, or a
     * program built into the kernel image). */
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "/bin/%s", name) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int result = __sys_exec(path, argv, environ);
    if (result < 0 && errno_from_kernel(-result) == ENOENT)
        result = __sys_exec(name, argv, environ);
    return posix_result(result);
}

int execvp(const char *name, char *const argv[])
{
    return execp(name, argv);
}

/* execl and execlp: the arguments after the path, up to a NULL, as an argv array for
 * execv or execvp. */
#define EXECL_MAX_ARGUMENTS 64

static int exec_argument_list(int (*exec_vector)(const char *, char *const[]), const char *file,
                              const char *first, va_list args)
{
    char *argv[EXECL_MAX_ARGUMENTS + 1];
    int argc = 0;
    for (const char *argument = first; argument; argument = va_arg(args, const char *)) {
        if (argc == EXECL_MAX_ARGUMENTS) {
            errno = E2BIG;
            return -1;
        }
        argv[argc++] = (char *)argument;
    }
    argv[argc] = NULL;
    return exec_vector(file, argv);
}

int execl(const char *path, const char *argument0, ...)
{
    va_list args;
    va_start(args, argument0);
    int result = exec_argument_list(execv, path, argument0, args);
    va_end(args);
    return result;
}

int execlp(const char *name, const char *argument0, ...)
{
    va_list args;
    va_start(args, argument0);
    int result = exec_argument_list(execvp, name, argument0, args);
    va_end(args);
    return result;
}

int vdprintf(int fd, const char *format, va_list args)
{
    char buffer[128];
    struct __file_bufio file =
        FDEV_SETUP_BUFIO(fd, buffer, sizeof buffer, read, write, lseek, NULL, __SWR, 0);
    FILE *stream = &file.xfile.cfile.file;
    int result = vfprintf(stream, format, args);
    if (fflush(stream) != 0)
        return -1;
    return result;
}

int dprintf(int fd, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vdprintf(fd, format, args);
    va_end(args);
    return result;
}
