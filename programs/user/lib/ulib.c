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

void *__sys_mmap(void *hint, size_t length, int prot, int flags, int fd, int offset);

void *mmap(void *hint, size_t length, int prot, int flags, int fd, int offset)
{
    void *result = __sys_mmap(hint, length, prot, flags, fd, offset);
    return sbrk_failed(result) ? MAP_FAILED : result;
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

int isupper(int c) { return c >= 'A' && c <= 'Z'; }
int islower(int c) { return c >= 'a' && c <= 'z'; }
int isalpha(int c) { return isupper(c) || islower(c); }
int isalnum(int c) { return isalpha(c) || isdigit(c); }
int isprint(int c) { return c >= 0x20 && c < 0x7f; }
int ispunct(int c) { return isprint(c) && !isalnum(c) && c != ' '; }
int isxdigit(int c) { return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int toupper(int c) { return islower(c) ? c - 'a' + 'A' : c; }
int tolower(int c) { return isupper(c) ? c - 'A' + 'a' : c; }

/* The value of a digit in bases up to 36, or 36 for a character that is none. */
static int digit_value(int c)
{
    if (isdigit(c))
        return c - '0';
    if (isalpha(c))
        return tolower(c) - 'a' + 10;
    return 36;
}

unsigned long strtoul(const char *s, char **end, int base)
{
    const char *start = s;
    while (isspace((unsigned char)*s))
        s++;
    bool negative = false;
    if (*s == '-' || *s == '+')
        negative = *s++ == '-';
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
        isxdigit((unsigned char)s[2])) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = s[0] == '0' ? 8 : 10;
    }
    unsigned long value = 0;
    const char *digits = s;
    if (base >= 2 && base <= 36) {
        while (digit_value((unsigned char)*s) < base)
            value = value * (unsigned long)base + (unsigned long)digit_value((unsigned char)*s++);
    }
    if (end)
        *end = (char *)(s == digits ? start : s); /* no digits: nothing was converted */
    return negative ? -value : value;
}

long strtol(const char *s, char **end, int base)
{
    return (long)strtoul(s, end, base);
}

int abs(int x)
{
    return x < 0 ? -x : x;
}

void abort(void)
{
    __sys_exit(128 + SIGABRT);
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
