/* The user library: system calls (stubs generated from src/os/abi/syscalls.h, results
 * >= 0 or -errno), a few string functions, printf and helpers for signals and threads. */
#ifndef USER_USER_H
#define USER_USER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/errno.h"
#include "abi/signal.h"

/* System calls (src/os/sys_*.c and docs/os.md). */
void exit(int status) __attribute__((noreturn));
int fork(void);
int waitpid(int pid, int *status, int options);
int exec(const char *name, char *const argv[]);
int getpid(void);
int getppid(void);
void *sbrk(int delta);
int yield(void);
int sleep(unsigned milliseconds);
int kill(int pid, int sig);
int sethandler(int sig, uintptr_t handler, void (*trampoline)(void));
int sigreturn(void);
int getuid(void);
int setuid(int uid);
int write(int fd, const void *buffer, unsigned length);
int read(int fd, void *buffer, unsigned length);
int uptime(void);
int thread_spawn(void (*entry)(void), uintptr_t a0, uintptr_t a1, uintptr_t stack_top);
void thread_exit(uint32_t value) __attribute__((noreturn));
int thread_join(int tid, uint32_t *value);
int gettid(void);
int setpriority(int priority);
int getpriority(void);
int poweroff(int status);
int setforeground(int pid);

/* wait(&status): waitpid for any child. */
int wait(int *status);

/* signal(sig, handler): installs handler (or SIG_DFL / SIG_IGN); the previous one. */
typedef void (*signal_handler)(int sig);
int signal(int sig, signal_handler handler);

/* Starts function(arg) in a new thread of this process on the given stack (its top). */
int thread_create(void (*function)(void *), void *arg, void *stack_top);

/* sbrk returns this on failure. */
#define SBRK_FAILED ((void *)-1)
/* True if an sbrk result is an error. */
int sbrk_failed(void *result);

size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void *memset(void *destination, int value, size_t length);
void *memcpy(void *destination, const void *source, size_t length);
int atoi(const char *s);

int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buffer, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buffer, size_t size, const char *format, va_list args);

#endif
