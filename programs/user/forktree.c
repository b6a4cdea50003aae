/* forktree [DEPTH]: each process forks two children until DEPTH levels (default 3), and
 * each prints who it is; parents wait for their children. 2^(DEPTH+1) - 1 processes. */
#include "lib/user.h"

static void grow(int level, int depth)
{
    printf("%*spid %d (parent %d) at level %d\n", 2 * level, "", getpid(), getppid(), level);
    if (level == depth)
        return;
    for (int i = 0; i < 2; i++) {
        int pid = fork();
        if (pid == 0) {
            grow(level + 1, depth);
            exit(0);
        }
        if (pid < 0)
            printf("forktree: fork: %s\n", strerror(errno));
    }
    int status;
    while (wait(&status) > 0)
        ;
}

int main(int argc, char **argv)
{
    int depth = argc > 1 ? atoi(argv[1]) : 3;
    if (depth < 0 || depth > 5) {
        dprintf(2, "usage: forktree [DEPTH 0..5]\n");
        return 2;
    }
    grow(0, depth);
    return 0;
}
