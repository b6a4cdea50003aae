/* Small helpers over the system calls, and string functions (the ones the kernel has too
 * are in src/os/common/string.c). */
#include "user.h"

int wait(int *status)
{
    return waitpid(-1, status, 0);
}

extern void signal_trampoline(void);

int signal(int sig, signal_handler handler)
{
    return sethandler(sig, (uintptr_t)handler, signal_trampoline);
}

int sbrk_failed(void *result)
{
    return (intptr_t)result < 0 && (intptr_t)result >= -4096;
}

/* A new thread starts here with a0 = function, a1 = arg (src/os/sys_thread.c). */
static void thread_entry(void (*function)(void *), void *arg)
{
    function(arg);
    thread_exit(0);
}

int thread_create(void (*function)(void *), void *arg, void *stack_top)
{
    return thread_spawn((void (*)(void))thread_entry, (uintptr_t)function, (uintptr_t)arg, (uintptr_t)stack_top);
}

int atoi(const char *s)
{
    int sign = 1, value = 0;
    if (*s == '-') {
        sign = -1;
        s++;
    }
    while (*s >= '0' && *s <= '9')
        value = value * 10 + (*s++ - '0');
    return sign * value;
}

char *strcpy(char *destination, const char *source)
{
    char *d = destination;
    while ((*d++ = *source++))
        ;
    return destination;
}

char *strncpy(char *destination, const char *source, size_t length)
{
    size_t i = 0;
    for (; i < length && source[i]; i++)
        destination[i] = source[i];
    for (; i < length; i++)
        destination[i] = '\0';
    return destination;
}

char *strcat(char *destination, const char *source)
{
    strcpy(destination + strlen(destination), source);
    return destination;
}

char *strrchr(const char *s, int c)
{
    const char *found = NULL;
    for (;; s++) {
        if (*s == (char)c)
            found = s;
        if (!*s)
            return (char *)found;
    }
}

char *strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (; *haystack; haystack++)
        if (strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    return n == 0 ? (char *)haystack : NULL;
}

char *strdup(const char *s)
{
    char *copy = malloc(strlen(s) + 1);
    return copy ? strcpy(copy, s) : NULL;
}

int isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int isdigit(int c)
{
    return c >= '0' && c <= '9';
}

const char *strerror(int error)
{
    switch (error < 0 ? -error : error) {
    case EPERM: return "not permitted";
    case ENOENT: return "no such file or directory";
    case ESRCH: return "no such process";
    case EINTR: return "interrupted";
    case EIO: return "input/output error";
    case E2BIG: return "argument list too long";
    case ENOEXEC: return "not an executable";
    case EBADF: return "bad file descriptor";
    case ECHILD: return "no child processes";
    case EAGAIN: return "no process slot";
    case ENOMEM: return "out of memory";
    case EACCES: return "permission denied";
    case EFAULT: return "bad address";
    case EBUSY: return "busy";
    case EEXIST: return "file exists";
    case ENOTDIR: return "not a directory";
    case EISDIR: return "is a directory";
    case EINVAL: return "invalid argument";
    case ENFILE: return "too many open files in the system";
    case EMFILE: return "too many open files";
    case EFBIG: return "file too large";
    case ENOSPC: return "no space left on the disk";
    case ESPIPE: return "cannot seek";
    case EPIPE: return "broken pipe";
    case ENAMETOOLONG: return "name too long";
    case ENOSYS: return "no such system call";
    case ENOTEMPTY: return "directory not empty";
    default: return "unknown error";
    }
}
