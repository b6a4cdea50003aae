/* The guest OS test suite, in the style of xv6's usertests: every test runs in its own
 * forked process and passes when that process exits with status 0, so a test that
 * crashes or hangs its process cannot take the suite down with it. `usertests NAME...`
 * runs only the named tests. The exit status is the number of failed tests. */
#include "lib/user.h"
#include "os/abi/user_layout.h"
#include "os/elf.h"

#define CHECK(condition)                                                                 \
    do {                                                                                 \
        if (!(condition)) {                                                              \
            printf("  check failed at usertests.c:%d: %s\n", __LINE__, #condition);      \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

/* Forks a child that runs body() and exits with its result; returns the child's pid. */
static int spawn(int (*body)(void))
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(body());
    return pid;
}

/* Waits for pid; a signal handled meanwhile interrupts waitpid (-EINTR): wait again. */
static int wait_for(int pid)
{
    int status = -1, result;
    while ((result = waitpid(pid, &status, 0)) == -EINTR)
        ;
    CHECK(result == pid);
    return status;
}

/* ---- fork, exit, wait ---- */

static int exit_42(void) { return 42; }

static void test_fork_wait_exit_status(void)
{
    int pid = spawn(exit_42);
    CHECK(wait_for(pid) == 42);
    CHECK(waitpid(pid, 0, 0) == -ECHILD); /* reaped exactly once */
}

static void test_wait_without_children(void)
{
    int status;
    CHECK(waitpid(-1, &status, 0) == -ECHILD);
    CHECK(waitpid(-1, &status, WNOHANG) == -ECHILD);
}

/* Each process in a chain of 12 forks the next and exits with its child's status + 1. */
static int chain(int depth)
{
    if (depth == 0)
        return 0;
    int pid = fork();
    if (pid < 0)
        return 100;
    if (pid == 0)
        exit(chain(depth - 1));
    int status;
    if (waitpid(pid, &status, 0) != pid)
        return 101;
    return status + 1;
}

static void test_fork_chain(void)
{
    CHECK(chain(12) == 12);
}

static void test_getpid_getppid(void)
{
    int parent = getpid();
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(getppid() == parent && getpid() != parent ? 0 : 1);
    CHECK(pid != parent);
    CHECK(wait_for(pid) == 0);
}

/* A child that has exited stays a zombie, with its status, until its parent waits. */
static void test_zombie_until_reaped(void)
{
    int pid = spawn(exit_42);
    msleep(20); /* long enough for the child to exit */
    CHECK(kill(pid, 0) == -ESRCH); /* a zombie cannot be signalled... */
    int status;
    CHECK(waitpid(pid, &status, WNOHANG) == pid); /* ...but it is still there to reap */
    CHECK(status == 42);
}

static volatile int usr1_count;
static void count_usr1(int sig)
{
    if (sig == SIGUSR1)
        usr1_count++;
}

/* An orphan is re-parented to init (pid 1), which reaps it. The grandchild tells the
 * test it saw this with SIGUSR1. */
static void test_orphan_reparented_to_init(void)
{
    int tester = getpid();
    signal(SIGUSR1, count_usr1);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int grandchild = fork();
        if (grandchild == 0) {
            while (getppid() != 1)
                msleep(1);
            kill(tester, SIGUSR1);
            exit(0);
        }
        exit(grandchild > 0 ? 0 : 1);
    }
    CHECK(wait_for(pid) == 0);
    for (int i = 0; i < 1000 && usr1_count == 0; i++)
        msleep(1);
    CHECK(usr1_count == 1);
}

/* 64 processes alive at once, each exiting with its own status. */
static void test_64_processes_at_once(void)
{
    int pids[64];
    for (int i = 0; i < 64; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0) {
            msleep(30); /* all 64 are alive together */
            exit(i);
        }
    }
    for (int i = 0; i < 64; i++)
        CHECK(wait_for(pids[i]) == i);
}

/* Forking without end stops at the process limit with -EAGAIN; the kernel survives and
 * forks again once the children are gone. */
static void test_fork_bomb_bounded(void)
{
    static int pids[200];
    int count = 0, result;
    while ((result = fork()) > 0 && count < 200)
        pids[count++] = result;
    if (result == 0) {
        msleep(100000);
        exit(0);
    }
    CHECK(result == -EAGAIN);
    CHECK(count > 50);
    for (int i = 0; i < count; i++)
        CHECK(kill(pids[i], SIGKILL) == 0);
    for (int i = 0; i < count; i++)
        CHECK(wait_for(pids[i]) == STATUS_KILLED_BY(SIGKILL));
    CHECK(wait_for(spawn(exit_42)) == 42);
}

/* ---- exec ---- */

static void test_exec_with_arguments(void)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char *argv[] = {"args", "one", "two", "three", 0};
        execp("args", argv);
        exit(99);
    }
    CHECK(wait_for(pid) == 0);
}

static void test_exec_errors_return(void)
{
    char *argv[] = {"nosuchprogram", 0};
    CHECK(execp("nosuchprogram", argv) == -ENOENT);
    CHECK(exec((char *)0x10, argv) == -EFAULT);
    char **volatile bad_argv = (char **)0x20; /* volatile: keeps GCC from judging it */
    CHECK(exec("args", bad_argv) == -EFAULT);
}

/* exec refuses a segment whose end lies past the top of the address space: in 32 bits
 * vaddr + size wraps and looks small. Before the check was written without the sum, the
 * heap then began at 0 and the first sbrk took the kernel down (issue 10). */
static void write_program_with_segment(const char *path, uint32_t vaddr, uint32_t size)
{
    struct {
        struct elf_header h;
        struct elf_program_header ph[2];
    } file;
    memset(&file, 0, sizeof file);
    file.h.magic = ELF_MAGIC;
    file.h.class = ELF_CLASS_32;
    file.h.data = 1;
    file.h.version = 1;
    file.h.type = ELF_TYPE_EXEC;
    file.h.machine = ELF_MACHINE_RISCV;
    file.h.elf_version = 1;
    file.h.entry = USER_BASE;
    file.h.program_header_offset = sizeof file.h;
    file.h.header_size = sizeof file.h;
    file.h.program_header_size = sizeof file.ph[0];
    file.h.program_header_count = 2;
    file.ph[0] = (struct elf_program_header){.type = ELF_SEGMENT_LOAD, .vaddr = USER_BASE,
                                             .memory_size = 4096, .flags = ELF_SEGMENT_R | ELF_SEGMENT_X};
    file.ph[1] = (struct elf_program_header){.type = ELF_SEGMENT_LOAD, .vaddr = vaddr, .memory_size = size,
                                             .flags = ELF_SEGMENT_R | ELF_SEGMENT_W};
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(write(fd, &file, sizeof file) == (int)sizeof file);
    close(fd);
}

