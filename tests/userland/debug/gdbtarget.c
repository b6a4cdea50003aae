/* gdbtarget: the guest program the gdb tests debug (tests/userland/debug/guest_checks.py). The
 * parent forks a child; each writes its own value into `marker` (copy-on-write keeps them
 * apart) and both call reached(), the child only after the parent closes a pipe. In
 * between the parent calls far_away(), alone on a page that is not present until first
 * called (demand paging), stores deep into its stack (a page fault the kernel serves)
 * and makes a getpid system call. */
#include "lib/user.h"

volatile unsigned marker = 0x5555;
volatile int reached_sum;

/* Its own page: the call faults it in. */
__attribute__((noinline, aligned(4096))) int far_away(int x)
{
    return x * 3 + 1;
}

__attribute__((noinline)) int touch_stack(void)
{
    volatile char deep[3 * 4096];
    deep[0] = 7; /* a store page fault: the kernel gives the stack its pages on first touch */
    return deep[0];
}

__attribute__((noinline)) void reached(int who)
{
    reached_sum += who;
}

int main(int argc, char **argv)
{
    int go[2], ready[2];
    if (pipe(go) < 0 || pipe(ready) < 0)
        return 1;
    int child = fork();
    if (child == 0) {
        char c = 0;
        marker = 0x2222;
        write(ready[1], &c, 1);
        read(go[0], &c, 1); /* until the parent writes */
        reached(2);
        exit(0);
    }
    char c = 0;
    read(ready[0], &c, 1); /* the child has set its marker */
    marker = 0x1111;
    reached(1);
    int y = far_away(argc);
    int z = touch_stack();
    int pid = getpid();
    write(go[1], &c, 1);
    waitpid(child, NULL, 0);
    printf("gdbtarget: %s %d %d %d\n", argv[0], y, z, pid);
    return 0;
}
