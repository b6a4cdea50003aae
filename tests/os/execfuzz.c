/* execfuzz: the in-guest exec fuzzer. An unprivileged user program that writes mutated
 * copies of a real program and execs each in a forked child, to show that no ELF a user
 * can write takes the kernel down. The program is /bin/pagefaults, which grows its heap
 * with sbrk at once, so a heap placed wrongly by exec is used straight away. The mutations
 * hit the ELF header and the program headers (where exec's checks are): random bytes,
 * words chosen to make sums wrap (0xffffffff, 0xfffff000, USER_TOP, ...), and segments
 * that end just below the top of the address space. The seed is fixed, so every run tries
 * the same programs.
 *
 * A child whose exec fails exits with 64 + the error number; a mutated program that runs
 * may exit, fault (the kernel kills it), or spin, in which case the parent kills it after
 * a while. At the end the kernel must still fork, exec and grow a heap.
 *
 *   execfuzz [COUNT [SEED]]     default: 500 programs, seed 0x5eed1234 */
#include "lib/user.h"
#include "os/abi/user_layout.h"

#define SOURCE "/bin/pagefaults"
#define TARGET "/tmp/execfuzz.elf"
#define HEADER_BYTES 512 /* mutated and rewritten each round; the rest stays as it was */
#define POLLS 20         /* 5 ms each before a running child is killed */

static uint32_t random_state;

static uint32_t next_random(void)
{
    /* xorshift32 */
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

static const uint32_t interesting_words[] = {
    0, 1, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0xfffff000u, 0xfffff800u, 0xffffe000u,
    USER_BASE, USER_BASE - 1, USER_TOP, USER_TOP - 1, USER_TOP - 0x1000u, 0x0bfbf000u, 0x80000000u + 0x1000u,
    0x1000u, 0x10000000u, 0xfffffff0u,
};

/* Program header `index` (of the original's table) now says: a segment from a high page
 * to just below 2^32, so that vaddr + size is a little under the top, or wraps past it. */
static void segment_near_the_top(uint8_t *header, uint32_t header_bytes, uint32_t index)
{
    uint32_t table, vaddr = 0x80000000u + (next_random() & 0x7ffff000u);
    memcpy(&table, header + 28, 4); /* e_phoff */
    uint32_t at = table + index * 32;
    if (table > header_bytes || at + 24 > header_bytes)
        return;
    uint32_t size = (0u - vaddr) - (next_random() % 0x1800u);
    memcpy(header + at + 8, &vaddr, 4);  /* p_vaddr */
    memcpy(header + at + 20, &size, 4); /* p_memsz */
}

static void mutate(uint8_t *header, uint32_t header_bytes)
{
    if (next_random() % 4 == 0) {
        segment_near_the_top(header, header_bytes, next_random() % 3);
        return;
    }
    uint32_t changes = 1 + next_random() % 4;
    for (uint32_t i = 0; i < changes; i++) {
        /* Mostly the ELF header and the first program headers, where exec looks. */
        uint32_t limit = next_random() % 4 ? 52 + 3 * 32 : header_bytes;
        uint32_t at = next_random() % limit;
        if (next_random() % 2) {
            header[at] = (uint8_t)next_random();
        } else {
            at &= ~3u;
            if (at + 4 > header_bytes)
                continue;
            uint32_t word = interesting_words[next_random() % (sizeof interesting_words / sizeof interesting_words[0])];
            memcpy(header + at, &word, 4);
        }
    }
}

static int read_whole(const char *path, uint8_t **bytes)
{
    struct stat st;
    if (stat(path, &st) < 0 || st.st_size < HEADER_BYTES)
        return -1;
    *bytes = malloc(st.st_size);
    int fd = open(path, O_RDONLY);
    if (!*bytes || fd < 0)
        return -1;
    int n = read(fd, *bytes, st.st_size);
    close(fd);
    return n == (int)st.st_size ? n : -1;
}

/* Runs TARGET in a child; returns what became of it. */
enum outcome { REFUSED, EXITED, KILLED_BY_FAULT, STOPPED_BY_US };

static enum outcome run_once(void)
{
    int pid = fork();
    if (pid < 0) {
        printf("execfuzz: fork failed: %d\n", pid);
        exit(2);
    }
    if (pid == 0) {
        char *argv[] = {"pagefaults", "4", 0};
        int error = exec(TARGET, argv);
        exit(64 + (-error & 0x1f));
    }
    int status = 0;
    for (int poll = 0; poll < POLLS; poll++) {
        int result = waitpid(pid, &status, WNOHANG);
        if (result == pid)
            return status >= 64 && status < 96 ? REFUSED : status >= 128 ? KILLED_BY_FAULT : EXITED;
        msleep(5);
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return STOPPED_BY_US;
}

/* The kernel still works: fork, exec of the unmutated program (which grows its heap), and
 * sbrk here. */
static bool kernel_alive(void)
{
    int pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        char *argv[] = {"pagefaults", "4", 0};
        exec(SOURCE, argv);
        exit(99);
    }
    int status = -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    char *heap = sbrk(4096);
    if (heap == (void *)-1)
        return false;
    heap[0] = 1;
    return status == 0 && sbrk(-4096) == heap + 4096;
}

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 500;
    random_state = argc > 2 ? (uint32_t)strtoul(argv[2], 0, 0) : 0x5eed1234u;
    if (random_state == 0)
        random_state = 1;
    printf("execfuzz: %d mutated copies of %s, seed 0x%x\n", count, SOURCE, (unsigned)random_state);

    uint8_t *original;
    int size = read_whole(SOURCE, &original);
    if (size < 0) {
        printf("execfuzz: cannot read %s\n", SOURCE);
        return 2;
    }
    int fd = open(TARGET, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0 || write(fd, original, size) != size) {
        printf("execfuzz: cannot write %s\n", TARGET);
        return 2;
    }
    close(fd);

    int outcomes[4] = {0};
    uint8_t header[HEADER_BYTES];
    for (int round = 0; round < count; round++) {
        memcpy(header, original, HEADER_BYTES);
        mutate(header, HEADER_BYTES);
        fd = open(TARGET, O_WRONLY);
        if (fd < 0 || write(fd, header, HEADER_BYTES) != HEADER_BYTES) {
            printf("execfuzz: cannot rewrite %s in round %d\n", TARGET, round);
            return 2;
        }
        close(fd);
        outcomes[run_once()]++;
    }
    unlink(TARGET);
    bool alive = kernel_alive();
    printf("execfuzz: %d refused by exec, %d exited, %d killed by a fault, %d stopped by execfuzz\n",
           outcomes[REFUSED], outcomes[EXITED], outcomes[KILLED_BY_FAULT], outcomes[STOPPED_BY_US]);
    printf("execfuzz: %s\n", alive ? "the kernel survived every program" : "the kernel no longer works");
    return alive ? 0 : 1;
}