static void test_exec_refuses_segments_that_wrap(void)
{
    static const uint32_t segments[][2] = {
        {0xffffe000u, 0x1800u}, /* ends at 0xfffff800: the heap would round up to 0 */
        {0xfffff000u, 0x2000u}, /* the sum wraps to 0x1000 */
        {USER_BASE, 0xfffff000u},
        {USER_TOP, 0x1000u}, /* where the stack and the kernel are */
    };
    for (unsigned i = 0; i < sizeof segments / sizeof segments[0]; i++) {
        write_program_with_segment("/tmp/ut_wrap", segments[i][0], segments[i][1]);
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            char *argv[] = {"ut_wrap", 0};
            exit(exec("/tmp/ut_wrap", argv) == -ENOEXEC ? 0 : 1);
        }
        CHECK(wait_for(pid) == 0);
    }
    unlink("/tmp/ut_wrap");
}

/* Counts and sizes whose sum wraps are refused whole, before anything is copied. */
static void test_ranges_that_wrap_are_refused(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK(write(fds[1], (void *)0xfffff000u, 0x2000) == -EFAULT);
    CHECK(read(fds[0], (void *)0xfffff000u, 0x2000) == -EFAULT); /* not blocked: refused first */
    CHECK(write(fds[1], (void *)USER_BASE, 0x80000000u) == -EFAULT);
    CHECK(read(fds[0], (void *)(USER_TOP - 16), 32) == -EFAULT);
    close(fds[0]);
    close(fds[1]);
    char *start = sbrk(0);
    CHECK(sbrk_failed(sbrk(0x7fffffff)));
    CHECK(sbrk_failed(sbrk((int)0x80000000))); /* INT32_MIN: its negation overflows */
    CHECK(sbrk(0) == start);
}

/* ---- memory ---- */

#define BIG_PAGES 256
static uint32_t big[BIG_PAGES * 1024]; /* 1 MiB of bss: loaded page by page on touch */

/* Touch the pages in a scrambled order: each is zero on first touch, then keeps what
 * was written. */
static void test_demand_paging_random_order(void)
{
    uint32_t x = 12345;
    for (int round = 0; round < 2; round++) {
        for (uint32_t i = 0; i < BIG_PAGES; i++) {
            uint32_t page = (i * 97 + x) % BIG_PAGES;
            if (round == 0) {
                CHECK(big[page * 1024 + 5] == 0);
                big[page * 1024 + 5] = page + 1;
            } else {
                CHECK(big[page * 1024 + 5] == page + 1);
            }
        }
        x = 777;
    }
}

static void test_sbrk_grow_and_shrink(void)
{
    char *start = sbrk(0);
    char *p = sbrk(64 * 4096);
    CHECK(p == start);
    CHECK((char *)sbrk(0) == start + 64 * 4096);
    for (int i = 0; i < 64 * 4096; i += 4096)
        p[i] = (char)i;
    for (int i = 0; i < 64 * 4096; i += 4096)
        CHECK(p[i] == (char)i);
    CHECK(sbrk(-64 * 4096) == (void *)(start + 64 * 4096));
    CHECK(sbrk(0) == start);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        p[0] = 1; /* freed: this must kill the child */
        exit(0);
    }
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGSEGV));
    CHECK(sbrk_failed(sbrk(-64 * 1024 * 1024))); /* below the start of the heap */
}

/* A fork copies memory: the child's writes do not reach the parent. */
static int value_for_fork;
static void test_fork_copies_memory(void)
{
    value_for_fork = 1;
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        value_for_fork = 2;
        exit(value_for_fork);
    }
    CHECK(wait_for(pid) == 2);
    CHECK(value_for_fork == 1);
}

static int recurse(int n)
{
    volatile char frame[1024];
    frame[0] = (char)n;
    return n == 0 ? 0 : recurse(n - 1) + frame[0];
}

static int overflow_the_stack(void)
{
    return recurse(100000);
}

/* About 200 KiB of stack: more than one page, within the 256 KiB limit. */
static int stack_within_limit(void)
{
    recurse(200);
    return 0;
}

/* The stack grows on demand up to its limit; below it the guard page kills. */
static void test_stack_growth_and_guard_page(void)
{
    CHECK(wait_for(spawn(stack_within_limit)) == 0);
    CHECK(wait_for(spawn(overflow_the_stack)) == STATUS_KILLED_BY(SIGSEGV));
}

/* Touches one byte in each page of [p, p + bytes). */
static void touch_pages(char *p, int bytes, char value)
{
    for (int i = 0; i < bytes; i += 4096)
        p[i] = value;
}

static struct meminfo memory_now(void)
{
    struct meminfo info;
    CHECK(meminfo(&info) == 0);
    return info;
}

/* A process that touches memory without end is killed when RAM runs out (it is the
 * largest), and everything it had comes back. */
static int touch_without_end(void)
{
    for (;;) {
        char *p = sbrk(1024 * 1024);
        if (sbrk_failed(p))
            return 2; /* the address space ran out before RAM did */
        touch_pages(p, 1024 * 1024, 1);
    }
}

static void test_out_of_memory_is_survivable(void)
{
    CHECK(wait_for(spawn(exit_42)) == 42); /* this process's own pages for what follows */
    uint32_t free_before = memory_now().free_frames;
    CHECK(wait_for(spawn(touch_without_end)) == STATUS_KILLED_BY(SIGKILL));
    CHECK(memory_now().free_frames == free_before);
    CHECK(wait_for(spawn(exit_42)) == 42);
}

/* Out of memory, the kernel kills the process holding the most, not the one that asked:
 * a hog holding 60% of free memory dies when a second process takes another 60%, which
 * then runs to its end. */
