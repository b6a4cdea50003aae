/* The guest OS test suite, in the style of xv6's usertests: every test runs in its own
 * forked process and passes when that process exits with status 0, so a test that
 * crashes or hangs its process cannot take the suite down with it. `usertests NAME...`
 * runs only the named tests. The exit status is the number of failed tests. */
#include "lib/user.h"
#include "os/abi/dirent.h"
#include "os/abi/user_layout.h"
#include "os/elf.h"

#define CHECK(condition)                                                                 \
    do {                                                                                 \
        if (!(condition)) {                                                              \
            printf("  check failed at usertests.c:%d: %s\n", __LINE__, #condition);      \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

/* A system call failed as POSIX says: -1, with errno set to error. */
static bool fails_with(long result, int error)
{
    return result == -1 && errno == error;
}

/* Forks a child that runs body() and exits with its result; returns the child's pid. */
static int spawn(int (*body)(void))
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(body());
    return pid;
}

/* Waits for pid; a signal handled meanwhile interrupts waitpid (EINTR): wait again.
 * Returns how it ended as a shell would say it: the exit code, or 128 + the signal. */
static int wait_for(int pid)
{
    int status = -1, result;
    while (fails_with((result = waitpid(pid, &status, 0)), EINTR))
        ;
    CHECK(result == pid);
    return WAIT_STATUS_AS_CODE(status);
}

/* ---- fork, exit, wait ---- */

static int exit_42(void) { return 42; }

static void test_fork_wait_exit_status(void)
{
    int pid = spawn(exit_42);
    CHECK(wait_for(pid) == 42);
    CHECK(fails_with(waitpid(pid, 0, 0), ECHILD)); /* reaped exactly once */
}

static void test_wait_without_children(void)
{
    int status;
    CHECK(fails_with(waitpid(-1, &status, 0), ECHILD));
    CHECK(fails_with(waitpid(-1, &status, WNOHANG), ECHILD));
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
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 101;
    return WEXITSTATUS(status) + 1;
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
    CHECK(fails_with(kill(pid, 0), ESRCH)); /* a zombie cannot be signalled... */
    int status;
    CHECK(waitpid(pid, &status, WNOHANG) == pid); /* ...but it is still there to reap */
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
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

/* The wait status is Linux's encoding, read with the W* macros: exit 130 is an exit, not
 * a death by SIGINT (130 = 128 + 2 as a shell prints both), and only the low 8 bits of
 * exit's argument are kept. */
static int exit_130(void) { return 130; }
static int exit_263(void) { return 263; }
static int killed_by_sigint(void)
{
    kill(getpid(), SIGINT);
    return 0;
}

static void test_wait_status_tells_exit_from_signal(void)
{
    int status;
    CHECK(waitpid(spawn(exit_130), &status, 0) > 0);
    CHECK(WIFEXITED(status) && !WIFSIGNALED(status) && WEXITSTATUS(status) == 130);
    CHECK(status == 130 << 8);
    CHECK(waitpid(spawn(killed_by_sigint), &status, 0) > 0);
    CHECK(WIFSIGNALED(status) && !WIFEXITED(status) && WTERMSIG(status) == SIGINT);
    CHECK(status == SIGINT);
    CHECK(waitpid(spawn(exit_263), &status, 0) > 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
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
    CHECK(fails_with(result, EAGAIN));
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

/* Arguments and environment up to ARG_MAX (64 KiB) together reach the new program, and
 * environ and getenv see the environment; past ARG_MAX exec fails with -E2BIG. */
#define MANY_ARGUMENTS 2000
#define MANY_STRINGS 500
static char *many_argv[MANY_ARGUMENTS + 2], *many_envp[MANY_STRINGS + 2];

static void test_exec_arguments_and_environment_up_to_arg_max(void)
{
    /* "args --count", 1999 words of 19 bytes and 500 strings of 21, each with its NUL and
     * its pointer: about 57 KiB of ARG_MAX's 64. */
    static char words[MANY_ARGUMENTS][20], variables[MANY_STRINGS][21];
    many_argv[0] = "args";
    many_argv[1] = "--count";
    for (int i = 0; i < MANY_ARGUMENTS; i++) {
        snprintf(words[i], sizeof words[i], "argument-%09d", i);
        many_argv[i + 2] = words[i];
    }
    many_argv[MANY_ARGUMENTS + 2 - 1] = NULL; /* the last word gives way to the NULL */
    for (int i = 0; i < MANY_STRINGS; i++) {
        snprintf(variables[i], sizeof variables[i], "VARIABLE_%04d=%06d", i, i);
        many_envp[i] = variables[i];
    }
    many_envp[MANY_STRINGS] = "VMSIM_TEST=seen";
    many_envp[MANY_STRINGS + 1] = NULL;
    unsigned bytes = 5 + 8 + (MANY_ARGUMENTS - 1) * 19 + MANY_STRINGS * 21 + 16;
    unsigned cost = (MANY_ARGUMENTS + 1 + MANY_STRINGS + 1) * 4 + bytes;
    CHECK(cost > 56 * 1024 && cost <= ARG_MAX);

    int fds[2];
    CHECK(pipe(fds) == 0);
    int pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execve("/bin/args", many_argv, many_envp);
        exit(99);
    }
    close(fds[1]);
    char got[128], expected[128];
    int n = 0, r;
    while (n < (int)sizeof got - 1 && (r = read(fds[0], got + n, sizeof got - 1 - (unsigned)n)) > 0)
        n += r;
    got[n] = '\0';
    close(fds[0]);
    CHECK(wait_for(pid) == 0);
    snprintf(expected, sizeof expected, "%d arguments, %d environment strings, %u bytes, VMSIM_TEST=seen\n",
             MANY_ARGUMENTS + 1, MANY_STRINGS + 1, bytes);
    if (strcmp(got, expected) != 0)
        printf("  got: %s  expected: %s", got, expected);
    CHECK(strcmp(got, expected) == 0);

    /* exec passes environ on: the child's own environment becomes the program's. */
    pid = fork();
    if (pid == 0) {
        static char *small_env[] = {"VMSIM_TEST=inherited", NULL};
        environ = small_env;
        CHECK(strcmp(getenv("VMSIM_TEST"), "inherited") == 0 && getenv("VMSIM") == NULL);
        int out = open("/tmp/ut_env", O_WRONLY | O_CREAT | O_TRUNC, 0666);
        dup2(out, 1);
        close(out);
        char *argv[] = {"args", "--count", NULL};
        execp("args", argv);
        exit(99);
    }
    CHECK(wait_for(pid) == 0);
    int in = open("/tmp/ut_env", O_RDONLY);
    n = read(in, got, sizeof got - 1);
    close(in);
    unlink("/tmp/ut_env");
    CHECK(n > 0);
    got[n] = '\0';
    CHECK(strcmp(got, "2 arguments, 1 environment strings, 34 bytes, VMSIM_TEST=inherited\n") == 0);

    /* Past ARG_MAX: -E2BIG, and the caller goes on. */
    static char big[ARG_MAX];
    memset(big, 'x', sizeof big - 1);
    char *too_much[] = {"args", big, NULL};
    CHECK(fails_with(exec("/bin/args", too_much), E2BIG));
}

static void test_exec_errors_return(void)
{
    char *argv[] = {"nosuchprogram", 0};
    CHECK(fails_with(execp("nosuchprogram", argv), ENOENT));
    CHECK(fails_with(exec((char *)0x10, argv), EFAULT));
    char **volatile bad_argv = (char **)0x20; /* volatile: keeps GCC from judging it */
    CHECK(fails_with(exec("args", bad_argv), EFAULT));
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
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0777);
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
            exit(fails_with(exec("/tmp/ut_wrap", argv), ENOEXEC) ? 0 : 1);
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
    CHECK(fails_with(write(fds[1], (void *)0xfffff000u, 0x2000), EFAULT));
    CHECK(fails_with(read(fds[0], (void *)0xfffff000u, 0x2000), EFAULT)); /* not blocked: refused first */
    CHECK(fails_with(write(fds[1], (void *)USER_BASE, 0x80000000u), EFAULT));
    CHECK(fails_with(read(fds[0], (void *)(USER_TOP - 16), 32), EFAULT));
    close(fds[0]);
    close(fds[1]);
    char *start = sbrk(0);
    CHECK(sbrk(0x7fffffff) == (void *)-1);
    CHECK(sbrk((int)0x80000000) == (void *)-1); /* INT32_MIN: its negation overflows */
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
    CHECK(sbrk(-64 * 1024 * 1024) == (void *)-1); /* below the start of the heap */
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

/* Allocating until memory runs out fails cleanly (-ENOMEM), and the system goes on. */
static int exhaust_memory(void)
{
    int chunks = 0;
    for (;;) {
        void *p = sbrk(1024 * 1024);
        if (p == (void *)-1) {
            if (errno != ENOMEM)
                return 2;
            break;
        }
        chunks++;
    }
    /* Give it back before touching anything new: with no free page at all, the first
     * touch of a program page not yet loaded would (rightly) kill this process. */
    if (sbrk(-chunks * 1024 * 1024) == (void *)-1)
        return 6;
    int pid = fork(); /* may fail for want of memory, but must not crash anything */
    if (pid == 0)
        exit(0);
    if (pid > 0 && wait_for(pid) != 0)
        return 3;
    if (pid < 0 && !fails_with(pid, ENOMEM))
        return 4;
    /* Most of RAM was there to take: ctest runs this suite on 32 MiB machines too. */
    return chunks >= 16 ? 0 : 5;
}

static void test_out_of_memory_is_survivable(void)
{
    CHECK(wait_for(spawn(exhaust_memory)) == 0);
    CHECK(wait_for(spawn(exit_42)) == 42);
}

/* The kernel checks user pointers: a bad one is an error, not a crash. */
static void test_bad_pointers_in_system_calls(void)
{
    CHECK(fails_with(write(1, (void *)0x10, 4), EFAULT));
    CHECK(fails_with(write(1, (void *)0x80000000, 4), EFAULT));
    CHECK(fails_with(waitpid(spawn(exit_42), (int *)0x80001000, 0), EFAULT));
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

/* Milliseconds of CLOCK_MONOTONIC. */
static uint32_t monotonic_ms(void)
{
    struct timespec now;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
    CHECK(now.tv_nsec >= 0 && now.tv_nsec < 1000000000);
    return (uint32_t)now.tv_sec * 1000 + (uint32_t)now.tv_nsec / 1000000;
}

static void wake_up(int sig)
{
    (void)sig;
}

static int interrupt_parent_later(void)
{
    msleep(20);
    return kill(getppid(), SIGUSR1) == 0 ? 0 : 1;
}

/* clock_gettime and nanosleep run on guest time: the clocks move with the timer ticks,
 * a nanosleep lasts at least what it asks, and a signal ends it early with EINTR and
 * the time left. Bad clocks, times and pointers are refused. */
static void test_clock_gettime_and_nanosleep(void)
{
    uint32_t ticks = (uint32_t)uptime();
    uint32_t start = monotonic_ms();
    CHECK(start >= ticks); /* ticks never run ahead of the clock */
    struct timespec real, sleep_for = {.tv_sec = 0, .tv_nsec = 30 * 1000000};
    CHECK(clock_gettime(CLOCK_REALTIME, &real) == 0 && real.tv_sec >= 0);
    CHECK(nanosleep(&sleep_for, NULL) == 0);
    uint32_t slept = monotonic_ms() - start;
    CHECK(slept >= 30);
    CHECK((uint32_t)uptime() - ticks >= 30);

    CHECK(fails_with(clock_gettime(7, &real), EINVAL));
    CHECK(fails_with(clock_gettime(CLOCK_MONOTONIC, (struct timespec *)0x80000000), EFAULT));
    struct timespec bad = {.tv_sec = 0, .tv_nsec = 1000000000};
    CHECK(fails_with(nanosleep(&bad, NULL), EINVAL));
    bad = (struct timespec){.tv_sec = -1};
    CHECK(fails_with(nanosleep(&bad, NULL), EINVAL));
    CHECK(fails_with(nanosleep((struct timespec *)0x10, NULL), EFAULT));

    signal(SIGUSR1, wake_up);
    int pid = spawn(interrupt_parent_later);
    struct timespec long_sleep = {.tv_sec = 100}, rest = {0};
    CHECK(fails_with(nanosleep(&long_sleep, &rest), EINTR));
    CHECK(rest.tv_sec > 90 && rest.tv_sec < 100);
    CHECK(wait_for(pid) == 0);
}

/* isatty tells the console from files and pipes; geteuid is the uid. */
static int check_euid_after_setuid(void)
{
    return setuid(7) == 0 && getuid() == 7 && geteuid() == 7 ? 0 : 1;
}

static void test_isatty_and_geteuid(void)
{
    CHECK(isatty(1) == 1);
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK(isatty(fds[0]) == 0 && errno == ENOTTY);
    close(fds[0]);
    close(fds[1]);
    int fd = open("/tmp/ut_tty", O_WRONLY | O_CREAT, 0666);
    CHECK(fd >= 0 && isatty(fd) == 0 && errno == ENOTTY);
    close(fd);
    unlink("/tmp/ut_tty");
    CHECK(isatty(99) == 0 && errno == EBADF);
    CHECK(isatty(-1) == 0 && errno == EBADF);
    CHECK(geteuid() == getuid() && geteuid() == 0);
    CHECK(wait_for(spawn(check_euid_after_setuid)) == 0);
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
    CHECK(signal(SIGKILL, remember_signal) == SIG_ERR && errno == EINVAL);
    CHECK(signal(SIGSTOP, remember_signal) == SIG_ERR && errno == EINVAL);
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
static int exec_kill_self_with(void (*how)(int))
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
    CHECK(exec_kill_self_with(SIG_IGN) == 0);
    CHECK(exec_kill_self_with(remember_signal) == STATUS_KILLED_BY(SIGUSR1));
    CHECK(exec_kill_self_with(SIG_DFL) == STATUS_KILLED_BY(SIGUSR1));
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
    CHECK(fails_with(kill(99999, SIGINT), ESRCH));
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
    if (!fails_with(setuid(0), EPERM))
        return 3;
    if (!fails_with(kill(root_parent, SIGKILL), EPERM))
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

/* ---- sigaction, sigprocmask, sigpending ---- */

/* Waits until every thread of pid is blocked; false if pid has ended meanwhile. */
static bool wait_until_blocked(int pid)
{
    for (;;) {
        struct procinfo info;
        bool found = false;
        int slot = 0;
        do {
            slot = procinfo(slot, &info);
            CHECK(slot >= 0);
            if (info.pid == pid) {
                found = true;
                break;
            }
        } while (slot != 0);
        if (!found || info.state == PROC_STATE_ZOMBIE)
            return false;
        if (info.state == PROC_STATE_SLEEPING)
            return true;
        yield();
    }
}

static struct sigaction handle_with(void (*handler)(int), int flags, sigset_t mask)
{
    return (struct sigaction){.sa_handler = handler, .sa_flags = flags, .sa_mask = mask};
}

static sigset_t current_mask(void)
{
    sigset_t mask = 0;
    CHECK(sigprocmask(SIG_BLOCK, NULL, &mask) == 0);
    return mask;
}

static volatile int usr1_seen, usr2_seen;
static volatile sigset_t mask_in_handler;
static volatile int usr2_seen_in_handler;

static void usr1_sends_usr2(int sig)
{
    (void)sig;
    usr1_seen++;
    mask_in_handler = current_mask();
    kill(getpid(), SIGUSR2); /* blocked by sa_mask: waits until this handler returns */
    usr2_seen_in_handler = usr2_seen;
}

static void count_usr2(int sig)
{
    (void)sig;
    usr2_seen++;
}

/* sigaction installs a handler with a mask (the signal itself is blocked too), reports
 * the previous action, and refuses what cannot be; the mask comes back after the
 * handler. */
static void test_sigaction_with_mask(void)
{
    struct sigaction act = handle_with(usr1_sends_usr2, 0, SIGNAL_BIT(SIGUSR2)), old;
    CHECK(sigaction(SIGUSR1, &act, &old) == 0);
    CHECK(old.sa_handler == SIG_DFL);
    CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
    CHECK(old.sa_handler == usr1_sends_usr2 && old.sa_mask == SIGNAL_BIT(SIGUSR2));
    act = handle_with(count_usr2, 0, 0);
    CHECK(sigaction(SIGUSR2, &act, NULL) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(usr1_seen == 1 && usr2_seen == 1);
    CHECK(usr2_seen_in_handler == 0);
    CHECK(mask_in_handler == (SIGNAL_BIT(SIGUSR1) | SIGNAL_BIT(SIGUSR2)));
    CHECK(current_mask() == 0);
    /* SA_RESETHAND: the handler runs once, then the default action is back. */
    act = handle_with(count_usr2, SA_RESETHAND, 0);
    CHECK(sigaction(SIGUSR2, &act, NULL) == 0);
    CHECK(kill(getpid(), SIGUSR2) == 0 && usr2_seen == 2);
    CHECK(sigaction(SIGUSR2, NULL, &old) == 0 && old.sa_handler == SIG_DFL);
    /* What cannot be. */
    CHECK(fails_with(sigaction(SIGKILL, &act, NULL), EINVAL));
    CHECK(fails_with(sigaction(SIGSTOP, &act, NULL), EINVAL));
    CHECK(fails_with(sigaction(0, &act, NULL), EINVAL) && fails_with(sigaction(NSIG, &act, NULL), EINVAL));
    CHECK(sigaction(SIGKILL, NULL, &old) == 0); /* reading is allowed */
    act.sa_flags = 4; /* SA_SIGINFO: not offered */
    CHECK(fails_with(sigaction(SIGUSR2, &act, NULL), EINVAL));
    /* Bad pointers reach the kernel only through the raw call (the library copies the
     * structure, as glibc does). */
    CHECK(__sys_sigaction(SIGUSR2, (struct kernel_sigaction *)0x10, NULL) == -EFAULT);
    CHECK(__sys_sigaction(SIGUSR2, NULL, (struct kernel_sigaction *)0x80000000) == -EFAULT);
    CHECK(signal(SIGUSR2, SIG_IGN) == SIG_DFL && signal(SIGUSR2, SIG_DFL) == SIG_IGN);
}

/* A blocked signal stays pending (sigpending shows it) until it is unblocked, and then
 * arrives at once; SIGKILL and SIGSTOP cannot be blocked; ignoring a pending signal
 * discards it. */
static void test_sigprocmask_and_sigpending(void)
{
    struct sigaction act = handle_with(count_usr2, 0, 0);
    CHECK(sigaction(SIGUSR2, &act, NULL) == 0);
    sigset_t set = SIGNAL_BIT(SIGUSR2), old = 1, pending = 1;
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0 && old == 0);
    CHECK(kill(getpid(), SIGUSR2) == 0);
    CHECK(usr2_seen == 0);
    CHECK(sigpending(&pending) == 0 && pending == SIGNAL_BIT(SIGUSR2));
    CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0);
    CHECK(usr2_seen == 1); /* delivered on the return from sigprocmask */
    CHECK(sigpending(&pending) == 0 && pending == 0);

    set = ~0u;
    CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0);
    CHECK(current_mask() == (~0u & ~(SIGNAL_BIT(SIGKILL) | SIGNAL_BIT(SIGSTOP))));
    CHECK(kill(getpid(), SIGUSR2) == 0);
    CHECK(signal(SIGUSR2, SIG_IGN) == count_usr2); /* discards the pending SIGUSR2 */
    CHECK(sigpending(&pending) == 0 && pending == 0);
    set = 0;
    CHECK(sigprocmask(SIG_SETMASK, &set, NULL) == 0 && usr2_seen == 1);

    CHECK(fails_with(sigprocmask(3, &set, NULL), EINVAL));
    CHECK(fails_with(sigprocmask(SIG_BLOCK, (sigset_t *)0x10, NULL), EFAULT));
    CHECK(fails_with(sigprocmask(SIG_BLOCK, NULL, (sigset_t *)0x80000000), EFAULT));
    CHECK(fails_with(sigpending((sigset_t *)0x80000000), EFAULT));
}

/* Blocks every signal it can and sleeps until SIGKILL ends it. */
static int block_everything_and_wait(void)
{
    sigset_t set = ~0u;
    sigprocmask(SIG_SETMASK, &set, NULL);
    for (;;)
        msleep(1000);
    return 1;
}

static int restart_fds[2];
static volatile int restart_handled;
static void note_restart_signal(int sig)
{
    (void)sig;
    restart_handled++;
}

/* Reads one byte from the pipe with SIGUSR1 handled (flags as given): 0 when the read
 * returned the byte (restarted) after the handler ran, 10 when it failed with EINTR. */
static int read_through_a_signal(int flags)
{
    close(restart_fds[1]);
    struct sigaction act = handle_with(note_restart_signal, flags, 0);
    if (sigaction(SIGUSR1, &act, NULL) < 0)
        return 1;
    char c = 0;
    int n = read(restart_fds[0], &c, 1);
    if (restart_handled != 1)
        return 2;
    if (n < 0 && errno == EINTR)
        return 10;
    return n == 1 && c == 'x' ? 0 : 3;
}

static int read_with_restart(void) { return read_through_a_signal(SA_RESTART); }
static int read_without_restart(void) { return read_through_a_signal(0); }

static int interrupt_a_read(int (*reader)(void))
{
    CHECK(pipe(restart_fds) == 0);
    signal(SIGPIPE, SIG_IGN); /* the reader may be gone when the byte comes */
    int pid = spawn(reader);
    close(restart_fds[0]);
    CHECK(wait_until_blocked(pid));
    CHECK(kill(pid, SIGUSR1) == 0);
    wait_until_blocked(pid); /* blocked again in the restarted read, or gone */
    write(restart_fds[1], "x", 1);
    close(restart_fds[1]);
    return wait_for(pid);
}

/* SA_RESTART: a read that a handler interrupted starts again and returns the data;
 * without it the read fails with EINTR. */
static void test_sa_restart_restarts_a_blocking_read(void)
{
    CHECK(interrupt_a_read(read_with_restart) == 0);
    CHECK(interrupt_a_read(read_without_restart) == 10);
    int pid = spawn(block_everything_and_wait);
    CHECK(wait_until_blocked(pid));
    CHECK(kill(pid, SIGTERM) == 0); /* blocked: stays pending */
    CHECK(wait_until_blocked(pid));
    CHECK(kill(pid, SIGKILL) == 0);
    CHECK(wait_for(pid) == STATUS_KILLED_BY(SIGKILL));
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
    CHECK(fails_with(thread_join(tids[0], 0), ESRCH));
    CHECK(fails_with(thread_join(gettid(), 0), EINVAL));
    CHECK(gettid() == getpid());
}

/* A mutex on futexes, as Drepper's "Futexes Are Tricky" draws it: 0 free, 1 locked,
 * 2 locked with sleepers. */
static volatile uint32_t futex_mutex;
static volatile uint32_t futex_sleeps_woken, futex_protected_counter;

static void futex_lock(volatile uint32_t *m)
{
    uint32_t c = 0;
    if (__atomic_compare_exchange_n(m, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (c != 2)
        c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        if (futex_wait(m, 2, NULL) == 0)
            __atomic_fetch_add(&futex_sleeps_woken, 1, __ATOMIC_RELAXED);
        c = __atomic_exchange_n(m, 2, __ATOMIC_ACQUIRE);
    }
}

static void futex_unlock(volatile uint32_t *m)
{
    if (__atomic_fetch_sub(m, 1, __ATOMIC_RELEASE) != 1) {
        *m = 0;
        futex_wake(m, 1);
    }
}

/* Each increment is a read, a sleep while holding the lock now and then, and a write:
 * without mutual exclusion increments would be lost. */
static void add_under_futex_mutex(void *arg)
{
    for (int i = 0; i < 50; i++) {
        futex_lock(&futex_mutex);
        uint32_t seen = futex_protected_counter;
        if (i % 10 == 0)
            msleep(2); /* the others find the lock taken and sleep in futex_wait */
        futex_protected_counter = seen + 1;
        futex_unlock(&futex_mutex);
    }
    thread_exit((uint32_t)(uintptr_t)arg);
}

/* futex_wait sleeps while the word holds the expected value, until futex_wake, its
 * timeout or a signal; a mutex built on them keeps four threads apart. */
static void test_futex_wait_and_wake(void)
{
    volatile uint32_t word = 5;
    CHECK(fails_with(futex_wait(&word, 4, NULL), EAGAIN)); /* the word differs: no sleep */
    struct timespec timeout = {.tv_sec = 0, .tv_nsec = 20 * 1000000};
    uint32_t start = monotonic_ms();
    CHECK(fails_with(futex_wait(&word, 5, &timeout), ETIMEDOUT));
    CHECK(monotonic_ms() - start >= 20);
    CHECK(futex_wake(&word, 1) == 0); /* nobody waits */
    CHECK(fails_with(futex_wait((volatile uint32_t *)((uintptr_t)&word + 1), 5, NULL), EINVAL));
    CHECK(fails_with(futex_wait((volatile uint32_t *)0x80000000, 5, NULL), EFAULT));
    timeout.tv_nsec = 1000000000;
    CHECK(fails_with(futex_wait(&word, 5, &timeout), EINVAL));
    CHECK(fails_with(futex_wake(&word, -1), EINVAL));

    int tids[4];
    for (int i = 0; i < 4; i++) {
        tids[i] = thread_create(add_under_futex_mutex, (void *)(uintptr_t)i, thread_stacks[i] + 4096);
        CHECK(tids[i] > 0);
    }
    for (int i = 0; i < 4; i++)
        CHECK(thread_join(tids[i], NULL) == 0);
    CHECK(futex_protected_counter == 200 && futex_mutex == 0);
    CHECK(futex_sleeps_woken > 0); /* they slept and futex_wake woke them */
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
    int fd = open("/tmp/ut_a", O_WRONLY | O_CREAT | O_TRUNC, 0666);
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
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 11 && st.st_nlink == 1);
    CHECK(fails_with(write(fd, "x", 1), EBADF)); /* opened read-only */
    close(fd);
    CHECK(unlink("/tmp/ut_a") == 0);
    CHECK(fails_with(open("/tmp/ut_a", O_RDONLY), ENOENT));
}

/* Guest time of a stat time, in milliseconds since boot (the guest boots at the epoch). */
static uint32_t stat_ms(int64_t seconds, uint32_t nanoseconds)
{
    return (uint32_t)seconds * 1000 + nanoseconds / 1000000;
}

/* struct stat has POSIX's fields: the type in st_mode's S_IFMT bits beside the permission
 * bits, the owner, the size in bytes and in 512-byte blocks, and times in guest time that
 * move when the file does (and survive a close). */
static void test_stat_has_posix_fields(void)
{
    uint32_t before = (uint32_t)uptime();
    int fd = open("/tmp/ut_stat", O_RDWR | O_CREAT | O_TRUNC, 0666);
    CHECK(fd >= 0);
    static char data[3000];
    write_whole(fd, data, sizeof data);
    CHECK(close(fd) == 0);
    struct stat st;
    CHECK(stat("/tmp/ut_stat", &st) == 0);
    CHECK(S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && (st.st_mode & S_IFMT) == S_IFREG);
    CHECK((st.st_mode & 0777) == 0644);
    CHECK(st.st_uid == (uint32_t)getuid() && st.st_gid == 0 && st.st_nlink == 1);
    CHECK(st.st_size == 3000 && st.st_blksize == 1024 && st.st_blocks == 6); /* 3 blocks of 1 KiB */
    CHECK(st.st_dev == 1 && st.st_ino > 1);
    uint32_t written = stat_ms(st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    CHECK(written >= before); /* ticks never run ahead of the clock */
    CHECK(stat_ms(st.st_ctim.tv_sec, st.st_ctim.tv_nsec) == written);
    msleep(20);
    fd = open("/tmp/ut_stat", O_WRONLY | O_APPEND);
    write_whole(fd, data, 73);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 3073 && st.st_blocks == 8); /* a 4th block */
    CHECK(stat_ms(st.st_mtim.tv_sec, st.st_mtim.tv_nsec) >= written + 20);
    close(fd);
    CHECK(stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink >= 2);
    int fds[2];
    CHECK(pipe(fds) == 0);
    CHECK(fstat(fds[1], &st) == 0 && S_ISFIFO(st.st_mode) && st.st_dev == 0);
    close(fds[0]);
    close(fds[1]);
    CHECK(unlink("/tmp/ut_stat") == 0);
}

static void test_lseek_trunc_append(void)
{
    int fd = open("/tmp/ut_b", O_RDWR | O_CREAT | O_TRUNC, 0666);
    CHECK(fd >= 0);
    write_whole(fd, "0123456789", 10);
    CHECK(lseek(fd, 3, SEEK_SET) == 3);
    char c;
    CHECK(read(fd, &c, 1) == 1 && c == '3');
    CHECK(lseek(fd, -1, SEEK_END) == 9);
    CHECK(read(fd, &c, 1) == 1 && c == '9');
    CHECK(fails_with(lseek(fd, -20, SEEK_CUR), EINVAL));
    close(fd);
    fd = open("/tmp/ut_b", O_WRONLY | O_APPEND);
    write_whole(fd, "ab", 2);
    close(fd);
    struct stat st;
    CHECK(stat("/tmp/ut_b", &st) == 0 && st.st_size == 12);
    fd = open("/tmp/ut_b", O_WRONLY | O_TRUNC);
    close(fd);
    CHECK(stat("/tmp/ut_b", &st) == 0 && st.st_size == 0);
    CHECK(unlink("/tmp/ut_b") == 0);
}

/* Past the direct blocks and into the double-indirect ones (11 + 256 KiB). */
static void test_large_file(void)
{
    static char block[4096];
    int fd = open("/tmp/ut_big", O_RDWR | O_CREAT | O_TRUNC, 0666);
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
    CHECK(mkdir("/tmp/ut_d", 0777) == 0);
    CHECK(fails_with(mkdir("/tmp/ut_d", 0777), EEXIST));
    CHECK(mkdir("/tmp/ut_d/sub", 0777) == 0);
    CHECK(chdir("/tmp/ut_d/sub") == 0);
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) == cwd && strcmp(cwd, "/tmp/ut_d/sub") == 0);
    int fd = open("f", O_WRONLY | O_CREAT, 0666);
    CHECK(fd >= 0);
    close(fd);
    CHECK(chdir("..") == 0);
    struct stat st;
    CHECK(stat("sub/f", &st) == 0 && S_ISREG(st.st_mode));
    CHECK(stat("sub/../sub/./f", &st) == 0);
    CHECK(fails_with(rmdir("sub"), ENOTEMPTY));
    CHECK(fails_with(unlink("sub"), EISDIR) && fails_with(rmdir("sub/f"), ENOTDIR));
    CHECK(fails_with(open("sub/f/x", O_RDONLY), ENOTDIR));
    CHECK(fails_with(open("sub", O_WRONLY), EISDIR));
    CHECK(fails_with(chdir("sub/f"), ENOTDIR));
    /* read() on a directory gives its entries. */
    fd = open("sub", O_RDONLY);
    struct fs_dirent e;
    int found = 0;
    while (read(fd, &e, sizeof e) == sizeof e)
        found += e.ino && strcmp(e.name, "f") == 0;
    close(fd);
    CHECK(found == 1);
    CHECK(unlink("sub/f") == 0 && rmdir("sub") == 0 && chdir("/") == 0 && rmdir("/tmp/ut_d") == 0);
    /* A removed current directory takes no new names (they would be orphans on the disk). */
    CHECK(mkdir("/tmp/ut_gone", 0777) == 0 && chdir("/tmp/ut_gone") == 0 && rmdir("/tmp/ut_gone") == 0);
    CHECK(fails_with(open("f", O_WRONLY | O_CREAT, 0666), ENOENT));
    CHECK(fails_with(mkdir("d", 0777), ENOENT));
    CHECK(fails_with(stat("/tmp/ut_gone", &st), ENOENT));
    CHECK(chdir("/") == 0);
    CHECK(fails_with(stat("/tmp/ut_d", &st), ENOENT));
}

/* Makes path with these bytes and permission bits (the umask is 022 in usertests). */
static void make_file(const char *path, const char *text, unsigned mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    CHECK(fd >= 0);
    write_whole(fd, text, (int)strlen(text));
    CHECK(close(fd) == 0);
}

/* The file's text is exactly text. */
static bool file_holds(const char *path, const char *text)
{
    char buffer[64];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return false;
    int n = read(fd, buffer, sizeof buffer);
    close(fd);
    return n == (int)strlen(text) && memcmp(buffer, text, (size_t)n) == 0;
}

static uint32_t inode_of(const char *path)
{
    struct stat st;
    CHECK(stat(path, &st) == 0);
    return st.st_ino;
}

static uint32_t links_of(const char *path)
{
    struct stat st;
    CHECK(stat(path, &st) == 0);
    return st.st_nlink;
}

/* link gives a file a second name; unlink takes one away; rmdir removes only an empty
 * directory, unlink never a directory. */
static void test_link_unlink_rmdir(void)
{
    make_file("/tmp/ut_l1", "abc", 0666);
    CHECK(link("/tmp/ut_l1", "/tmp/ut_l2") == 0);
    CHECK(inode_of("/tmp/ut_l1") == inode_of("/tmp/ut_l2") && links_of("/tmp/ut_l2") == 2);
    CHECK(unlink("/tmp/ut_l1") == 0);
    CHECK(links_of("/tmp/ut_l2") == 1 && file_holds("/tmp/ut_l2", "abc"));
    make_file("/tmp/ut_l1", "x", 0666);
    CHECK(fails_with(link("/tmp/ut_l1", "/tmp/ut_l2"), EEXIST));
    CHECK(fails_with(link("/tmp/no_such", "/tmp/ut_l3"), ENOENT));
    CHECK(fails_with(link("/tmp", "/tmp/ut_l3"), EPERM));
    CHECK(fails_with(link("/tmp/ut_l1", "/no_dir/ut_l3"), ENOENT));
    CHECK(mkdir("/tmp/ut_rm", 0777) == 0 && mkdir("/tmp/ut_rm/d", 0777) == 0);
    CHECK(fails_with(rmdir("/tmp/ut_rm"), ENOTEMPTY) && fails_with(unlink("/tmp/ut_rm/d"), EISDIR));
    CHECK(fails_with(rmdir("/tmp/ut_l1"), ENOTDIR) && fails_with(rmdir("/tmp/ut_rm/d/."), EINVAL));
    CHECK(fails_with(rmdir("/"), EINVAL) && fails_with(rmdir("/tmp/no_such"), ENOENT));
    uint32_t tmp_links = links_of("/tmp");
    CHECK(links_of("/tmp/ut_rm") == 3); /* its name, its ".", d's ".." */
    CHECK(rmdir("/tmp/ut_rm/d") == 0 && links_of("/tmp/ut_rm") == 2);
    CHECK(rmdir("/tmp/ut_rm") == 0 && links_of("/tmp") == tmp_links - 1);
    CHECK(unlink("/tmp/ut_l1") == 0 && unlink("/tmp/ut_l2") == 0);
}

/* rename moves a name, also into another directory, replacing a file by a file or an
 * empty directory by a directory; it refuses the rest, and moving a directory below
 * itself. */
static void test_rename(void)
{
    make_file("/tmp/ut_r1", "one", 0666);
    make_file("/tmp/ut_r2", "two", 0666);
    CHECK(rename("/tmp/ut_r1", "/tmp/ut_r3") == 0);
    struct stat st;
    CHECK(fails_with(stat("/tmp/ut_r1", &st), ENOENT) && file_holds("/tmp/ut_r3", "one"));
    CHECK(rename("/tmp/ut_r3", "/tmp/ut_r2") == 0); /* replaces ut_r2 */
    CHECK(file_holds("/tmp/ut_r2", "one") && fails_with(stat("/tmp/ut_r3", &st), ENOENT));
    CHECK(rename("/tmp/ut_r2", "/tmp/ut_r2") == 0 && file_holds("/tmp/ut_r2", "one"));
    CHECK(fails_with(rename("/tmp/no_such", "/tmp/ut_r4"), ENOENT));

    uint32_t tmp_links = links_of("/tmp");
    CHECK(mkdir("/tmp/ut_ra", 0777) == 0 && mkdir("/tmp/ut_ra/sub", 0777) == 0);
    make_file("/tmp/ut_ra/sub/f", "deep", 0666);
    CHECK(rename("/tmp/ut_ra/sub", "/tmp/ut_rb") == 0); /* up into /tmp */
    CHECK(file_holds("/tmp/ut_rb/f", "deep"));
    CHECK(inode_of("/tmp/ut_rb/..") == inode_of("/tmp"));
    CHECK(links_of("/tmp/ut_ra") == 2 && links_of("/tmp") == tmp_links + 2);
    CHECK(fails_with(rename("/tmp/ut_rb", "/tmp/ut_rb/inside"), EINVAL));
    CHECK(fails_with(rename("/tmp/ut_ra", "/tmp/ut_rb"), ENOTEMPTY));
    CHECK(fails_with(rename("/tmp/ut_ra", "/tmp/ut_r2"), ENOTDIR));
    CHECK(fails_with(rename("/tmp/ut_r2", "/tmp/ut_ra"), EISDIR));
    CHECK(rename("/tmp/ut_rb", "/tmp/ut_ra/moved") == 0); /* down into ut_ra */
    CHECK(inode_of("/tmp/ut_ra/moved/..") == inode_of("/tmp/ut_ra") && links_of("/tmp/ut_ra") == 3);
    CHECK(mkdir("/tmp/ut_rc", 0777) == 0);
    CHECK(rename("/tmp/ut_ra/moved", "/tmp/ut_rc") == 0); /* replaces an empty directory */
    CHECK(file_holds("/tmp/ut_rc/f", "deep") && links_of("/tmp/ut_ra") == 2);
    CHECK(fails_with(rename("/tmp/ut_rc/.", "/tmp/ut_rd"), EINVAL) && fails_with(rename("/", "/tmp/ut_rd"), EINVAL));
    CHECK(unlink("/tmp/ut_rc/f") == 0 && rmdir("/tmp/ut_rc") == 0 && rmdir("/tmp/ut_ra") == 0);
    CHECK(unlink("/tmp/ut_r2") == 0 && links_of("/tmp") == tmp_links);
}

/* What a user who is not root (uid 5) may do with root's files. */
static int act_as_user_5(void)
{
    CHECK(setuid(5) == 0 && getuid() == 5);
    CHECK(fails_with(open("/tmp/ut_p/secret", O_RDONLY), EACCES));
    CHECK(file_holds("/tmp/ut_p/public", "public"));
    CHECK(fails_with(open("/tmp/ut_p/public", O_WRONLY), EACCES) && fails_with(open("/tmp/ut_p/public", O_RDWR), EACCES));
    CHECK(access("/tmp/ut_p/public", R_OK) == 0 && fails_with(access("/tmp/ut_p/public", W_OK), EACCES));
    CHECK(access("/tmp/ut_p/secret", F_OK) == 0 && fails_with(access("/tmp/ut_p/secret", R_OK), EACCES));
    CHECK(fails_with(access("/tmp/ut_p/public", 8), EINVAL));
    /* The directory is root's, 0755: no new names, no removals, no renames in it. */
    CHECK(fails_with(open("/tmp/ut_p/mine", O_WRONLY | O_CREAT, 0666), EACCES));
    CHECK(fails_with(mkdir("/tmp/ut_p/dir", 0777), EACCES));
    CHECK(fails_with(unlink("/tmp/ut_p/public"), EACCES) && fails_with(rename("/tmp/ut_p/public", "/tmp/ut_p5"), EACCES));
    CHECK(fails_with(link("/tmp/ut_p/public", "/tmp/ut_p/again"), EACCES));
    CHECK(fails_with(chmod("/tmp/ut_p/public", 0666), EPERM) && fails_with(chown("/tmp/ut_p/public", 5, -1), EPERM));
    /* A closed directory (0700) cannot be searched or entered. */
    struct stat st;
    CHECK(fails_with(stat("/tmp/ut_p/closed/inside", &st), EACCES) && fails_with(chdir("/tmp/ut_p/closed"), EACCES));
    CHECK(fails_with(open("/tmp/ut_p/closed", O_RDONLY), EACCES)); /* nor listed */
    /* Running needs the x bit. */
    char *argv[] = {"prog", 0};
    CHECK(fails_with(exec("/tmp/ut_p/prog", argv), EACCES));
    /* Its own file, made under its umask, in the world-writable /tmp. */
    CHECK(umask(077) == 022);
    make_file("/tmp/ut_p5", "mine", 0666);
    CHECK(stat("/tmp/ut_p5", &st) == 0 && st.st_uid == 5 && (st.st_mode & 0777) == 0600);
    CHECK(chmod("/tmp/ut_p5", 0) == 0);
    CHECK(fails_with(open("/tmp/ut_p5", O_RDONLY), EACCES)); /* the owner too */
    CHECK(chmod("/tmp/ut_p5", 0400) == 0 && file_holds("/tmp/ut_p5", "mine"));
    CHECK(fails_with(open("/tmp/ut_p5", O_WRONLY), EACCES));
    CHECK(fails_with(chown("/tmp/ut_p5", 0, -1), EPERM) && chown("/tmp/ut_p5", -1, -1) == 0);
    return 0;
}

/* File permissions and owners hold for users other than root: read, write and execute
 * bits on files, write and search bits on directories; root passes them all but the x
 * bit of a program nobody may run. chmod is the owner's, chown root's, the umask the
 * process's. */
static void test_permissions_for_users_other_than_root(void)
{
    CHECK(getuid() == 0);
    CHECK(mkdir("/tmp/ut_p", 0755) == 0 && mkdir("/tmp/ut_p/closed", 0700) == 0);
    make_file("/tmp/ut_p/secret", "secret", 0600);
    make_file("/tmp/ut_p/public", "public", 0644);
    make_file("/tmp/ut_p/closed/inside", "x", 0644);
    write_program_with_segment("/tmp/ut_p/prog", USER_BASE + 0x1000, 0x1000);
    CHECK(chmod("/tmp/ut_p/prog", 0644) == 0);
    struct stat st;
    CHECK(stat("/tmp/ut_p/secret", &st) == 0 && (st.st_mode & 07777) == 0600 && st.st_uid == 0);
    CHECK(wait_for(spawn(act_as_user_5)) == 0);
    /* Root reads and writes whatever the bits say... */
    CHECK(chmod("/tmp/ut_p/secret", 0) == 0 && file_holds("/tmp/ut_p/secret", "secret"));
    CHECK(access("/tmp/ut_p/secret", R_OK | W_OK) == 0);
    /* ...but runs only what someone may run. */
    CHECK(fails_with(access("/tmp/ut_p/prog", X_OK), EACCES));
    char *argv[] = {"prog", 0};
    CHECK(fails_with(exec("/tmp/ut_p/prog", argv), EACCES));
    CHECK(chmod("/tmp/ut_p/prog", 0100) == 0 && access("/tmp/ut_p/prog", X_OK) == 0);
    CHECK(chown("/tmp/ut_p/public", 5, -1) == 0 && stat("/tmp/ut_p/public", &st) == 0 && st.st_uid == 5);
    CHECK(fails_with(chown("/tmp/ut_p/public", 5, 3), EINVAL) && fails_with(chown("/tmp/no_such", 0, 0), ENOENT));
    CHECK(stat("/tmp/ut_p5", &st) == 0 && st.st_uid == 5);
    CHECK(unlink("/tmp/ut_p5") == 0 && unlink("/tmp/ut_p/prog") == 0 && unlink("/tmp/ut_p/secret") == 0);
    CHECK(unlink("/tmp/ut_p/public") == 0 && unlink("/tmp/ut_p/closed/inside") == 0);
    CHECK(rmdir("/tmp/ut_p/closed") == 0 && rmdir("/tmp/ut_p") == 0);
}

static void test_bad_paths(void)
{
    CHECK(fails_with(open("/no/such/file", O_RDONLY), ENOENT));
    CHECK(fails_with(open((char *)0x10, O_RDONLY), EFAULT));
    CHECK(fails_with(open("/tmp/x", O_RDWR | O_WRONLY), EINVAL));
    CHECK(fails_with(open("/tmp/a_name_that_is_longer_than_27_chars", O_CREAT | O_WRONLY, 0666), ENAMETOOLONG));
    CHECK(fails_with(close(99), EBADF) && fails_with(close(-1), EBADF));
    CHECK(fails_with(read(12, 0, 0), EBADF));
    CHECK(fails_with(unlink("/"), EINVAL));
}

static void test_descriptors_shared_by_fork(void)
{
    int fd = open("/tmp/ut_fork", O_RDWR | O_CREAT | O_TRUNC, 0666);
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
    int fd = open("/tmp/ut_dup", O_RDWR | O_CREAT | O_TRUNC, 0666);
    int copy = dup(fd);
    CHECK(copy > fd);
    write_whole(fd, "ab", 2);
    write_whole(copy, "cd", 2); /* one offset for both */
    CHECK(dup2(fd, 10) == 10);
    CHECK(lseek(10, 0, SEEK_SET) == 0);
    char buffer[8];
    CHECK(read(copy, buffer, 8) == 4 && memcmp(buffer, "abcd", 4) == 0);
    CHECK(fails_with(dup2(fd, 99), EBADF) && fails_with(dup(42), EBADF));
    close(fd);
    close(copy);
    close(10);
    unlink("/tmp/ut_dup");
}

/* The descriptor table is kept across exec: cat reads the file on its standard input. */
static void test_descriptors_kept_by_exec(void)
{
    int fd = open("/tmp/ut_exec", O_WRONLY | O_CREAT | O_TRUNC, 0666);
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

/* A running program's file cannot be opened for writing, nor can a file open for writing
 * be run (ETXTBSY); either works again once the other side is gone. */
static void test_running_program_file_is_busy(void)
{
    int to_cat[2], from_cat[2];
    CHECK(pipe(to_cat) == 0 && pipe(from_cat) == 0);
    int pid = fork();
    if (pid == 0) {
        dup2(to_cat[0], 0);
        dup2(from_cat[1], 1);
        close(to_cat[0]), close(to_cat[1]), close(from_cat[0]), close(from_cat[1]);
        char *argv[] = {"cat", NULL};
        exec("/bin/cat", argv);
        exit(99);
    }
    close(to_cat[0]);
    close(from_cat[1]);
    /* A line through cat: it is running. */
    char buffer[8];
    write_whole(to_cat[1], "x\n", 2);
    CHECK(read(from_cat[0], buffer, sizeof buffer) == 2);
    CHECK(fails_with(open("/bin/cat", O_WRONLY), ETXTBSY));
    CHECK(fails_with(open("/bin/cat", O_RDWR), ETXTBSY));
    int reader = open("/bin/cat", O_RDONLY);
    CHECK(reader >= 0);
    close(reader);
    close(to_cat[1]);
    CHECK(wait_for(pid) == 0);
    close(from_cat[0]);

    int writer = open("/bin/cat", O_WRONLY);
    CHECK(writer >= 0);
    pid = fork();
    if (pid == 0) {
        char *argv[] = {"cat", NULL};
        exit(fails_with(exec("/bin/cat", argv), ETXTBSY) ? 0 : 1);
    }
    CHECK(wait_for(pid) == 0);
    close(writer);
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
    CHECK(fstat(fds[0], &st) == 0 && S_ISFIFO(st.st_mode));
    CHECK(fails_with(lseek(fds[0], 0, SEEK_SET), ESPIPE));
    close(fds[0]);
}

/* Writing to a pipe nobody reads: -EPIPE, and SIGPIPE kills a writer that does not
 * handle it. */
static void test_pipe_broken(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    close(fds[0]);
    signal(SIGPIPE, SIG_IGN);
    CHECK(fails_with(write(fds[1], "x", 1), EPIPE));
    int pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
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
    int fd = open("/tmp/ut_full", O_WRONLY | O_CREAT | O_TRUNC, 0666);
    CHECK(fd >= 0);
    static char block[8192];
    int result;
    unsigned written = 0;
    while ((result = write(fd, block, sizeof block)) > 0)
        written += (unsigned)result;
    CHECK(fails_with(result, ENOSPC) || fails_with(result, EFBIG));
    CHECK(written > 1024 * 1024);
    close(fd);
    CHECK(unlink("/tmp/ut_full") == 0);
    /* The space comes back. */
    fd = open("/tmp/ut_full2", O_WRONLY | O_CREAT, 0666);
    CHECK(write(fd, block, sizeof block) == (int)sizeof block);
    close(fd);
    CHECK(unlink("/tmp/ut_full2") == 0);
}

static const struct test tests[] = {
    {"fork_wait_exit_status", test_fork_wait_exit_status},
    {"wait_status_tells_exit_from_signal", test_wait_status_tells_exit_from_signal},
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
    {"exec_arguments_and_environment_up_to_arg_max", test_exec_arguments_and_environment_up_to_arg_max},
    {"demand_paging_random_order", test_demand_paging_random_order},
    {"sbrk_grow_and_shrink", test_sbrk_grow_and_shrink},
    {"fork_copies_memory", test_fork_copies_memory},
    {"stack_growth_and_guard_page", test_stack_growth_and_guard_page},
    {"out_of_memory_is_survivable", test_out_of_memory_is_survivable},
    {"bad_pointers_in_system_calls", test_bad_pointers_in_system_calls},
    {"faults_kill_only_their_process", test_faults_kill_only_their_process},
    {"preemption_of_a_spinning_process", test_preemption_of_a_spinning_process},
    {"sleep_and_uptime", test_sleep_and_uptime},
    {"clock_gettime_and_nanosleep", test_clock_gettime_and_nanosleep},
    {"isatty_and_geteuid", test_isatty_and_geteuid},
    {"signal_to_self", test_signal_to_self},
    {"ignored_signals_stay_ignored_across_exec", test_ignored_signals_stay_ignored_across_exec},
    {"signals_to_others", test_signals_to_others},
    {"sigchld_on_child_exit", test_sigchld_on_child_exit},
    {"kill_permission_across_users", test_kill_permission_across_users},
    {"sigstop_and_sigcont", test_sigstop_and_sigcont},
    {"sigaction_with_mask", test_sigaction_with_mask},
    {"sigprocmask_and_sigpending", test_sigprocmask_and_sigpending},
    {"sa_restart_restarts_a_blocking_read", test_sa_restart_restarts_a_blocking_read},
    {"threads_share_memory", test_threads_share_memory},
    {"futex_wait_and_wake", test_futex_wait_and_wake},
    {"exit_ends_all_threads", test_exit_ends_all_threads},
    {"file_create_write_read", test_file_create_write_read},
    {"lseek_trunc_append", test_lseek_trunc_append},
    {"stat_has_posix_fields", test_stat_has_posix_fields},
    {"large_file", test_large_file},
    {"directories", test_directories},
    {"link_unlink_rmdir", test_link_unlink_rmdir},
    {"rename", test_rename},
    {"permissions_for_users_other_than_root", test_permissions_for_users_other_than_root},
    {"bad_paths", test_bad_paths},
    {"descriptors_shared_by_fork", test_descriptors_shared_by_fork},
    {"dup_and_dup2", test_dup_and_dup2},
    {"descriptors_kept_by_exec", test_descriptors_kept_by_exec},
    {"running_program_file_is_busy", test_running_program_file_is_busy},
    {"pipe_full_blocks_writer", test_pipe_full_blocks_writer},
    {"pipe_empty_blocks_reader", test_pipe_empty_blocks_reader},
    {"pipe_broken", test_pipe_broken},
    {"pipe_writes_up_to_pipe_buf_are_atomic", test_pipe_writes_up_to_pipe_buf_are_atomic},
    {"disk_full_is_an_error", test_disk_full_is_an_error},
};

static int selected(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    int failed = 0, ran = 0;
    for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (!selected(tests[i].name, argc, argv))
            continue;
        ran++;
        printf("test %s: ", tests[i].name);
        fflush(stdout); /* or the child would print the unfinished line again */
        int pid = fork();
        if (pid < 0) {
            printf("FAILED (fork: %s)\n", strerror(errno));
            failed++;
            continue;
        }
        if (pid == 0) {
            tests[i].run();
            exit(0);
        }
        int status;
        if (waitpid(pid, &status, 0) != pid || status != 0) {
            printf("test %s: FAILED (status %d)\n", tests[i].name, WAIT_STATUS_AS_CODE(status));
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
