/* Used by usertests' exec tests: exits 0 if its arguments are exactly
 * "args one two three", and 1 (saying why) otherwise. `args --count ...` instead prints
 * how many arguments and environment strings came, their bytes, and $VMSIM_TEST. */
#include "lib/user.h"

static int count(int argc, char **argv)
{
    unsigned bytes = 0, envc = 0;
    for (int i = 0; i < argc; i++)
        bytes += strlen(argv[i]) + 1;
    for (char **e = environ; *e; e++, envc++)
        bytes += strlen(*e) + 1;
    const char *test = getenv("VMSIM_TEST");
    printf("%d arguments, %u environment strings, %u bytes, VMSIM_TEST=%s\n", argc, envc, bytes,
           test ? test : "(none)");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--count") == 0)
        return count(argc, argv);
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
