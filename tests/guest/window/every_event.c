/* every_event: a guest OS program that makes every kind of event the window's slow motion
 * runs to (trap, system call, context switch, page fault) again and again, forever, so
 * that a test may press F7 whenever it likes and the next one always comes: a child is
 * forked, touches a page of fresh heap (a page fault) and exits; the parent waits for it
 * (a context switch each way). The run ends when the test quits the window (F10). */
#include "lib/user.h"

int main(void)
{
    printf("every_event: forking a child that touches a page, forever\n");
    for (;;) {
        int pid = fork();
        if (pid == 0) {
            char *page = sbrk(4096);
            if (page != (void *)-1)
                page[0] = 1;
            exit(0);
        }
        if (pid < 0) {
            dprintf(2, "every_event: fork: %s\n", strerror(errno));
            return 1;
        }
        int status;
        waitpid(pid, &status, 0);
    }
}
