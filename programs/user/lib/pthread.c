/* POSIX threads over the kernel's threads (thread.c's thread_create gives each its
 * thread-local block). A pthread_t is a record on the heap holding the thread's id and
 * stack, freed by pthread_join; a detached thread's are never freed (nothing is left to
 * free them once it runs no more). Mutexes and condition variables are words that
 * waiting threads sleep on in the kernel (futex_wait) until another wakes them
 * (futex_wake). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "vmsim.h"

#define DEFAULT_STACK_SIZE (64 * 1024)

struct pthread {
    int tid;
    int detached;
    void *stack;
    void *(*start)(void *);
    void *arg;
};

static __thread struct pthread *self;
static struct pthread main_thread;

static void thread_body(void *record)
{
    struct pthread *thread = record;
    self = thread;
    pthread_exit(thread->start(thread->arg));
}

int pthread_attr_init(pthread_attr_t *attr)
{
    *attr = (pthread_attr_t){.stack_size = DEFAULT_STACK_SIZE, .detached = PTHREAD_CREATE_JOINABLE};
    return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
    if (size < PTHREAD_STACK_MIN)
        return EINVAL;
    attr->stack_size = size;
    return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
    *size = attr->stack_size;
    return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
        return EINVAL;
    attr->detached = state;
    return 0;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
    pthread_attr_t defaults;
    if (!attr) {
        pthread_attr_init(&defaults);
        attr = &defaults;
    }
    struct pthread *record = malloc(sizeof *record);
    char *stack = malloc(attr->stack_size);
    if (!record || !stack) {
        free(record);
        free(stack);
        return EAGAIN;
    }
    *record = (struct pthread){.detached = attr->detached, .stack = stack, .start = start, .arg = arg};
    int saved_errno = errno;
    int tid = thread_create(thread_body, record, stack + attr->stack_size);
    if (tid < 0) {
        int error = errno;
        errno = saved_errno;
        free(record);
        free(stack);
        return error == ENOMEM ? EAGAIN : error;
    }
    record->tid = tid;
    *thread = record;
    return 0;
}

int pthread_join(pthread_t thread, void **result)
{
    if (thread == pthread_self())
        return EDEADLK;
    uint32_t value;
    int saved_errno = errno;
    if (thread_join(thread->tid, &value) < 0) {
        int error = errno;
        errno = saved_errno;
        return error;
    }
    if (result)
        *result = (void *)(uintptr_t)value;
    free(thread->stack);
    free(thread);
    return 0;
}

int pthread_detach(pthread_t thread)
{
    thread->detached = PTHREAD_CREATE_DETACHED;
    return 0;
}

void pthread_exit(void *result)
{
    thread_exit((uint32_t)(uintptr_t)result);
}

pthread_t pthread_self(void)
{
    if (!self) {
        main_thread.tid = gettid();
        self = &main_thread;
    }
    return self;
}

int pthread_equal(pthread_t a, pthread_t b)
{
    return a == b;
}

int pthread_once(pthread_once_t *once, void (*function)(void))
{
    int expected = 0;
    if (__atomic_compare_exchange_n(&once->state, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
        function();
        __atomic_store_n(&once->state, 2, __ATOMIC_RELEASE);
        return 0;
    }
    while (__atomic_load_n(&once->state, __ATOMIC_ACQUIRE) != 2)
        yield();
    return 0;
}

int sched_yield(void)
{
    return yield();
}

/* A mutex's word: 0 free, 1 taken, 2 taken with threads (perhaps) asleep on it, so
 * that an unlock with nobody waiting needs no system call. */
enum { MUTEX_FREE, MUTEX_TAKEN, MUTEX_CONTENDED };

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr)
{
    (void)attr;
    mutex->word = MUTEX_FREE;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *mutex)
{
    return mutex->word != MUTEX_FREE ? EBUSY : 0;
}

int pthread_mutex_trylock(pthread_mutex_t *mutex)
{
    uint32_t expected = MUTEX_FREE;
    return __atomic_compare_exchange_n(&mutex->word, &expected, MUTEX_TAKEN, 0, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED)
               ? 0
               : EBUSY;
}

int pthread_mutex_lock(pthread_mutex_t *mutex)
{
    if (pthread_mutex_trylock(mutex) == 0)
        return 0;
    int saved_errno = errno;
    /* Mark it contended; whoever swaps it from free has it. */
    while (__atomic_exchange_n(&mutex->word, MUTEX_CONTENDED, __ATOMIC_ACQUIRE) != MUTEX_FREE)
        futex_wait(&mutex->word, MUTEX_CONTENDED, NULL);
    errno = saved_errno;
    return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *mutex)
{
    if (__atomic_exchange_n(&mutex->word, MUTEX_FREE, __ATOMIC_RELEASE) == MUTEX_CONTENDED) {
        int saved_errno = errno;
        futex_wake(&mutex->word, 1);
        errno = saved_errno;
    }
    return 0;
}

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
    attr->unused = 0;
    return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr)
{
    (void)attr;
    cond->sequence = 0;
    return 0;
}

int pthread_cond_destroy(pthread_cond_t *cond)
{
    (void)cond;
    return 0;
}

/* Waits until a signal or broadcast after the mutex was let go: one that comes between
 * the unlock and the sleep changes the sequence, and futex_wait then does not sleep. A
 * wake-up may be spurious, as POSIX allows: callers wait in a loop on their condition. */
int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
    uint32_t seen = __atomic_load_n(&cond->sequence, __ATOMIC_ACQUIRE);
    pthread_mutex_unlock(mutex);
    int saved_errno = errno;
    futex_wait(&cond->sequence, seen, NULL);
    errno = saved_errno;
    return pthread_mutex_lock(mutex);
}

static int cond_wake(pthread_cond_t *cond, int count)
{
    __atomic_add_fetch(&cond->sequence, 1, __ATOMIC_RELEASE);
    int saved_errno = errno;
    futex_wake(&cond->sequence, count);
    errno = saved_errno;
    return 0;
}

int pthread_cond_signal(pthread_cond_t *cond)
{
    return cond_wake(cond, 1);
}

int pthread_cond_broadcast(pthread_cond_t *cond)
{
    return cond_wake(cond, INT_MAX);
}

int pthread_condattr_init(pthread_condattr_t *attr)
{
    attr->unused = 0;
    return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
    (void)attr;
    return 0;
}
