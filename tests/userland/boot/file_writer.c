/* file_writer PATH WORD...: writes the words, one a line, to the file PATH (created or
 * truncated) and exits 0; says why and exits 1 on any error. The host then reads PATH
 * out of the --disk image with vmsim-fs get. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        printf("usage: file_writer PATH WORD...\n");
        return 2;
    }
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("file_writer: cannot open %s: error %d\n", argv[1], -fd);
        return 1;
    }
    for (int i = 2; i < argc; i++) {
        int length = (int)strlen(argv[i]);
        if (write(fd, argv[i], (unsigned)length) != length || write(fd, "\n", 1) != 1) {
            printf("file_writer: cannot write %s\n", argv[1]);
            return 1;
        }
    }
    if (close(fd) < 0) {
        printf("file_writer: cannot close %s\n", argv[1]);
        return 1;
    }
    printf("file_writer: wrote %s\n", argv[1]);
    return 0;
}
