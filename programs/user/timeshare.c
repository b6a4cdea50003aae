/* The time-sharing demonstration: starts three CPU-bound spin processes at once and
 * waits for them. Their output interleaves because the timer preempts each in turn;
 * `vmsim --stats` then lists each one's TLB statistics under its own ASID and name.
 *
 * `timeshare ranked` (run as root) creates them with priorities 5, 6 and 7, A first, for
 * the priority scheduler (kernel option sched=priority) to tell apart: it holds priority 0
 * itself, the highest, so that none of them runs before all three exist, and lends each
 * child its priority by taking it for the fork (a child inherits its parent's). */
#include "lib/user.h"

int main(int argc, char **argv)
{
    bool ranked = argc > 1 && strcmp(argv[1], "ranked") == 0;
    char *labels[] = {"A", "B", "C"};
    int pids[3];
    if (ranked && setpriority(0) < 0) {
        printf("timeshare: ranked needs root, to take priority 0\n");
        return 1;
    }
    for (int i = 0; i < 3; i++) {
        if (ranked)
            setpriority(5 + i);
        pids[i] = fork();
        if (ranked)
            setpriority(0);
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
