/* tty: as on Unix, prints the name of the terminal on standard input, or "not a tty" with
 * status 1 when it is none (a file, a pipe, or the console fed from a pipe: console=pipe).
 * The guest has one terminal, the console. */
#include "lib/user.h"

int main(void)
{
    if (!isatty(0)) {
        printf("not a tty\n");
        return 1;
    }
    printf("/dev/console\n");
    return 0;
}
