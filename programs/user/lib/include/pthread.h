/* <pthread.h> for guest OS programs (picolibc has none): threads on the kernel's threads
 * of one process, mutexes and condition variables (programs/user/lib/pthread.c). A thread
 * waiting for a mutex or a condition sleeps in the kernel (futex) until it may go on. */
#ifndef VMSIM_PTHREAD_H
#define VMSIM_PTHREAD_H

#include <sched.h>
#include <sys/_types.h>
#include <stddef.h>
#include <time.h>

typedef struct pthread *pthread_t;

typedef struct {
    size_t stack_size;
    int detached;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1
#define PTHREAD_STACK_MIN 4096

typedef struct {
    volatile __uint32_t word; /* 0 free, 1 taken, 2 taken with waiters (a futex) */
} pthread_mutex_t;
typedef struct {
    int unused;
} pthread_mutexattr_t;
#define PTHREAD_MUTEX_INITIALIZER {0}

typedef struct {
    volatile __uint32_t sequence; /* bumped by each signal and broadcast (a futex) */
} pthread_cond_t;
typedef struct {
    int unused;
} pthread_condattr_t;
#define PTHREAD_COND_INITIALIZER {0}

typedef struct {
    volatile int state; /* 0 not run, 1 running, 2 done */
} pthread_once_t;
#define PTHREAD_ONCE_INIT {0}

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg);
int pthread_join(pthread_t thread, void **result);
int pthread_detach(pthread_t thread);
void pthread_exit(void *result) __attribute__((__noreturn__));
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_once(pthread_once_t *once, void (*function)(void));

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *mutex);
int pthread_mutex_lock(pthread_mutex_t *mutex);
int pthread_mutex_trylock(pthread_mutex_t *mutex);
int pthread_mutex_unlock(pthread_mutex_t *mutex);
int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);

int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *cond);
int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex);
int pthread_cond_signal(pthread_cond_t *cond);
int pthread_cond_broadcast(pthread_cond_t *cond);
int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);

#endif
