/* exit with atexit, a heap over sbrk, exec with the environment and a search of /bin. */
#include "user.h"

#define MAX_ATEXIT 32

static void (*exit_functions[MAX_ATEXIT])(void);
static int exit_function_count;

int sleep(unsigned seconds)
{
    return __sys_sleep(seconds > 4000000u ? 4000000000u : seconds * 1000u);
}

int msleep(unsigned milliseconds)
{
    return __sys_sleep(milliseconds);
}

int atexit(void (*function)(void))
{
    if (exit_function_count == MAX_ATEXIT)
        return -ENOMEM;
    exit_functions[exit_function_count++] = function;
    return 0;
}

void exit(int status)
{
    while (exit_function_count > 0)
        exit_functions[--exit_function_count]();
    __sys_exit(status);
}

char **environ;

int exec(const char *name, char *const argv[])
{
    return __sys_exec(name, argv, environ);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    return __sys_exec(path, argv, envp);
}

char *getenv(const char *name)
{
    size_t length = strlen(name);
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, name, length) == 0 && (*e)[length] == '=')
            return *e + length + 1;
    return NULL;
}

int execp(const char *name, char *const argv[])
{
    if (strchr(name, '/'))
        return exec(name, argv);
    /* /bin first, as a shell's PATH; then the name itself (the current directory, or a
     * program built into the kernel image). */
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "/bin/%s", name) >= (int)sizeof path)
        return -ENAMETOOLONG;
    int error = exec(path, argv);
    return error == -ENOENT ? exec(name, argv) : error;
}

int execv(const char *path, char *const argv[])
{
    return exec(path, argv);
}

int execvp(const char *name, char *const argv[])
{
    return execp(name, argv);
}

/* The heap: blocks with a header, free ones on a list in address order, merged with
 * free neighbours. First fit; memory comes from sbrk in steps of at least 16 KiB. */
struct block {
    size_t size;        /* bytes after the header */
    struct block *next; /* free list only */
};

#define HEADER sizeof(struct block)
#define ALIGN(n) (((n) + 15u) & ~(size_t)15u)

static struct block *free_list;

static void insert_free(struct block *b)
{
    struct block **link = &free_list;
    while (*link && *link < b)
        link = &(*link)->next;
    b->next = *link;
    *link = b;
    /* Merge with the next block, then with the previous one. */
    if (b->next && (char *)b + HEADER + b->size == (char *)b->next) {
        b->size += HEADER + b->next->size;
        b->next = b->next->next;
    }
    if (link != &free_list) {
        struct block *previous = (struct block *)((char *)link - offsetof(struct block, next));
        if ((char *)previous + HEADER + previous->size == (char *)b) {
            previous->size += HEADER + b->size;
            previous->next = b->next;
        }
    }
}

void *malloc(size_t size)
{
    if (size == 0 || size > 0x7fff0000u)
        return NULL;
    size = ALIGN(size);
    for (int attempt = 0; attempt < 2; attempt++) {
        for (struct block **link = &free_list; *link; link = &(*link)->next) {
            struct block *b = *link;
            if (b->size < size)
                continue;
            if (b->size >= size + HEADER + 16) { /* split: the rest stays free */
                struct block *rest = (struct block *)((char *)b + HEADER + size);
                rest->size = b->size - size - HEADER;
                rest->next = b->next;
                b->size = size;
                *link = rest;
            } else {
                *link = b->next;
            }
            return (char *)b + HEADER;
        }
        size_t grow = size + HEADER < 16384 ? 16384 : ALIGN(size + HEADER);
        void *memory = sbrk((int)grow);
        if (sbrk_failed(memory))
            return NULL;
        struct block *fresh = memory;
        fresh->size = grow - HEADER;
        insert_free(fresh);
    }
    return NULL;
}

void free(void *pointer)
{
    if (pointer)
        insert_free((struct block *)((char *)pointer - HEADER));
}

void *calloc(size_t count, size_t size)
{
    if (size && count > 0x7fff0000u / size)
        return NULL;
    void *p = malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *realloc(void *pointer, size_t size)
{
    if (!pointer)
        return malloc(size);
    struct block *b = (struct block *)((char *)pointer - HEADER);
    if (b->size >= size)
        return pointer;
    void *bigger = malloc(size);
    if (bigger) {
        memcpy(bigger, pointer, b->size);
        free(pointer);
    }
    return bigger;
}
