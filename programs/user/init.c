/* init, the first process (pid 1, root). It starts the program the boot command line
 * names (argv[1], with the words after it as its arguments), or the shell /bin/sh when
 * it names none; reaps every orphan the kernel hands it; and when that program ends,
 * exits with its status: the kernel powers the machine off with init's exit status. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    static char *shell[] = {"sh", NULL}; /* /bin/sh, or the kernel image's */
    char **program = argc < 2 ? shell : argv + 1;
    int pid = fork();
    if (pid < 0) {
        printf("init: fork failed: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        execp(program[0], program);
        printf("init: cannot run %s: %s\n", program[0], strerror(errno));
        exit(127);
    }
    for (;;) {
        int status;
        int reaped = wait(&status);
        if (reaped == pid)
            return WAIT_STATUS_AS_CODE(status); /* 128 + signal if a signal ended it */
        if (reaped < 0 && errno != EINTR) {
            printf("init: wait failed: %s\n", strerror(errno));
            return 1;
        }
    }
}
