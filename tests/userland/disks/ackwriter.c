/* ackwriter DIR ROUND OPS: OPS operations in DIR, each acknowledged on the console once it
 * is on the disk. The kernel commits a system call's transaction before the call returns,
 * so a printed acknowledgement means the operation survives any later kill of vmsim.
 * Operation i creates DIR/rROUND-i holding its own name, a line, repeated to 1500 bytes (two
 * blocks), and says "ack create rROUND-i"; every fourth one then removes the file of
 * operation i - 2 and says "ack remove rROUND-j". The kill test (kill_during_writes.sh)
 * checks every acknowledgement against the image. */
#include "lib/user.h"

#define FILE_BYTES 1500

static char contents[FILE_BYTES + 32];

static int fill(const char *name)
{
    int length = (int)strlen(name), used = 0;
    while (used + length + 1 <= FILE_BYTES) {
        memcpy(contents + used, name, (unsigned)length);
        contents[used + length] = '\n';
        used += length + 1;
    }
    return used;
}

int main(int argc, char **argv)
{
    if (argc != 4 || atoi(argv[3]) < 1) {
        dprintf(2, "usage: ackwriter DIR ROUND OPS\n");
        return 2;
    }
    const char *dir = argv[1];
    int round = atoi(argv[2]), ops = atoi(argv[3]);
    mkdir(dir, 0755); /* it may be there from an earlier round */
    char path[64], name[32];
    for (int i = 1; i <= ops; i++) {
        snprintf(name, sizeof name, "r%d-%d", round, i);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int length = fill(name);
        if (fd < 0 || write(fd, contents, (unsigned)length) != length || close(fd) < 0) {
            dprintf(2, "ackwriter: cannot write %s\n", path);
            return 1;
        }
        printf("ack create %s\n", name);
        if (i % 4 == 0) {
            snprintf(name, sizeof name, "r%d-%d", round, i - 2);
            snprintf(path, sizeof path, "%s/%s", dir, name);
            if (unlink(path) < 0) {
                dprintf(2, "ackwriter: cannot remove %s\n", path);
                return 1;
            }
            printf("ack remove %s\n", name);
        }
    }
    printf("ackwriter: round %d done\n", round);
    return 0;
}
