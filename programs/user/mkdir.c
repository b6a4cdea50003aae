/* mkdir DIRS...: makes directories. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        dprintf(2, "usage: mkdir DIRECTORY...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int error = mkdir(argv[i], 0777);
        if (error < 0) {
            dprintf(2, "mkdir: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
