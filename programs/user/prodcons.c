/* prodcons [ITEMS]: a producer and a consumer process over a pipe. The producer writes
 * numbered records faster than the consumer takes them, so it blocks when the pipe is
 * full; the consumer checks that every record arrives, in order, and sums them. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    int items = argc > 1 ? atoi(argv[1]) : 2000;
    int fds[2];
    int error = pipe(fds);
    if (error < 0) {
        dprintf(2, "prodcons: pipe: %s\n", strerror(errno));
        return 1;
    }
    int producer = fork();
    if (producer == 0) {
        close(fds[0]);
        for (int i = 1; i <= items; i++)
            if (write(fds[1], &i, sizeof i) != sizeof i)
                exit(1);
        close(fds[1]);
        exit(0);
    }
    close(fds[1]);
    int expected = 1, value;
    unsigned sum = 0;
    while (read(fds[0], &value, sizeof value) == sizeof value) {
        if (value != expected) {
            printf("prodcons: got %d, expected %d\n", value, expected);
            return 1;
        }
        sum += (unsigned)value;
        expected++;
    }
    int status;
    waitpid(producer, &status, 0);
    printf("prodcons: consumed %d items in order, sum %u, producer exited %d\n", expected - 1, sum, status);
    return expected - 1 == items && status == 0 ? 0 : 1;
}
