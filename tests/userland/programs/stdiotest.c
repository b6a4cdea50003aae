/* The <stdio.h>, <stdlib.h>, <ctype.h> and <dirent.h> parts of the C library that go
 * beyond printf: FILE streams (stderr, fopen/fgets/fclose on a file, fgets on standard
 * input), strtol, the character classes, opendir/readdir, errno and time(). Written as a
 * user would, with standard headers only. Prints "FAIL line N" for each failed check and exits with their
 * number; echoes each standard-input line as "line: ...". */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failures;

#define CHECK(condition)                                                  \
    do {                                                                  \
        if (!(condition)) {                                               \
            printf("FAIL line %d: %s\n", __LINE__, #condition);           \
            failures++;                                                   \
        }                                                                 \
    } while (0)

static void numbers_and_classes(void)
{
    char *end;
    CHECK(strtol("0x1f", &end, 0) == 31 && *end == '\0');
    CHECK(strtol("  -077z", &end, 0) == -63 && *end == 'z');
    CHECK(strtol("zz", &end, 10) == 0 && *end == 'z');
    CHECK(strtoul("101", NULL, 2) == 5 && strtol("Zz", NULL, 36) == 35 * 36 + 35);
    CHECK(abs(-4) == 4);
    CHECK(isalpha('q') && !isalpha('1') && isalnum('7') && isupper('Q') && islower('q'));
    CHECK(toupper('a') == 'A' && tolower('Z') == 'z' && toupper('1') == '1');
    CHECK(isxdigit('F') && !isxdigit('g') && ispunct('!') && !ispunct('a') && !isprint('\n'));
}

static void files(void)
{
    FILE *out = fopen("/tmp/stdiotest.txt", "w");
    CHECK(out != NULL);
    if (!out)
        return;
    CHECK(fprintf(out, "first %d\n", 1) == 8);
    CHECK(fputs("second line\n", out) == 0 && fputc('x', out) == 'x');
    CHECK(fclose(out) == 0);

    FILE *in = fopen("/tmp/stdiotest.txt", "r");
    CHECK(in != NULL);
    if (!in)
        return;
    char line[64];
    CHECK(fgets(line, sizeof line, in) && strcmp(line, "first 1\n") == 0);
    CHECK(fgets(line, 5, in) && strcmp(line, "seco") == 0);
    CHECK(fgets(line, sizeof line, in) && strcmp(line, "nd line\n") == 0);
    CHECK(fgets(line, sizeof line, in) && strcmp(line, "x") == 0);
    CHECK(fgets(line, sizeof line, in) == NULL && feof(in));
    fclose(in);
    CHECK(fopen("/no/such/file", "r") == NULL);
}

static void directories(void)
{
    DIR *dir = opendir("/bin");
    CHECK(dir != NULL);
    if (!dir)
        return;
    int seen_sh = 0, seen_dot = 0;
    for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
        seen_sh |= strcmp(entry->d_name, "sh") == 0;
        seen_dot |= strcmp(entry->d_name, ".") == 0;
    }
    CHECK(seen_sh && seen_dot);
    CHECK(closedir(dir) == 0);
    CHECK(opendir("/etc/motd") == NULL); /* a file, not a directory */
}

/* POSIX spellings: mkdir with a mode, execvp finding echo in /bin. */
static void posix_names(void)
{
    CHECK(mkdir("/tmp/stdiotest.d", 0755) == 0);
    int pid = fork();
    if (pid == 0) {
        char *argv[] = {"echo", "from", "execvp", NULL};
        execvp("echo", argv);
        exit(127);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0);
}

/* errno after a failing call, and time() on guest time (the guest boots at the epoch, so
 * a short run is within its first hour). */
static void errno_and_time(void)
{
    errno = 0;
    CHECK(open("/no/such/file", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(close(-1) == -1 && errno == EBADF);
    CHECK(strcmp(strerror(ENOENT), "No such file or directory") == 0);
    time_t now = time(NULL);
    CHECK(now >= 0 && now < 3600);
}

int main(void)
{
    posix_names();
    errno_and_time();
    numbers_and_classes();
    files();
    directories();
    fprintf(stderr, "to standard error\n");
    char line[128];
    while (fgets(line, sizeof line, stdin))
        printf("line: %s", line);
    printf("stdiotest: %d failures\n", failures);
    return failures;
}
