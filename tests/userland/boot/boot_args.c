/* boot_args: prints its argument count and each argument, and exits with 10 + argc, so
 * that a test sees both the arguments and the exit status come through vmsim. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    printf("boot_args: argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("boot_args: argv[%d]=%s\n", i, argv[i]);
    return 10 + argc;
}
