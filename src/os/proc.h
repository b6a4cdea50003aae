/* Processes and threads. A process is an address space, a user id, signal state and a
 * place in the family tree; a thread is what runs: registers, a kernel stack and a
 * scheduling state. Every process has at least one thread (its main thread, whose tid is
 * the pid); more can share its address space (thread_create).
 *
 * Concurrency: one hart, and the kernel runs with interrupts off, so kernel code is never
 * interrupted and only gives up the CPU where it calls sched(). No locks are needed; the
 * preconditions below say in which state things must be. */
#ifndef OS_PROC_H
#define OS_PROC_H

#include "abi/signal.h"
#include "abi/wait.h"
#include "addrspace.h"
#include "devices/annotation.h"
#include "file.h"
#include "types.h"

#define NPROC 96
#define NTHREAD 128
#define KSTACK_SIZE 8192
#define PROC_NAME_SIZE 16

/* The registers of a thread's user mode, saved at every trap (trap_entry.S). regs[i] is
 * register xi; regs[0] is unused. The layout is fixed by trap_entry.S. */
struct trapframe {
    uint32_t regs[32];
    uint32_t epc;
};

#define REG_RA 1
#define REG_SP 2
#define REG_GP 3
#define REG_A0 10
#define REG_A1 11
#define REG_A2 12
#define REG_A7 17

/* The kernel registers swtch saves: everything else the C calling convention lets a
 * function clobber. Layout fixed by swtch.S. */
struct context {
    uint32_t ra, sp;
    uint32_t s[12];
};

/* The debugger reads these values (annotate_thread_context): they are the annotation
 * device's ANNOTATION_THREAD_* numbers. */
enum thread_state {
    THREAD_UNUSED = ANNOTATION_THREAD_UNUSED,
    THREAD_RUNNABLE = ANNOTATION_THREAD_RUNNABLE, /* ready: waiting for the CPU */
    THREAD_RUNNING = ANNOTATION_THREAD_RUNNING,   /* on the CPU (exactly one, or none while idle) */
    THREAD_BLOCKED = ANNOTATION_THREAD_BLOCKED,   /* sleeping on wait_channel until a wakeup */
    THREAD_STOPPED = ANNOTATION_THREAD_STOPPED,   /* its process got SIGSTOP; SIGCONT makes it runnable */
    THREAD_EXITED = ANNOTATION_THREAD_EXITED,     /* finished, its value kept until thread_join */
};

struct proc;

struct thread {
    enum thread_state state;
    int tid;
    struct proc *proc;
    struct context context;        /* where swtch resumes it */
    struct trapframe *trapframe;   /* at the top of kstack */
    const void *wait_channel;      /* BLOCKED: what it waits for */
    uint32_t exit_value;           /* EXITED: for thread_join */
    uint32_t slice_ticks;          /* ticks used of the current time slice */
    uint32_t signal_mask;          /* bit s: signal s is blocked for this thread */
    /* A restartable system call returned -EINTR: a handler with SA_RESTART makes it run
     * again, with its first argument from here (a0 now holds the result). */
    bool syscall_restartable;
    uint32_t syscall_first_argument;
    /* futex_wait: the user address this thread waits on, and whether futex_wake chose it. */
    bool futex_waiting, futex_woken;
    uint32_t futex_address;
    uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(16)));
};

enum proc_state {
    PROC_UNUSED,
    PROC_ALIVE,  /* has threads; what they do is in their own states */
    PROC_ZOMBIE, /* exited; exit_status kept until the parent waits */
};