static int hog_ready[2], hog_never[2];
static int hog_frames;

static int hog(void)
{
    char *p = sbrk(hog_frames * 4096);
    if (sbrk_failed(p))
        return 3;
    touch_pages(p, hog_frames * 4096, 7);
    write(hog_ready[1], "r", 1);
    char c;
    read(hog_never[0], &c, 1); /* never comes: the hog waits here until it is killed */
    return 4;
}

static int grower(void)
{
    char *p = sbrk(hog_frames * 4096);
    if (sbrk_failed(p))
        return 3;
    touch_pages(p, hog_frames * 4096, 9);
    for (int i = 0; i < hog_frames * 4096; i += 4096)
        if (p[i] != 9)
            return 5;
    return 0;
}

static void test_out_of_memory_kills_the_largest(void)
{
    CHECK(wait_for(spawn(exit_42)) == 42); /* this process's own pages for what follows */
    CHECK(pipe(hog_ready) == 0 && pipe(hog_never) == 0);
    struct meminfo info = memory_now();
    hog_frames = (int)(info.free_frames + info.swap_slots_total - info.swap_slots_used) / 10 * 6;
    int hog_pid = spawn(hog);
    char c;
    CHECK(read(hog_ready[0], &c, 1) == 1);
    int grower_pid = spawn(grower);
    CHECK(wait_for(grower_pid) == 0);
    CHECK(wait_for(hog_pid) == STATUS_KILLED_BY(SIGKILL));
    CHECK(memory_now().free_frames == info.free_frames);
}

/* sbrk only reserves address space: each page gets a zeroed frame when first touched,
 * one demand-zero fault per page. */
static void test_lazy_heap(void)
{
    struct meminfo before = memory_now();
    char *p = sbrk(1000 * 4096);
    CHECK(!sbrk_failed(p));
    struct meminfo reserved = memory_now();
    CHECK(reserved.resident_pages == before.resident_pages);
    CHECK(reserved.process_demand_zero_faults == before.process_demand_zero_faults);
    for (int i = 0; i < 10; i++) {
        CHECK(p[i * 100 * 4096 + 17] == 0);
        p[i * 100 * 4096 + 17] = 5;
    }
    struct meminfo touched = memory_now();
    CHECK(touched.process_demand_zero_faults == before.process_demand_zero_faults + 10);
    CHECK(touched.resident_pages == before.resident_pages + 10);
    CHECK(sbrk(-1000 * 4096) == p + 1000 * 4096);
    CHECK(memory_now().resident_pages == before.resident_pages);
    CHECK(sbrk_failed(sbrk(0x7ff00000))); /* more than the address space can give */
}

/* The stack is lazy too: a deep call costs pages only as deep as it reaches. */
static int stack_pages_on_touch(void)
{
    struct meminfo before = memory_now();
    recurse(40); /* about 40 KiB */
    struct meminfo after = memory_now();
    uint32_t faults = after.process_demand_zero_faults - before.process_demand_zero_faults;
    return faults >= 8 && faults <= 16 ? 0 : 1;
}

static void test_lazy_stack(void)
{
    CHECK(wait_for(spawn(stack_pages_on_touch)) == 0);
}

/* ---- copy-on-write fork ---- */

static int cow_data = 1;

/* The values this process sees in its data, heap and stack; each generation writes its
 * own and checks that what its parent or child writes never shows. */
static int cow_generation(int level, char *heap, volatile int *stack_value)
{
    if (cow_data != level || heap[0] != level || heap[8191] != level || *stack_value != level)
        return 10 + level;
    if (level == 3)
        return 0;
    int pid = fork();
    if (pid < 0)
        return 20;
    if (pid == 0) {
        cow_data = level + 1;
        heap[0] = heap[8191] = (char)(level + 1);
        *stack_value = level + 1;
        exit(cow_generation(level + 1, heap, stack_value));
    }
    /* The parent writes too, after the child may have written: neither sees the other. */
    int status;
    if (waitpid(pid, &status, 0) != pid || status != 0)
        return 30 + level;
    return cow_data == level && heap[0] == level && heap[8191] == level && *stack_value == level ? 0 : 40 + level;
}

static void test_copy_on_write_isolation(void)
{
    char *heap = sbrk(8192);
    CHECK(!sbrk_failed(heap));
    heap[0] = heap[8191] = 1;
    volatile int stack_value = 1;
    cow_data = 1;
    CHECK(cow_generation(1, heap, &stack_value) == 0);

    /* The parent writes while the child still holds the page: the child sees the old. */
    int ready[2], go[2];
    CHECK(pipe(ready) == 0 && pipe(go) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char c;
        write(ready[1], "r", 1);
        read(go[0], &c, 1);
        exit(cow_data == 1 && heap[0] == 1 && stack_value == 1 ? 0 : 1);
    }
    char c;
    CHECK(read(ready[0], &c, 1) == 1);
    cow_data = 2;
    heap[0] = 2;
    stack_value = 2;
    CHECK(write(go[1], "g", 1) == 1);
    CHECK(wait_for(pid) == 0);
}

/* Forking a process with 2 MiB of touched heap copies no frame until one is written;
 * the first write copies exactly one. */
static void test_fork_copies_nothing_until_written(void)
{
    int bytes = 2 * 1024 * 1024;
    char *heap = sbrk(bytes);
    CHECK(!sbrk_failed(heap));
    touch_pages(heap, bytes, 3);
    struct meminfo before = memory_now();
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int sum = 0;
        for (int i = 0; i < bytes; i += 4096)
            sum += heap[i];
        struct meminfo read_only = memory_now();
        heap[4096] = 4;
        struct meminfo written = memory_now();
        int copies_while_reading = (int)read_only.process_frames_copied;
        int copies_for_one_write = (int)(written.process_frames_copied - read_only.process_frames_copied);
        /* The child's own stack page may have been copied on the way; the heap's not. */
        exit(sum == 3 * (bytes / 4096) && copies_while_reading <= 2 && copies_for_one_write == 1 ? 0 : 1);
    }
    struct meminfo forked = memory_now();
    CHECK(before.free_frames - forked.free_frames < 64); /* page tables, not 512 pages */
    CHECK(wait_for(pid) == 0);
    CHECK(heap[4096] == 3);
}

