/* fillfile [--forever] PATH MIB: writes MIB MiB to PATH in 8 KiB writes, reporting every
 * 256 KiB, then reads it back and checks every byte. Each write is one file-system
 * transaction, so a power-off (or a killed vmsim) in the middle leaves the file a whole
 * number of them. With --forever it writes the same MIB MiB again from the start, in
 * place, until it is stopped: a test that kills it mid-write then never races its end. */
#include "lib/user.h"

#define CHUNK 8192

static char chunk[CHUNK];

static char byte_at(unsigned offset)
{
    return (char)('a' + (offset / CHUNK) % 26);
}

int main(int argc, char **argv)
{
    bool forever = argc == 4 && strcmp(argv[1], "--forever") == 0;
    if (forever) {
        argc--;
        argv++;
    }
    if (argc != 3 || atoi(argv[2]) < 1) {
        dprintf(2, "usage: fillfile [--forever] PATH MIB\n");
        return 2;
    }
    unsigned total = (unsigned)atoi(argv[2]) * 1024u * 1024u;
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
        dprintf(2, "fillfile: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    for (unsigned done = 0; done < total;) {
        memset(chunk, byte_at(done), CHUNK);
        int n = write(fd, chunk, CHUNK);
        if (n != CHUNK) {
            dprintf(2, "fillfile: write at %u: %s\n", done, n < 0 ? strerror(errno) : "short");
            return 1;
        }
        done += CHUNK;
        if (done % (256 * 1024) == 0)
            printf("fillfile: written %u KiB\n", done / 1024);
        if (forever && done == total) {
            if (lseek(fd, 0, SEEK_SET) != 0) {
                dprintf(2, "fillfile: %s: cannot seek to the start\n", argv[1]);
                return 1;
            }
            done = 0;
        }
    }
    close(fd);
    fd = open(argv[1], O_RDONLY);
    for (unsigned done = 0; done < total; done += CHUNK) {
        if (read(fd, chunk, CHUNK) != CHUNK) {
            dprintf(2, "fillfile: short read at %u\n", done);
            return 1;
        }
        for (unsigned i = 0; i < CHUNK; i++)
            if (chunk[i] != byte_at(done)) {
                dprintf(2, "fillfile: wrong byte at %u\n", done + i);
                return 1;
            }
    }
    printf("fillfile: %s: %u KiB written and read back\n", argv[1], total / 1024);
    return 0;
}
