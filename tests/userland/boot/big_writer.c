/* big_writer PATH: writes PATH over and over in 4 KiB pieces, 4 MiB a pass, forever,
 * printing a line every 64 KiB. The test kills vmsim with SIGTERM in the middle and then
 * checks the image: every system call's changes must be all there or not at all. */
#include "lib/user.h"

#define PIECE 4096
#define PASS (4 * 1024 * 1024)

int main(int argc, char **argv)
{
    if (argc != 2) {
        printf("usage: big_writer PATH\n");
        return 2;
    }
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("big_writer: cannot open %s: error %d\n", argv[1], -fd);
        return 1;
    }
    static char piece[PIECE];
    for (unsigned pass = 1;; pass++) {
        for (int i = 0; i < PIECE; i++)
            piece[i] = (char)('a' + (pass + (unsigned)i / 64) % 26);
        for (int written = 0; written < PASS; written += PIECE) {
            int n = write(fd, piece, PIECE);
            if (n != PIECE) {
                printf("big_writer: write returned %d\n", n);
                return 1;
            }
            if ((written + PIECE) % (64 * 1024) == 0)
                printf("big_writer: pass %u, %d KiB\n", pass, (written + PIECE) / 1024);
        }
        if (lseek(fd, 0, SEEK_SET) != 0) {
            printf("big_writer: lseek failed\n");
            return 1;
        }
    }
}