/* ---- mmap ---- */

#define USER_MMAP_TEST_ADDRESS 0x0b000000u /* inside mmap's region (docs/os.md) */

/* Anonymous mappings: zero on first touch, a page at a time; separate mappings do not
 * overlap; munmap takes pages away (a touch after it kills), also from the middle of a
 * mapping; a fork child gets a copy-on-write copy. */
static void test_mmap_anonymous(void)
{
    struct meminfo before = memory_now();
    char *a = mmap(0, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *b = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(a != MAP_FAILED && b != MAP_FAILED);
    CHECK(b + 3 * 4096 <= a || a + 64 * 4096 <= b);
    CHECK(memory_now().resident_pages == before.resident_pages);
    for (int i = 0; i < 64; i++) {
        CHECK(a[i * 4096 + 9] == 0);
        a[i * 4096 + 9] = (char)i;
    }
    b[0] = 'b';
    CHECK(memory_now().resident_pages == before.resident_pages + 65);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        a[9] = 100;
        exit(a[5 * 4096 + 9] == 5 && b[0] == 'b' ? 0 : 1);
    }
    CHECK(wait_for(pid) == 0);
    CHECK(a[9] == 0);
    CHECK(munmap(a + 16 * 4096, 16 * 4096) == 0); /* a hole in the middle */
    CHECK(memory_now().resident_pages == before.resident_pages + 49);
    CHECK(a[15 * 4096 + 9] == 15 && a[32 * 4096 + 9] == 32);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        a[20 * 4096] = 1; /* unmapped: this must kill the child */
        exit(0);
    }
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGSEGV));
    CHECK(munmap(a, 64 * 4096) == 0 && munmap(b, 3 * 4096) == 0);
    CHECK(memory_now().resident_pages == before.resident_pages);
}

static void test_mmap_protection_and_errors(void)
{
    char *r = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(r != MAP_FAILED && r[100] == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        r[100] = 1; /* read-only: this must kill the child */
        exit(0);
    }
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGSEGV));
    CHECK(munmap(r, 4096) == 0);
    CHECK(mmap(0, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
    CHECK(mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
    CHECK(mmap(0, 4096, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED);
    CHECK(mmap(0, 0x40000000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
    CHECK(munmap((void *)0x00400000, 4096) == -EINVAL); /* the program is not mmap's */
    CHECK(munmap((void *)(USER_MMAP_TEST_ADDRESS + 1), 4096) == -EINVAL);
}

/* A file mapped privately reads as the file; writes stay in the process. */
static void test_mmap_file_private(void)
{
    const char *path = "/tmp/mmap_file";
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    static char text[6000];
    for (int i = 0; i < 6000; i++)
        text[i] = (char)('a' + i % 26);
    CHECK(write(fd, text, 6000) == 6000);
    char *m = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(m != MAP_FAILED);
    CHECK(m[0] == 'a' && m[5999] == text[5999] && m[6000] == 0 && m[8191] == 0);
    m[0] = 'Z';
    char first;
    CHECK(lseek(fd, 0, 0) == 0 && read(fd, &first, 1) == 1 && first == 'a');
    close(fd);
    CHECK(m[4096] == text[4096]); /* the mapping keeps the file */
    CHECK(munmap(m, 8192) == 0);
    unlink(path);
}

/* fork, exec and exit 200 times: every frame comes back. A leak of even one frame per
 * cycle shows as 200 fewer free frames; more cycles would only cost time under ASan. */
static void test_fork_exec_exit_leaks_no_frame(void)
{
    int warm = spawn(exit_42); /* the first round may fill the disk cache */
    CHECK(wait_for(warm) == 42);
    uint32_t free_before = memory_now().free_frames;
    for (int i = 0; i < 200; i++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            char *argv[] = {"usertests", "--exit-at-once", 0};
            execp("usertests", argv);
            exit(99);
        }
        CHECK(wait_for(pid) == 0);
    }
    CHECK(memory_now().free_frames == free_before);
}

/* The kernel checks user pointers: a bad one is an error, not a crash. */
static void test_bad_pointers_in_system_calls(void)
{
    CHECK(write(1, (void *)0x10, 4) == -EFAULT);
    CHECK(write(1, (void *)0x80000000, 4) == -EFAULT);
    CHECK(waitpid(spawn(exit_42), (int *)0x80001000, 0) == -EFAULT);
}

/* ---- faults kill only the process that caused them ---- */

static int null_store(void)
{
    *(volatile int *)0 = 1;
    return 0;
}

static int kernel_load(void)
{
    return *(volatile int *)0x80000000;
}

static int text_store(void)
{
    *(volatile uint32_t *)(uintptr_t)exit_42 = 0;
    return 0;
}

static int illegal_instruction(void)
{
    __asm__ volatile(".word 0");
    return 0;
}

static int privileged_instruction(void)
{
    __asm__ volatile("csrw satp, zero");
    return 0;
}

static void test_faults_kill_only_their_process(void)
{
    CHECK(wait_for(spawn(null_store)) == STATUS_KILLED_BY(SIGSEGV));
    CHECK(wait_for(spawn(kernel_load)) == STATUS_KILLED_BY(SIGSEGV));
    CHECK(wait_for(spawn(text_store)) == STATUS_KILLED_BY(SIGSEGV));
    CHECK(wait_for(spawn(illegal_instruction)) == STATUS_KILLED_BY(SIGILL));
    CHECK(wait_for(spawn(privileged_instruction)) == STATUS_KILLED_BY(SIGILL));
}

/* ---- time ---- */

/* Never set: the loops below cannot be proved endless, so they need a return. */
static volatile int stop_spinning;

static int spin_forever(void)
{
    while (!stop_spinning)
        ;
    return 0;
}

/* A process that never yields is preempted by the timer: the parent gets to run again
 * (its sleep ends) and can kill it. */
static void test_preemption_of_a_spinning_process(void)
{
    int pid = spawn(spin_forever);
    CHECK(msleep(10) == 0);
    CHECK(kill(pid, SIGKILL) == 0);
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGKILL));
}

static void test_sleep_and_uptime(void)
{
    int start = uptime();
    CHECK(msleep(25) == 0);
    CHECK(uptime() - start >= 25);
    CHECK(yield() == 0);
}

/* ---- signals ---- */

static volatile int handled_signal;
static void remember_signal(int sig)
{
    handled_signal = sig;
}

/* A handler runs in user mode and the interrupted code continues with its registers. */
static void test_signal_to_self(void)
{
    CHECK(signal(SIGUSR1, remember_signal) == SIG_DFL);
    volatile int before = 1234;
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(handled_signal == SIGUSR1);
    CHECK(before == 1234);
    CHECK(signal(SIGKILL, remember_signal) == -EINVAL);
    CHECK(signal(SIGSTOP, remember_signal) == -EINVAL);
}

static void exit_from_handler(int sig)
{
    exit(sig);
}

static int wait_for_usr2(void)
{
    signal(SIGUSR2, exit_from_handler);
    while (!stop_spinning)
        msleep(1000);
    return 0;
}

/* A child that execs `kill -USR1 <its own pid>` after setting SIGUSR1 to `how`; returns its
 * exit status. */
static int exec_kill_self_with(signal_handler how)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        signal(SIGUSR1, how);
        char self[16];
        snprintf(self, sizeof self, "%d", getpid());
        char *argv[] = {"kill", "-USR1", self, NULL};
        execp("kill", argv);
        exit(99);
    }
    return wait_for(pid);
}

