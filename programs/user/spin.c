/* spin LABEL: a CPU-bound process that never yields. It does five rounds of busy work
 * and prints a line after each; several at once show the timer sharing the CPU among
 * them, their lines interleaving. */
#include "lib/user.h"

#define ROUNDS 5
#define WORK_PER_ROUND 150000

int main(int argc, char **argv)
{
    const char *label = argc > 1 ? argv[1] : "?";
    volatile uint32_t sum = 0;
    for (int round = 1; round <= ROUNDS; round++) {
        for (uint32_t i = 0; i < WORK_PER_ROUND; i++)
            sum += i;
        printf("spin %s (pid %d): round %d of %d at tick %d\n", label, getpid(), round, ROUNDS, uptime());
    }
    return 0;
}
