/* threads [THREADS] [COUNT]: threads of one process share its memory. Each adds 1 to a
 * shared counter COUNT times, taking turns through an atomic swap lock; the main thread
 * joins them all and checks the total. Without the lock, updates would be lost. */
#include "lib/user.h"

#define MAX_THREADS 8

static volatile int lock;
static volatile int counter;
static int count;
static char stacks[MAX_THREADS][4096] __attribute__((aligned(16)));

static void acquire(void)
{
    while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
        yield();
}

static void release(void)
{
    __atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
}

static void work(void *arg)
{
    for (int i = 0; i < count; i++) {
        acquire();
        counter = counter + 1;
        release();
    }
    printf("threads: thread %d (of pid %d) added %d\n", gettid(), getpid(), (int)(uintptr_t)arg);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4;
    count = argc > 2 ? atoi(argv[2]) : 20000;
    if (n < 1 || n > MAX_THREADS || count < 1) {
        dprintf(2, "usage: threads [THREADS 1..%d] [COUNT]\n", MAX_THREADS);
        return 2;
    }
    int tids[MAX_THREADS];
    for (int i = 0; i < n; i++) {
        tids[i] = thread_create(work, (void *)(uintptr_t)count, stacks[i] + sizeof stacks[i]);
        if (tids[i] < 0) {
            dprintf(2, "threads: %s\n", strerror(errno));
            return 1;
        }
    }
    for (int i = 0; i < n; i++)
        thread_join(tids[i], NULL);
    printf("threads: counter is %d, expected %d\n", counter, n * count);
    return counter == n * count ? 0 : 1;
}