/* exec keeps an ignored signal ignored (nohup, background jobs) and resets a handled one
 * to its default: the handler's address means nothing in the new program. */
static void test_ignored_signals_stay_ignored_across_exec(void)
{
    CHECK(exec_kill_self_with((signal_handler)SIG_IGN) == 0);
    CHECK(exec_kill_self_with(remember_signal) == STATUS_KILLED_BY(SIGUSR1));
    CHECK(exec_kill_self_with((signal_handler)SIG_DFL) == STATUS_KILLED_BY(SIGUSR1));
}

static void test_signals_to_others(void)
{
    int pid = spawn(wait_for_usr2);
    msleep(5); /* let it install its handler */
    CHECK(kill(pid, SIGUSR2) == 0);
    CHECK(wait_for(pid) == SIGUSR2);
    pid = spawn(spin_forever);
    CHECK(kill(pid, SIGINT) == 0);
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGINT));
    pid = spawn(wait_for_usr2);
    CHECK(kill(pid, SIGKILL) == 0); /* also ends a blocked process */
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGKILL));
    CHECK(kill(99999, SIGINT) == -ESRCH);
}

static volatile int chld_count;
static void count_chld(int sig)
{
    if (sig == SIGCHLD)
        chld_count++;
}

static void test_sigchld_on_child_exit(void)
{
    signal(SIGCHLD, count_chld);
    int pid = spawn(exit_42);
    while (chld_count == 0)
        msleep(1);
    CHECK(wait_for(pid) == 42);
}

/* Users: another user's process cannot be signalled (EPERM); root can signal anyone. */
static int signal_root_process(void)
{
    int root_parent = getppid();
    if (setuid(1000) != 0 || getuid() != 1000)
        return 2;
    if (setuid(0) != -EPERM)
        return 3;
    if (kill(root_parent, SIGKILL) != -EPERM)
        return 4;
    if (kill(getpid(), 0) != 0)
        return 5;
    msleep(100000);
    return 6;
}

static void test_kill_permission_across_users(void)
{
    CHECK(getuid() == 0);
    int pid = spawn(signal_root_process);
    msleep(20);
    CHECK(kill(pid, SIGTERM) == 0);
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGTERM));
}

/* SIGSTOP parks a process; SIGCONT resumes it. The child measures the longest gap in
 * its own view of time and reports whether it was stopped for about the right time. */
static int measure_longest_pause(void)
{
    int start = uptime(), last = start, longest = 0;
    while (uptime() - start < 120) {
        int now = uptime();
        if (now - last > longest)
            longest = now - last;
        last = now;
    }
    return longest >= 40 && longest < 100 ? 0 : 1;
}

static void test_sigstop_and_sigcont(void)
{
    int pid = spawn(measure_longest_pause);
    msleep(10);
    CHECK(kill(pid, SIGSTOP) == 0);
    msleep(50);
    int status;
    CHECK(waitpid(pid, &status, WNOHANG) == 0); /* stopped, not dead */
    CHECK(kill(pid, SIGCONT) == 0);
    CHECK(wait_for(pid) == 0);
}

/* ---- threads ---- */

static volatile uint32_t shared_counter;
static uint8_t thread_stacks[4][4096] __attribute__((aligned(16)));

static void add_to_counter(void *arg)
{
    for (int i = 0; i < 1000; i++) {
        __atomic_fetch_add(&shared_counter, 1, __ATOMIC_RELAXED);
        if (i % 100 == 0)
            yield();
    }
    thread_exit((uint32_t)(uintptr_t)arg);
}

static void test_threads_share_memory(void)
{
    int tids[4];
    for (int i = 0; i < 4; i++) {
        tids[i] = thread_create(add_to_counter, (void *)(uintptr_t)(i + 10), thread_stacks[i] + 4096);
        CHECK(tids[i] > 0);
    }
    for (int i = 0; i < 4; i++) {
        uint32_t value = 0;
        CHECK(thread_join(tids[i], &value) == 0);
        CHECK(value == (uint32_t)(i + 10));
    }
    CHECK(shared_counter == 4000);
    CHECK(thread_join(tids[0], 0) == -ESRCH);
    CHECK(thread_join(gettid(), 0) == -EINVAL);
    CHECK(gettid() == getpid());
}

static void spin_thread(void *arg)
{
    (void)arg;
    while (!stop_spinning)
        ;
}

static int exit_while_a_thread_spins(void)
{
    thread_create(spin_thread, 0, thread_stacks[0] + 4096);
    yield();
    exit(7);
}

/* exit ends every thread of the process. */
static void test_exit_ends_all_threads(void)
{
    CHECK(wait_for(spawn(exit_while_a_thread_spins)) == 7);
}

/* ---- the list ---- */

struct test {
    const char *name;
    void (*run)(void);
};


