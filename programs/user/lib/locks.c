/* picolibc's locks (its streams and malloc take them) for programs with several threads:
 * every lock is the one recursive lock of this process, a spin lock that yields the CPU
 * while another thread holds it. One lock is enough for a library whose critical sections
 * are short, and it needs no memory of its own. A thread is known by its tp register (each
 * thread has its own thread-local block), so taking the lock needs no system call. */
#include <stdint.h>
#include <sys/lock.h>

#include "vmsim.h"

struct __lock {
    int taken;          /* 0 or 1, swapped atomically */
    uintptr_t owner;    /* the holder's tp */
    unsigned depth;     /* how many times the holder took it */
};

struct __lock __lock___libc_recursive_mutex;

static struct __lock *const the_lock = &__lock___libc_recursive_mutex;

static uintptr_t this_thread(void)
{
    uintptr_t tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}

static int try_take(void)
{
    uintptr_t self = this_thread();
    if (__atomic_load_n(&the_lock->taken, __ATOMIC_ACQUIRE) && the_lock->owner == self) {
        the_lock->depth++;
        return 1;
    }
    if (__atomic_exchange_n(&the_lock->taken, 1, __ATOMIC_ACQUIRE))
        return 0;
    the_lock->owner = self;
    the_lock->depth = 1;
    return 1;
}

static void take(void)
{
    while (!try_take())
        yield();
}

static void give(void)
{
    if (--the_lock->depth == 0) {
        the_lock->owner = 0;
        __atomic_store_n(&the_lock->taken, 0, __ATOMIC_RELEASE);
    }
}

void __retarget_lock_init(_LOCK_T *lock) { *lock = the_lock; }
void __retarget_lock_init_recursive(_LOCK_T *lock) { *lock = the_lock; }
void __retarget_lock_close(_LOCK_T lock) { (void)lock; }
void __retarget_lock_close_recursive(_LOCK_T lock) { (void)lock; }
void __retarget_lock_acquire(_LOCK_T lock) { (void)lock; take(); }
void __retarget_lock_acquire_recursive(_LOCK_T lock) { (void)lock; take(); }
int __retarget_lock_try_acquire(_LOCK_T lock) { (void)lock; return try_take(); }
int __retarget_lock_try_acquire_recursive(_LOCK_T lock) { (void)lock; return try_take(); }
void __retarget_lock_release(_LOCK_T lock) { (void)lock; give(); }
void __retarget_lock_release_recursive(_LOCK_T lock) { (void)lock; give(); }
