/* minishell: runs a few command lines as a small shell does: `echo ... | cat` through a
 * pipe, a child's exit status, a child killed by a signal, and a SIGUSR1 handler
 * installed with sigaction. Plain POSIX: fork, execvp, pipe, dup2, waitpid, sigaction. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_count++;
}

static void report(const char *what, int status)
{
    if (WIFEXITED(status))
        printf("%s: exited with %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("%s: killed by signal %d%s\n", what, WTERMSIG(status),
               WTERMSIG(status) == SIGTERM ? " (SIGTERM)" : "");
    else
        printf("%s: status %#x\n", what, status);
}

/* left | right, each an argv for execvp; returns right's status. */
static int pipeline(char *const left[], char *const right[])
{
    int fds[2];
    if (pipe(fds) < 0) {
        perror("pipe");
        return -1;
    }
    fflush(stdout);
    pid_t writer = fork();
    if (writer == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execvp(left[0], left);
        perror(left[0]);
        _exit(127);
    }
    pid_t reader = fork();
    if (reader == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        execvp(right[0], right);
        perror(right[0]);
        _exit(127);
    }
    close(fds[0]);
    close(fds[1]);
    int status;
    waitpid(writer, &status, 0);
    waitpid(reader, &status, 0);
    return status;
}

/* Reads what a child writes into a pipe, as a shell's $(...) does. */
static void capture(char *const argv[])
{
    int fds[2];
    pipe(fds);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char text[256];
    size_t length = 0;
    ssize_t n;
    while ((n = read(fds[0], text + length, sizeof text - 1 - length)) > 0)
        length += (size_t)n;
    close(fds[0]);
    text[length] = '\0';
    if (length && text[length - 1] == '\n')
        text[--length] = '\0';
    int status;
    waitpid(child, &status, 0);
    printf("captured \"%s\" (%zu bytes), ", text, length);
    report(argv[0], status);
}

int main(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGUSR1, &action, NULL) < 0) {
        perror("sigaction");
        return 1;
    }
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("SIGUSR1 handled %d times\n", (int)usr1_count);

    char *echo[] = {"echo", "through", "a", "pipe", NULL};
    char *cat[] = {"cat", NULL};
    printf("$ echo through a pipe | cat\n");
    report("pipeline", pipeline(echo, cat));

    char *words[] = {"echo", "hello", "from", "a", "child", NULL};
    capture(words);

    char *missing[] = {"no-such-command-here", NULL};
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        execvp(missing[0], missing);
        _exit(127);
    }
    int status;
    waitpid(child, &status, 0);
    report("no-such-command-here", status);

    fflush(stdout);
    child = fork();
    if (child == 0) {
        for (;;)
            pause();
    }
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
    report("a paused child", status);

    fflush(stdout);
    child = fork();
    if (child == 0)
        _exit(42);
    waitpid(child, &status, 0);
    report("a child that exits 42", status);

    struct sigaction old;
    sigaction(SIGUSR1, NULL, &old);
    printf("SIGUSR1's handler is %s\n", old.sa_handler == on_usr1 ? "on_usr1" : "something else");
    return 0;
}