/* ---- files, directories, descriptors and pipes (need the disk: vmsim usertests.elf) ---- */

static void write_whole(int fd, const void *data, int n)
{
    CHECK(write(fd, data, (unsigned)n) == n);
}

static void test_file_create_write_read(void)
{
    int fd = open("/tmp/ut_a", O_WRONLY | O_CREAT | O_TRUNC);
    CHECK(fd >= 3);
    write_whole(fd, "hello, disk", 11);
    CHECK(close(fd) == 0);
    char buffer[32];
    fd = open("/tmp/ut_a", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, buffer, sizeof buffer) == 11);
    CHECK(memcmp(buffer, "hello, disk", 11) == 0);
    CHECK(read(fd, buffer, sizeof buffer) == 0); /* end of file */
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.type == S_TYPE_FILE && st.size == 11 && st.nlink == 1);
    CHECK(write(fd, "x", 1) == -EBADF); /* opened read-only */
    close(fd);
    CHECK(unlink("/tmp/ut_a") == 0);
    CHECK(open("/tmp/ut_a", O_RDONLY) == -ENOENT);
}

static void test_lseek_trunc_append(void)
{
    int fd = open("/tmp/ut_b", O_RDWR | O_CREAT | O_TRUNC);
    CHECK(fd >= 0);
    write_whole(fd, "0123456789", 10);
    CHECK(lseek(fd, 3, SEEK_SET) == 3);
    char c;
    CHECK(read(fd, &c, 1) == 1 && c == '3');
    CHECK(lseek(fd, -1, SEEK_END) == 9);
    CHECK(read(fd, &c, 1) == 1 && c == '9');
    CHECK(lseek(fd, -20, SEEK_CUR) == -EINVAL);
    close(fd);
    fd = open("/tmp/ut_b", O_WRONLY | O_APPEND);
    write_whole(fd, "ab", 2);
    close(fd);
    struct stat st;
    CHECK(stat("/tmp/ut_b", &st) == 0 && st.size == 12);
    fd = open("/tmp/ut_b", O_WRONLY | O_TRUNC);
    close(fd);
    CHECK(stat("/tmp/ut_b", &st) == 0 && st.size == 0);
    CHECK(unlink("/tmp/ut_b") == 0);
}

/* Past the direct blocks and into the double-indirect ones (11 + 256 KiB). */
static void test_large_file(void)
{
    static char block[4096];
    int fd = open("/tmp/ut_big", O_RDWR | O_CREAT | O_TRUNC);
    CHECK(fd >= 0);
    const int blocks = 80; /* 320 KiB */
    for (int i = 0; i < blocks; i++) {
        memset(block, 'A' + i % 26, sizeof block);
        write_whole(fd, block, sizeof block);
    }
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    for (int i = 0; i < blocks; i++) {
        CHECK(read(fd, block, sizeof block) == (int)sizeof block);
        CHECK(block[0] == 'A' + i % 26 && block[4095] == 'A' + i % 26);
    }
    close(fd);
    CHECK(unlink("/tmp/ut_big") == 0);
}

static void test_directories(void)
{
    CHECK(mkdir("/tmp/ut_d") == 0);
    CHECK(mkdir("/tmp/ut_d") == -EEXIST);
    CHECK(mkdir("/tmp/ut_d/sub") == 0);
    CHECK(chdir("/tmp/ut_d/sub") == 0);
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) > 0 && strcmp(cwd, "/tmp/ut_d/sub") == 0);
    int fd = open("f", O_WRONLY | O_CREAT);
    CHECK(fd >= 0);
    close(fd);
    CHECK(chdir("..") == 0);
    struct stat st;
    CHECK(stat("sub/f", &st) == 0 && st.type == S_TYPE_FILE);
    CHECK(stat("sub/../sub/./f", &st) == 0);
    CHECK(unlink("sub") == -ENOTEMPTY);
    CHECK(open("sub/f/x", O_RDONLY) == -ENOTDIR);
    CHECK(open("sub", O_WRONLY) == -EISDIR);
    CHECK(chdir("sub/f") == -ENOTDIR);
    /* read() on a directory gives its entries. */
    fd = open("sub", O_RDONLY);
    struct fs_dirent e;
    int found = 0;
    while (read(fd, &e, sizeof e) == sizeof e)
        found += e.ino && strcmp(e.name, "f") == 0;
    close(fd);
    CHECK(found == 1);
    CHECK(unlink("sub/f") == 0 && unlink("sub") == 0 && chdir("/") == 0 && unlink("/tmp/ut_d") == 0);
    /* A removed current directory takes no new names (they would be orphans on the disk). */
    CHECK(mkdir("/tmp/ut_gone") == 0 && chdir("/tmp/ut_gone") == 0 && unlink("/tmp/ut_gone") == 0);
    CHECK(open("f", O_WRONLY | O_CREAT) == -ENOENT);
    CHECK(mkdir("d") == -ENOENT);
    CHECK(stat("/tmp/ut_gone", &st) == -ENOENT);
    CHECK(chdir("/") == 0);
    CHECK(stat("/tmp/ut_d", &st) == -ENOENT);
}

static void test_bad_paths(void)
{
    CHECK(open("/no/such/file", O_RDONLY) == -ENOENT);
    CHECK(open((char *)0x10, O_RDONLY) == -EFAULT);
    CHECK(open("/tmp/x", O_RDWR | O_WRONLY) == -EINVAL);
    CHECK(open("/tmp/a_name_that_is_longer_than_27_chars", O_CREAT | O_WRONLY) == -ENAMETOOLONG);
    CHECK(close(99) == -EBADF && close(-1) == -EBADF);
    CHECK(read(12, 0, 0) == -EBADF);
    CHECK(unlink("/") == -EINVAL);
}

static void test_descriptors_shared_by_fork(void)
{
    int fd = open("/tmp/ut_fork", O_RDWR | O_CREAT | O_TRUNC);
    CHECK(fd >= 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        write_whole(fd, "child ", 6); /* moves the offset the parent shares */
        exit(0);
    }
    CHECK(wait_for(pid) == 0);
    write_whole(fd, "parent", 6);
    char buffer[16];
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buffer, sizeof buffer) == 12);
    CHECK(memcmp(buffer, "child parent", 12) == 0);
    close(fd);
    unlink("/tmp/ut_fork");
}

