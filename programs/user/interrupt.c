/* interrupt: Ctrl-C on the console. It starts a child that spins forever, makes the child
 * the console's foreground process and says "ready"; Ctrl-C then kills the child with
 * SIGINT, and this process, which is not in the foreground, goes on: it reports the
 * child's status and reads one more line to show that the console still works. Exit
 * status 0 if the child died of SIGINT and the line arrived. */
#include "lib/user.h"

int main(void)
{
    int child = fork();
    if (child < 0) {
        printf("interrupt: fork failed: %d\n", child);
        return 1;
    }
    if (child == 0) {
        for (;;)
            ;
    }
    int error = setforeground(child);
    if (error < 0) {
        printf("interrupt: setforeground failed: %d\n", error);
        return 1;
    }
    printf("interrupt: child %d spins in the foreground; ready for Ctrl-C\n", child);
    int status;
    if (waitpid(child, &status, 0) != child) {
        printf("interrupt: waitpid failed\n");
        return 1;
    }
    printf("interrupt: child %d ended with status %d\n", child, WAIT_STATUS_AS_CODE(status));
    char line[64];
    int n = read(0, line, sizeof line - 1);
    if (n <= 0) {
        printf("interrupt: no line after Ctrl-C: %d\n", n);
        return 1;
    }
    line[n - 1] = '\0';
    printf("interrupt: then read \"%s\"\n", line);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGINT ? 0 : 1;
}
