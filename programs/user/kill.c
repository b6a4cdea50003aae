/* kill [-SIGNAL] PIDS...: sends a signal (default SIGTERM; a number or INT, KILL, TERM,
 * STOP, CONT, USR1, USR2). */
#include "lib/user.h"

static int signal_number(const char *name)
{
    static const struct {
        const char *name;
        int number;
    } names[] = {{"INT", SIGINT}, {"KILL", SIGKILL}, {"TERM", SIGTERM}, {"STOP", SIGSTOP},
                 {"CONT", SIGCONT}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}};
    if (isdigit((unsigned char)*name))
        return atoi(name);
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].number;
    return -1;
}

int main(int argc, char **argv)
{
    int sig = SIGTERM, i = 1;
    if (i < argc && argv[i][0] == '-') {
        sig = signal_number(argv[i] + 1);
        i++;
    }
    if (sig <= 0 || sig >= NSIG || i == argc) {
        dprintf(2, "usage: kill [-SIGNAL] PID...\n");
        return 2;
    }
    int status = 0;
    for (; i < argc; i++) {
        int error = kill(atoi(argv[i]), sig);
        if (error < 0) {
            dprintf(2, "kill: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