static void test_dup_and_dup2(void)
{
    int fd = open("/tmp/ut_dup", O_RDWR | O_CREAT | O_TRUNC);
    int copy = dup(fd);
    CHECK(copy > fd);
    write_whole(fd, "ab", 2);
    write_whole(copy, "cd", 2); /* one offset for both */
    CHECK(dup2(fd, 10) == 10);
    CHECK(lseek(10, 0, SEEK_SET) == 0);
    char buffer[8];
    CHECK(read(copy, buffer, 8) == 4 && memcmp(buffer, "abcd", 4) == 0);
    CHECK(dup2(fd, 99) == -EBADF && dup(42) == -EBADF);
    close(fd);
    close(copy);
    close(10);
    unlink("/tmp/ut_dup");
}

/* The descriptor table is kept across exec: cat reads the file on its standard input. */
static void test_descriptors_kept_by_exec(void)
{
    int fd = open("/tmp/ut_exec", O_WRONLY | O_CREAT | O_TRUNC);
    write_whole(fd, "through exec\n", 13);
    close(fd);
    int fds[2];
    CHECK(pipe(fds) == 0);
    int pid = fork();
    if (pid == 0) {
        int in = open("/tmp/ut_exec", O_RDONLY);
        dup2(in, 0);
        dup2(fds[1], 1);
        close(in);
        close(fds[0]);
        close(fds[1]);
        char *argv[] = {"cat", NULL};
        execp("cat", argv);
        exit(99);
    }
    close(fds[1]);
    char buffer[32];
    int n = 0, got;
    while ((got = read(fds[0], buffer + n, sizeof buffer - (unsigned)n)) > 0)
        n += got;
    close(fds[0]);
    CHECK(wait_for(pid) == 0);
    CHECK(n == 13 && memcmp(buffer, "through exec\n", 13) == 0);
    unlink("/tmp/ut_exec");
}

/* A full pipe blocks its writer until the reader drains it; EOF once writers close. */
static void test_pipe_full_blocks_writer(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    int pid = fork();
    if (pid == 0) {
        close(fds[0]);
        static char data[16384];
        for (unsigned i = 0; i < sizeof data; i++)
            data[i] = (char)i;
        exit(write(fds[1], data, sizeof data) == (int)sizeof data ? 0 : 1); /* blocks, several times */
    }
    close(fds[1]);
    static char got[16384];
    int n = 0, r;
    while ((r = read(fds[0], got + n, 1000)) > 0)
        n += r;
    CHECK(r == 0 && n == 16384); /* EOF after the writer exited */
    for (int i = 0; i < n; i++)
        CHECK(got[i] == (char)i);
    CHECK(wait_for(pid) == 0);
    close(fds[0]);
}

/* An empty pipe blocks its reader until something is written. */
static void test_pipe_empty_blocks_reader(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    int pid = fork();
    if (pid == 0) {
        close(fds[0]);
        msleep(20);
        write_whole(fds[1], "late", 4);
        exit(0);
    }
    close(fds[1]);
    int start = uptime();
    char buffer[8];
    CHECK(read(fds[0], buffer, sizeof buffer) == 4);
    CHECK(uptime() - start >= 15);
    CHECK(read(fds[0], buffer, sizeof buffer) == 0);
    CHECK(wait_for(pid) == 0);
    struct stat st;
    CHECK(fstat(fds[0], &st) == 0 && st.type == S_TYPE_PIPE);
    CHECK(lseek(fds[0], 0, SEEK_SET) == -ESPIPE);
    close(fds[0]);
}

/* Writing to a pipe nobody reads: -EPIPE, and SIGPIPE kills a writer that does not
 * handle it. */
static void test_pipe_broken(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    close(fds[0]);
    signal(SIGPIPE, (signal_handler)SIG_IGN);
    CHECK(write(fds[1], "x", 1) == -EPIPE);
    int pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, (signal_handler)SIG_DFL);
        write(fds[1], "x", 1);
        exit(0);
    }
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGPIPE));
    close(fds[1]);
}

/* Writes of up to PIPE_BUF bytes from several processes into one pipe come out whole:
 * each record read back is one writer's letter throughout. Record sizes that do not
 * divide the pipe's buffer make a writer find room for part of a record. */
#define ATOMIC_WRITERS 4
#define ATOMIC_RECORDS 40
static void check_atomic_records(unsigned size)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    for (int w = 0; w < ATOMIC_WRITERS; w++) {
        if (fork() == 0) {
            close(fds[0]);
            char record[PIPE_BUF];
            memset(record, 'a' + w, size);
            /* Yielding after each record takes the writers in turn, so the one that
             * finds room for part of a record is not always the first to wake. */
            for (int i = 0; i < ATOMIC_RECORDS; i++) {
                if (write(fds[1], record, size) != (int)size)
                    exit(1);
                yield();
            }
            exit(0);
        }
    }
    close(fds[1]);
    static char got[ATOMIC_WRITERS * ATOMIC_RECORDS * PIPE_BUF];
    unsigned total = ATOMIC_WRITERS * ATOMIC_RECORDS * size, n = 0;
    int r;
    /* Let the writers fill the pipe, then drain it in pieces smaller than a record, so
     * writers keep finding room for part of one. */
    msleep(20);
    while (n < total && (r = read(fds[0], got + n, total - n < 64 ? total - n : 64)) > 0) {
        n += (unsigned)r;
        yield();
    }
    CHECK(n == total);
    int per_writer[ATOMIC_WRITERS] = {0};
    for (unsigned at = 0; at < n; at += size) {
        int w = got[at] - 'a';
        CHECK(w >= 0 && w < ATOMIC_WRITERS);
        for (unsigned i = 1; i < size; i++)
            CHECK(got[at + i] == got[at]);
        per_writer[w]++;
    }
    for (int w = 0; w < ATOMIC_WRITERS; w++)
        CHECK(per_writer[w] == ATOMIC_RECORDS);
    for (int w = 0; w < ATOMIC_WRITERS; w++) {
        int status;
        CHECK(wait(&status) > 0 && status == 0);
    }
    close(fds[0]);
}

