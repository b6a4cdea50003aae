/* A first guest OS program, as the getting-started page builds it:
 *     build/vmsim-cc programs/examples/hello.c -o hello.elf && build/vmsim hello.elf you
 * Plain C with standard headers; exit status = the number of arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bye(void) { printf("bye from atexit\n"); }

int main(int argc, char **argv)
{
    atexit(bye);
    char *copy = malloc(64);
    strcpy(copy, argc > 1 ? argv[1] : "world");
    printf("hello, %s (%d args)\n", copy, argc);
    free(copy);
    return argc;
}
