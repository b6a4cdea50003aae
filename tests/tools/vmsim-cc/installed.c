/* A program for the installed vmsim-cc: libm, a POSIX thread and <vmsim.h>. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <vmsim.h>

static void *root(void *arg)
{
    double *x = arg;
    *x = sqrt(*x);
    return x;
}

int main(int argc, char **argv)
{
    double x = argc > 1 ? atof(argv[1]) : 2;
    pthread_t thread;
    void *result;
    if (pthread_create(&thread, NULL, root, &x) != 0 || pthread_join(thread, &result) != 0)
        return 1;
    printf("sqrt(%s) = %f from thread 1, pid %d\n", argc > 1 ? argv[1] : "2", *(double *)result, getpid());
    return uptime() >= 0 ? 0 : 1;
}