static void test_pipe_writes_up_to_pipe_buf_are_atomic(void)
{
    check_atomic_records(100);
    check_atomic_records(PIPE_BUF - 12);
    check_atomic_records(PIPE_BUF);
}

static void test_disk_full_is_an_error(void)
{
    int fd = open("/tmp/ut_full", O_WRONLY | O_CREAT | O_TRUNC);
    CHECK(fd >= 0);
    static char block[8192];
    int result;
    unsigned written = 0;
    while ((result = write(fd, block, sizeof block)) > 0)
        written += (unsigned)result;
    CHECK(result == -ENOSPC || result == -EFBIG);
    CHECK(written > 1024 * 1024);
    close(fd);
    CHECK(unlink("/tmp/ut_full") == 0);
    /* The space comes back. */
    fd = open("/tmp/ut_full2", O_WRONLY | O_CREAT);
    CHECK(write(fd, block, sizeof block) == (int)sizeof block);
    close(fd);
    CHECK(unlink("/tmp/ut_full2") == 0);
}

static const struct test tests[] = {
    {"fork_wait_exit_status", test_fork_wait_exit_status},
    {"wait_without_children", test_wait_without_children},
    {"fork_chain", test_fork_chain},
    {"getpid_getppid", test_getpid_getppid},
    {"zombie_until_reaped", test_zombie_until_reaped},
    {"orphan_reparented_to_init", test_orphan_reparented_to_init},
    {"64_processes_at_once", test_64_processes_at_once},
    {"fork_bomb_bounded", test_fork_bomb_bounded},
    {"exec_with_arguments", test_exec_with_arguments},
    {"exec_errors_return", test_exec_errors_return},
    {"exec_refuses_segments_that_wrap", test_exec_refuses_segments_that_wrap},
    {"ranges_that_wrap_are_refused", test_ranges_that_wrap_are_refused},
    {"demand_paging_random_order", test_demand_paging_random_order},
    {"sbrk_grow_and_shrink", test_sbrk_grow_and_shrink},
    {"fork_copies_memory", test_fork_copies_memory},
    {"stack_growth_and_guard_page", test_stack_growth_and_guard_page},
    {"out_of_memory_is_survivable", test_out_of_memory_is_survivable},
    {"out_of_memory_kills_the_largest", test_out_of_memory_kills_the_largest},
    {"lazy_heap", test_lazy_heap},
    {"lazy_stack", test_lazy_stack},
    {"copy_on_write_isolation", test_copy_on_write_isolation},
    {"fork_copies_nothing_until_written", test_fork_copies_nothing_until_written},
    {"fork_exec_exit_leaks_no_frame", test_fork_exec_exit_leaks_no_frame},
    {"mmap_anonymous", test_mmap_anonymous},
    {"mmap_protection_and_errors", test_mmap_protection_and_errors},
    {"mmap_file_private", test_mmap_file_private},
    {"bad_pointers_in_system_calls", test_bad_pointers_in_system_calls},
    {"faults_kill_only_their_process", test_faults_kill_only_their_process},
    {"preemption_of_a_spinning_process", test_preemption_of_a_spinning_process},
    {"sleep_and_uptime", test_sleep_and_uptime},
    {"signal_to_self", test_signal_to_self},
    {"ignored_signals_stay_ignored_across_exec", test_ignored_signals_stay_ignored_across_exec},
    {"signals_to_others", test_signals_to_others},
    {"sigchld_on_child_exit", test_sigchld_on_child_exit},
    {"kill_permission_across_users", test_kill_permission_across_users},
    {"sigstop_and_sigcont", test_sigstop_and_sigcont},
    {"threads_share_memory", test_threads_share_memory},
    {"exit_ends_all_threads", test_exit_ends_all_threads},
    {"file_create_write_read", test_file_create_write_read},
    {"lseek_trunc_append", test_lseek_trunc_append},
    {"large_file", test_large_file},
    {"directories", test_directories},
    {"bad_paths", test_bad_paths},
    {"descriptors_shared_by_fork", test_descriptors_shared_by_fork},
    {"dup_and_dup2", test_dup_and_dup2},
    {"descriptors_kept_by_exec", test_descriptors_kept_by_exec},
    {"pipe_full_blocks_writer", test_pipe_full_blocks_writer},
    {"pipe_empty_blocks_reader", test_pipe_empty_blocks_reader},
    {"pipe_broken", test_pipe_broken},
    {"pipe_writes_up_to_pipe_buf_are_atomic", test_pipe_writes_up_to_pipe_buf_are_atomic},
    {"disk_full_is_an_error", test_disk_full_is_an_error},
};

/* Tests that run only when named on the command line: they fill all of RAM (and swap),
 * which is cheap only on a small machine (ctest's os/usertests_out_of_memory, --memory 8). */
static const char *const only_when_named[] = {"out_of_memory_is_survivable", "out_of_memory_kills_the_largest"};

static int selected(const struct test *test, int argc, char **argv)
{
    if (argc < 2) {
        for (unsigned i = 0; i < sizeof only_when_named / sizeof only_when_named[0]; i++)
            if (strcmp(only_when_named[i], test->name) == 0)
                return 0;
        return 1;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], test->name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--exit-at-once") == 0)
        return 0; /* what fork_exec_exit_leaks_no_frame execs */
    int failed = 0, ran = 0;
    for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (!selected(&tests[i], argc, argv))
            continue;
        ran++;
        printf("test %s: ", tests[i].name);
        int pid = fork();
        if (pid < 0) {
            printf("FAILED (fork: %d)\n", pid);
            failed++;
            continue;
        }
        if (pid == 0) {
            tests[i].run();
            exit(0);
        }
        int status;
        if (waitpid(pid, &status, 0) != pid || status != 0) {
            printf("test %s: FAILED (status %d)\n", tests[i].name, status);
            failed++;
        } else {
            printf("OK\n");
        }
    }
    if (ran == 0) {
        printf("usertests: no test matched\n");
        return 1;
    }
    if (failed)
        printf("usertests: %d of %d tests FAILED\n", failed, ran);
    else
        printf("usertests: ALL %d TESTS PASSED\n", ran);
    return failed;
}
