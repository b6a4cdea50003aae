/* The time-sharing demonstration: starts three CPU-bound spin processes at once and
 * waits for them. Their output interleaves because the timer preempts each in turn;
 * `vmsim --stats` then lists each one's TLB statistics under its own ASID and name.
 * `timeshare ranked` gives them priorities 5, 6 and 7 (A first), for the priority
 * scheduler (kernel option sched=priority) to tell apart. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    bool ranked = argc > 1 && strcmp(argv[1], "ranked") == 0;
    char *labels[] = {"A", "B", "C"};
    int pids[3];
    for (int i = 0; i < 3; i++) {
        pids[i] = fork();
        if (pids[i] < 0) {
            printf("timeshare: fork failed: %d\n", pids[i]);
            return 1;
        }
        if (pids[i] == 0) {
            if (ranked && setpriority(5 + i) < 0)
                exit(126);
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
