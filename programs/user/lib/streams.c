/* stdin, stdout and stderr on descriptors 0, 1 and 2 through picolibc's buffered streams.
 * stdout and stderr are line buffered (as stdout is on a terminal; stderr too, so that a
 * message is one write) and flushed at exit (start.c); reading standard input first writes
 * out what stdout and stderr hold, so a prompt shows before the program waits. */
#include <stdio-bufio.h>
#include <unistd.h>

static ssize_t read_after_flushing_stdout(int fd, void *buffer, size_t length)
{
    fflush(stdout);
    fflush(stderr);
    return read(fd, buffer, length);
}

static char stdin_buffer[BUFSIZ];
static char stdout_buffer[BUFSIZ];

static struct __file_bufio stdin_file = FDEV_SETUP_BUFIO(
    0, stdin_buffer, BUFSIZ, read_after_flushing_stdout, write, lseek, close, __SRD, 0);
static struct __file_bufio stdout_file =
    FDEV_SETUP_BUFIO(1, stdout_buffer, BUFSIZ, read, write, lseek, close, __SWR, __BLBF);
static char stderr_buffer[BUFSIZ];
static struct __file_bufio stderr_file =
    FDEV_SETUP_BUFIO(2, stderr_buffer, BUFSIZ, read, write, lseek, close, __SWR, __BLBF);

FILE *const stdin = &stdin_file.xfile.cfile.file;
FILE *const stdout = &stdout_file.xfile.cfile.file;
FILE *const stderr = &stderr_file.xfile.cfile.file;
