/* Threads over the kernel's thread_spawn: each new thread gets its own copy of the
 * thread-local block (picolibc's errno), carved from the top of the stack it is given. */
#include <picolibc.h> /* before picotls.h, which needs PICOLIBC_TLS */
#include <picotls.h>
#include <stdint.h>

#include "vmsim.h"

struct thread_start {
    void (*function)(void *);
    void *arg;
};

/* A new thread starts here with a0 = its start record, a1 = its thread-local block
 * (src/os/sys_thread.c sets a0, a1 and sp). */
static void thread_entry(struct thread_start *start, void *tls)
{
    _set_tls(tls);
    start->function(start->arg);
    thread_exit(0);
}

int thread_create(void (*function)(void *), void *arg, void *stack_top)
{
    uintptr_t top = (uintptr_t)stack_top & ~(uintptr_t)15;
    uintptr_t align = _tls_align() > 16 ? _tls_align() : 16;
    uintptr_t tls = (top - _tls_size()) & ~(align - 1);
    struct thread_start *start = (struct thread_start *)((tls - sizeof *start) & ~(uintptr_t)15);
    start->function = function;
    start->arg = arg;
    _init_tls((void *)tls);
    return thread_spawn((void (*)(void))thread_entry, (uintptr_t)start, tls, (uintptr_t)start);
}
