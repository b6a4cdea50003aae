/* The user library: system calls (stubs generated from src/os/abi/syscalls.h, results
 * >= 0 or -errno), a few string functions, printf and helpers for signals and threads. */
#ifndef USER_USER_H
#define USER_USER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/dirent.h"
#include "abi/errno.h"
#include "abi/fb.h"
#include "abi/fcntl.h"
#include "abi/limits.h"
#include "abi/meminfo.h"
#include "abi/mman.h"
#include "abi/procinfo.h"
#include "abi/signal.h"
#include "abi/stat.h"

/* System calls (src/os/sys_*.c and docs/os.md). */
void exit(int status) __attribute__((noreturn));
int fork(void);
int waitpid(int pid, int *status, int options);
int exec(const char *name, char *const argv[]);
int getpid(void);
int getppid(void);
void *sbrk(int delta);
int yield(void);
/* Guest time: sleep(seconds) as in POSIX, msleep(milliseconds) for finer waits (the
 * system call counts milliseconds). 0, or -EINTR when a signal ends the wait early. */
int sleep(unsigned seconds);
int msleep(unsigned milliseconds);
int __sys_sleep(unsigned milliseconds);
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
int open(const char *path, int flags, ...);
int close(int fd);
int dup(int fd);
int dup2(int fd, int new_fd);
int lseek(int fd, int offset, int whence);
int fstat(int fd, struct stat *st);
int stat(const char *path, struct stat *st);
/* A second argument (a mode, as POSIX has it) may be given and is ignored: the file system
 * keeps no permission bits. */
int mkdir(const char *path, ...);
int chdir(const char *path);
int unlink(const char *path);
int pipe(int fds[2]);
int getcwd(char *buffer, unsigned size);
int procinfo(int slot, struct procinfo *info);
int fbmap(struct fbinfo *info);
/* Puts pid (0: self) into process group pgid (0: its own); Ctrl-C reaches the group
 * of the foreground process. */
int setpgid(int pid, int pgid);
/* Frames free and in use, swap, and paging counts since boot (abi/meminfo.h). */
int meminfo(struct meminfo *info);
/* Private mappings only (abi/mman.h): anonymous memory, or a private copy of a file's
 * pages. The address, or MAP_FAILED (__sys_mmap gives the -errno). */
void *mmap(void *hint, size_t length, int prot, int flags, int fd, int offset);
int munmap(void *address, size_t length);
/* The raw system call behind exit (which runs the atexit functions first). */
void __sys_exit(int status) __attribute__((noreturn));

/* exec, but a name without '/' that is not found is looked for in /bin, as a shell's
 * PATH would. */
int execp(const char *name, char *const argv[]);
/* The POSIX names: execv is exec, execvp is execp. */
int execv(const char *path, char *const argv[]);
int execvp(const char *name, char *const argv[]);
/* Registers a function for exit to call (last registered, first called); -ENOMEM when
 * 32 are registered. */
int atexit(void (*function)(void));

/* The heap (over sbrk): NULL when out of memory. */
void *malloc(size_t size);
void free(void *pointer);
void *calloc(size_t count, size_t size);
void *realloc(void *pointer, size_t size);

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
int strncmp(const char *a, const char *b, size_t length);
char *strcpy(char *destination, const char *source);
char *strncpy(char *destination, const char *source, size_t length);
char *strcat(char *destination, const char *source);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
char *strdup(const char *s);
/* Copies at most size - 1 bytes and always terminates (size > 0). */
void strlcpy(char *destination, const char *source, size_t size);
void *memset(void *destination, int value, size_t length);
void *memcpy(void *destination, const void *source, size_t length);
void *memmove(void *destination, const void *source, size_t length);
int memcmp(const void *a, const void *b, size_t length);
int atoi(const char *s);
int isspace(int c);
int isdigit(int c);
int isalpha(int c);
int isalnum(int c);
int isupper(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isxdigit(int c);
int toupper(int c);
int tolower(int c);
/* A message for an error number (a positive errno or a negative system-call result). */
const char *strerror(int error);

int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* printf to a file descriptor (fd 2 for errors). */
int dprintf(int fd, const char *format, ...) __attribute__((format(printf, 2, 3)));
int puts(const char *s);
int putchar(int c);
int snprintf(char *buffer, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buffer, size_t size, const char *format, va_list args);
int vdprintf(int fd, const char *format, va_list args);

/* Streams (stdio.c), a thin layer for code written against <stdio.h>. Output is not
 * buffered: each call is one write (cut at 511 bytes, as printf). Input is buffered, so
 * do not mix fgets/getchar with read() on the same descriptor. Failures return EOF or
 * NULL; the system call's -errno is not kept. */
#define EOF (-1)
#define BUFSIZ 512
typedef struct file FILE;
extern FILE *stdin, *stdout, *stderr;
int fprintf(FILE *stream, const char *format, ...) __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *stream, const char *format, va_list args);
int vprintf(const char *format, va_list args);
int fputs(const char *s, FILE *stream);
int fputc(int c, FILE *stream);
size_t fwrite(const void *data, size_t size, size_t count, FILE *stream);
int fgetc(FILE *stream);
int getchar(void);
/* Reads a line (with its newline) of at most size - 1 bytes; NULL at end of input. */
char *fgets(char *buffer, int size, FILE *stream);
size_t fread(void *data, size_t size, size_t count, FILE *stream);
/* mode "r", "w" (create, truncate), "a" (create, append), "+" for both ways; NULL on failure. */
FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *stream);
int fflush(FILE *stream); /* nothing to do: output is not buffered */
int feof(FILE *stream);
int ferror(FILE *stream);
int fileno(FILE *stream);
#define getc fgetc
#define putc fputc

/* Directories (dirent.c): readdir skips empty slots; NULL at the end. */
struct dirent {
    uint32_t d_ino;
    char d_name[FS_NAME_MAX + 1];
};
typedef struct dir DIR;
DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

/* Ends the process at once as SIGABRT would (status 134), without atexit functions. */
void abort(void) __attribute__((noreturn));
int abs(int x);
/* Numbers in base 2..36 (0: 0x.. hex, 0.. octal, else decimal) after optional spaces and
 * sign; *end (if end) points after the digits. No overflow detection. */
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define SIGABRT 6

#endif
