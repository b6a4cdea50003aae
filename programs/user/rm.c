/* rm FILES...: removes files (and empty directories). */
#include "lib/user.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        dprintf(2, "usage: rm FILE...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        int error = unlink(argv[i]);
        if (error == -EISDIR)
            error = rmdir(argv[i]);
        if (error < 0) {
            dprintf(2, "rm: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
