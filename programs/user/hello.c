/* The smallest program: greets and prints its arguments. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    printf("hello from pid %d:", getpid());
    for (int i = 0; i < argc; i++)
        printf(" %s", argv[i]);
    printf("\n");
    return 0;
}
