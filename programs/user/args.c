/* Used by usertests' exec test: exits 0 if its arguments are exactly
 * "args one two three", and 1 (saying why) otherwise. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    const char *expected[] = {"args", "one", "two", "three"};
    if (argc != 4) {
        printf("args: argc is %d, expected 4\n", argc);
        return 1;
    }
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], expected[i]) != 0) {
            printf("args: argv[%d] is '%s', expected '%s'\n", i, argv[i], expected[i]);
            return 1;
        }
    }
    if (argv[argc] != 0) {
        printf("args: argv[argc] is not NULL\n");
        return 1;
    }
    return 0;
}