struct proc {
    enum proc_state state;
    int pid;
    int uid;                       /* 0 = root */
    struct proc *parent;
    char name[PROC_NAME_SIZE];
    struct address_space as;
    int live_threads;              /* threads not yet EXITED */
    int priority;                  /* for the priority policy: 0 runs first */
    bool killed;                   /* exit at the next return to user mode */
    bool stopped;                  /* SIGSTOP: threads stop at the return to user mode */
    int exit_status;               /* wait status (abi/wait.h), valid once killed (or ZOMBIE) */
    uint32_t pending_signals;      /* bit s: signal s waits for delivery */
    struct kernel_sigaction signal_actions[NSIG]; /* handler, flags, restorer, mask */
    struct file *files[NOFILE];    /* open descriptors, NULL where free */
    struct inode *cwd;             /* current directory; NULL without a file system */
    uint32_t umask;                /* permission bits a new file or directory does not get */
    uint32_t cpu_ticks;            /* timer ticks (ms) that found one of its threads running */
    int pgid;                      /* process group (a job): its leader's pid; 0 for none */
};

extern struct proc procs[NPROC];
extern struct thread threads[NTHREAD];
/* One past the highest thread slot ever taken: the slots from there on have never been
 * used, so a loop over the threads stops there (most systems run a few threads, and the
 * timer tick and the scheduler loop over them). */
extern uint32_t thread_slots_used;

/* Every change of a thread's state goes through here, so that vmsim hears of it (a PROCESS
 * report to the annotation device). THREAD_UNUSED reports the thread gone. */
void thread_set_state(struct thread *t, enum thread_state state);

/* The thread on the CPU; NULL while the scheduler runs or the CPU idles. */
struct thread *current_thread(void);
struct proc *current_proc(void);
void set_current_thread(struct thread *t);

/* Creates the first process (pid 1, root) running `program` with argv. */
void proc_create_init(const char *program, int argc, char **argv);

/* The process with this pid that has not been reaped, or NULL. */
struct proc *proc_find(int pid);

/* fork: a copy of the current process with one thread, a copy of the calling one, that
 * returns 0. The child's pid, -EAGAIN (tables full) or -ENOMEM. */
int proc_fork(void);

/* Ends the whole process with a wait status, W_EXITCODE(code, signal) (the first status
 * set wins); never returns. Other
 * threads of the process exit at their next return to user mode. */
void proc_exit(int status) __attribute__((noreturn));

/* Ends the calling thread; when it is the last, the process exits with code exit_value. */
void thread_exit(uint32_t exit_value) __attribute__((noreturn));

/* Waits for a child (pid > 0: that one; -1: any) to become a zombie and reaps it. The
 * reaped pid, 0 with WNOHANG when none is ready, -ECHILD, -EINTR. */
int proc_wait(int pid, int *status, int options);

/* A new thread in the current process starting at user pc `entry` with a0, a1 and sp
 * set; its tid or -EAGAIN. */
int thread_create(uint32_t entry, uint32_t a0, uint32_t a1, uint32_t stack_top);

/* Waits for thread tid of the current process to exit and frees it. */
int thread_join(int tid, uint32_t *exit_value);

/* futex_wake: marks up to count threads of p waiting in futex_wait on address as woken
 * and makes them runnable; returns how many. */
int thread_futex_wake(struct proc *p, uint32_t address, int count);

/* Makes every thread blocked on channel runnable. */
void wakeup(const void *channel);

/* Blocks the current thread on channel until a wakeup. Returns -EINTR without blocking
 * (or after waking) if the process has a signal to handle or was killed, else 0. Callers
 * loop: `while (!condition) if (sleep_on(chan) < 0) return -EINTR;` */
int sleep_on(const void *channel);

/* True if a blocking call of thread t should give up: a signal t does not block waits,
 * or the process was killed. */
bool thread_interrupted(const struct thread *t);

/* Wakes every thread of p that is BLOCKED or STOPPED (used for kill and SIGCONT). */
void proc_wake_all_threads(struct proc *p, bool wake_stopped);

/* The state shown to people: RUNNING, RUNNABLE, BLOCKED, STOPPED or ZOMBIE. */
const char *proc_state_name(const struct proc *p);

#endif
