/* FILE streams over descriptors, for code written against <stdio.h>. Output goes straight
 * to write (one call per fprintf, as printf), so nothing waits in a buffer at exit; input
 * is read a buffer at a time for fgetc/fgets. */
#include "user.h"

struct file {
    int fd;
    bool eof, error;
    unsigned position, length; /* unread input: buffer[position..length) */
    char buffer[BUFSIZ];
};

static struct file standard_streams[3] = {{.fd = 0}, {.fd = 1}, {.fd = 2}};
FILE *stdin = &standard_streams[0];
FILE *stdout = &standard_streams[1];
FILE *stderr = &standard_streams[2];

int vfprintf(FILE *stream, const char *f, va_list args)
{
    return vdprintf(stream->fd, f, args);
}

int vprintf(const char *f, va_list args)
{
    return vdprintf(1, f, args);
}

int fprintf(FILE *stream, const char *f, ...)
{
    va_list args;
    va_start(args, f);
    int n = vdprintf(stream->fd, f, args);
    va_end(args);
    return n;
}

size_t fwrite(const void *data, size_t size, size_t count, FILE *stream)
{
    const char *bytes = data;
    size_t total = size * count, done = 0;
    while (done < total) {
        int n = write(stream->fd, bytes + done, (unsigned)(total - done));
        if (n <= 0) {
            stream->error = true;
            break;
        }
        done += (size_t)n;
    }
    return size ? done / size : 0;
}

int fputs(const char *s, FILE *stream)
{
    size_t length = strlen(s);
    return fwrite(s, 1, length, stream) == length ? 0 : EOF;
}

int fputc(int c, FILE *stream)
{
    char byte = (char)c;
    return fwrite(&byte, 1, 1, stream) == 1 ? (unsigned char)c : EOF;
}

int fgetc(FILE *stream)
{
    if (stream->position == stream->length) {
        if (stream->eof)
            return EOF;
        int n = read(stream->fd, stream->buffer, sizeof stream->buffer);
        if (n <= 0) {
            stream->error = n < 0;
            stream->eof = true;
            return EOF;
        }
        stream->position = 0;
        stream->length = (unsigned)n;
    }
    return (unsigned char)stream->buffer[stream->position++];
}

int getchar(void)
{
    return fgetc(stdin);
}

char *fgets(char *buffer, int size, FILE *stream)
{
    if (size <= 0)
        return NULL;
    int n = 0;
    while (n + 1 < size) {
        int c = fgetc(stream);
        if (c == EOF)
            break;
        buffer[n++] = (char)c;
        if (c == '\n')
            break;
    }
    if (n == 0 && size > 1)
        return NULL;
    buffer[n] = '\0';
    return buffer;
}

size_t fread(void *data, size_t size, size_t count, FILE *stream)
{
    unsigned char *bytes = data;
    size_t total = size * count, n = 0;
    for (; n < total; n++) {
        int c = fgetc(stream);
        if (c == EOF)
            break;
        bytes[n] = (unsigned char)c;
    }
    return size ? n / size : 0;
}

FILE *fdopen(int fd, const char *mode)
{
    (void)mode;
    FILE *stream = calloc(1, sizeof *stream);
    if (stream)
        stream->fd = fd;
    return stream;
}

FILE *fopen(const char *path, const char *mode)
{
    int flags = O_RDONLY;
    if (mode[0] == 'w')
        flags = O_WRONLY | O_CREAT | O_TRUNC;
    else if (mode[0] == 'a')
        flags = O_WRONLY | O_CREAT | O_APPEND;
    else if (mode[0] != 'r')
        return NULL;
    if (strchr(mode, '+'))
        flags = (flags & ~O_ACCMODE) | O_RDWR;
    int fd = open(path, flags, 0666);
    if (fd < 0)
        return NULL;
    FILE *stream = fdopen(fd, mode);
    if (!stream)
        close(fd);
    return stream;
}

int fclose(FILE *stream)
{
    int error = close(stream->fd);
    if (stream < standard_streams || stream > standard_streams + 2)
        free(stream);
    return error < 0 ? EOF : 0;
}

int fflush(FILE *stream)
{
    (void)stream;
    return 0;
}

int feof(FILE *stream)
{
    return stream->eof && stream->position == stream->length;
}

int ferror(FILE *stream)
{
    return stream->error;
}

int fileno(FILE *stream)
{
    return stream->fd;
}
