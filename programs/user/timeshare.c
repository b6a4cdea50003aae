/* The time-sharing demonstration: starts three CPU-bound spin processes at once and
 * waits for them. Their output interleaves because the timer preempts each in turn;
 * `vmsim --stats` then lists each one's TLB statistics under its own ASID and name. */
#include "lib/user.h"

int main(void)
{
    char *labels[] = {"A", "B", "C"};
    int pids[3];
    for (int i = 0; i < 3; i++) {
        pids[i] = fork();
        if (pids[i] < 0) {
            printf("timeshare: fork failed: %d\n", pids[i]);
            return 1;
        }
        if (pids[i] == 0) {
            char *argv[] = {"spin", labels[i], 0};
            execp("spin", argv);
            exit(127);
        }
    }
    int failures = 0;
    for (int i = 0; i < 3; i++) {
        int status;
        if (waitpid(pids[i], &status, 0) != pids[i] || status != 0)
            failures++;
    }
    printf("timeshare: all spinners done\n");
    return failures;
}
