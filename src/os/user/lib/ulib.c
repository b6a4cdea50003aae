/* Small helpers over the system calls, and string functions. */
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

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

void *memset(void *destination, int value, size_t length)
{
    unsigned char *d = destination;
    while (length--)
        *d++ = (unsigned char)value;
    return destination;
}

void *memcpy(void *destination, const void *source, size_t length)
{
    unsigned char *d = destination;
    const unsigned char *s = source;
    while (length--)
        *d++ = *s++;
    return destination;
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
