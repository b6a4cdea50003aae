/* signals: a child installs a handler for SIGUSR1 and waits; the parent sends it three
 * signals, then SIGTERM, which has no handler and ends the child (status 128 + 15). */
#include "lib/user.h"

static volatile int received;

static void on_usr1(int sig)
{
    received++;
    printf("signals: child %d caught signal %d (%d so far)\n", getpid(), sig, received);
}

int main(void)
{
    int pid = fork();
    if (pid == 0) {
        signal(SIGUSR1, on_usr1);
        for (;;)
            msleep(1000);
    }
    msleep(20); /* let the child install its handler */
    for (int i = 0; i < 3; i++) {
        kill(pid, SIGUSR1);
        msleep(20);
    }
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    printf("signals: child %d ended with status %d (128 + SIGTERM = %d)\n", pid, WAIT_STATUS_AS_CODE(status),
           STATUS_KILLED_BY(SIGTERM));
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? 0 : 1;
}
