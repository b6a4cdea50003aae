/* pthreads [ITEMS]: producers and consumers share a bounded buffer guarded by a mutex
 * and two condition variables. Each producer makes ITEMS numbers; the consumers add up
 * what they take. The totals do not depend on how the threads interleave. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define PRODUCERS 3
#define CONSUMERS 2
#define SLOTS 4

static int buffer[SLOTS];
static int head, tail, used;
static int done_producers;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int items;

struct tally {
    long sum;
    int taken;
};

static void *produce(void *arg)
{
    int id = (int)(long)arg;
    for (int i = 1; i <= items; i++) {
        pthread_mutex_lock(&lock);
        while (used == SLOTS)
            pthread_cond_wait(&not_full, &lock);
        buffer[tail] = id * 1000 + i;
        tail = (tail + 1) % SLOTS;
        used++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    done_producers++;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *consume(void *arg)
{
    struct tally *tally = arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (used == 0 && done_producers < PRODUCERS)
            pthread_cond_wait(&not_empty, &lock);
        if (used == 0) {
            pthread_mutex_unlock(&lock);
            return tally;
        }
        int value = buffer[head];
        head = (head + 1) % SLOTS;
        used--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        tally->sum += value;
        tally->taken++;
    }
}

int main(int argc, char **argv)
{
    items = argc > 1 ? atoi(argv[1]) : 200;
    pthread_t producers[PRODUCERS], consumers[CONSUMERS];
    struct tally tallies[CONSUMERS] = {{0, 0}};
    for (int i = 0; i < CONSUMERS; i++)
        if (pthread_create(&consumers[i], NULL, consume, &tallies[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    for (int i = 0; i < PRODUCERS; i++)
        if (pthread_create(&producers[i], NULL, produce, (void *)(long)(i + 1)) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(producers[i], NULL);
    long sum = 0;
    int taken = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        void *result;
        pthread_join(consumers[i], &result);
        struct tally *tally = result;
        sum += tally->sum;
        taken += tally->taken;
    }
    long expected = 0;
    for (int p = 1; p <= PRODUCERS; p++)
        expected += (long)p * 1000 * items + (long)items * (items + 1) / 2;
    printf("%d producers, %d consumers, %d items each\n", PRODUCERS, CONSUMERS, items);
    printf("consumed %d items, sum %ld (expected %ld): %s\n", taken, sum, expected,
           taken == PRODUCERS * items && sum == expected ? "ok" : "WRONG");
    return sum == expected ? 0 : 1;
}
