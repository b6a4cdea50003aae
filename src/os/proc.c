/* The process and thread tables: creation (the first process, fork, thread_create), the
 * end of threads and processes, waiting, and sleep/wakeup. */
#include "proc.h"

#include "abi/errno.h"
#include "abi/limits.h"
#include "annotate.h"
#include "exec.h"
#include "file.h"
#include "fs.h"
#include "memlayout.h"
#include "power.h"
#include "printf.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "trap.h"
#include "vm.h"

struct proc procs[NPROC];
struct thread threads[NTHREAD];
uint32_t thread_slots_used;

static struct thread *running;
static struct proc *init_proc;
static int next_id = 1; /* pids and tids come from one counter: a main thread's tid is its pid */

struct thread *current_thread(void)
{
    return running;
}

struct proc *current_proc(void)
{
    return running ? running->proc : NULL;
}

void set_current_thread(struct thread *t)
{
    running = t;
}

void thread_set_state(struct thread *t, enum thread_state state)
{
    t->state = state;
    if (state == THREAD_UNUSED)
        annotate_thread_gone(t->proc, t->tid);
    else
        annotate_thread(t);
}

struct proc *proc_find(int pid)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state != PROC_UNUSED && procs[i].pid == pid)
            return &procs[i];
    return NULL;
}

static struct proc *proc_alloc(void)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &procs[i];
        if (p->state == PROC_UNUSED) {
            memset(p, 0, sizeof *p);
            p->pid = next_id++;
            return p;
        }
    }
    return NULL;
}

/* A new thread of p, not yet runnable: its first swtch lands in thread_start, which
 * returns to user mode with the registers in its trapframe. */
static void thread_start(void)
{
    user_trap_return();
}

static struct thread *thread_alloc(struct proc *p, int tid)
{
    for (int i = 0; i < NTHREAD; i++) {
        struct thread *t = &threads[i];
        if (t->state != THREAD_UNUSED)
            continue;
        if ((uint32_t)i >= thread_slots_used)
            thread_slots_used = (uint32_t)i + 1;
        t->tid = tid;
        t->proc = p;
        t->wait_channel = NULL;
        t->exit_value = 0;
        t->slice_ticks = 0;
        t->signal_mask = 0;
        t->syscall_restartable = false;
        t->futex_waiting = t->futex_woken = false;
        uint32_t top = (uint32_t)(t->kstack + KSTACK_SIZE);
        t->trapframe = (struct trapframe *)((top - sizeof(struct trapframe)) & ~15u);
        memset(t->trapframe, 0, sizeof *t->trapframe);
        memset(&t->context, 0, sizeof t->context);
        t->context.ra = (uint32_t)thread_start;
        t->context.sp = (uint32_t)t->trapframe;
        p->live_threads++;
        return t;
    }
    return NULL;
}

void proc_create_init(const char *program, int argc, char **argv)
{
    struct proc *p = proc_alloc();
    if (!p)
        panic("proc_create_init: no process slot");
    p->state = PROC_ALIVE;
    p->priority = 5;
    p->umask = 022;
    strlcpy(p->name, "init", sizeof p->name);
    /* Descriptors 0, 1 and 2: the console, which every process inherits from init. */
    if (!file_open_console_descriptors(p->files))
        panic("proc_create_init: no file for the console");
    if (fs_mounted())
        p->cwd = fs_root();
    struct thread *t = thread_alloc(p, p->pid);
    static char strings[ARG_MAX];
    struct exec_arguments args = {.strings = strings};
    for (int i = 0; i < argc; i++, args.argc++) {
        if (exec_arguments_add(&args, strings, argv[i], strlen(argv[i])) < 0) {
            kprintf("boot: init's arguments pass ARG_MAX; '%s' and the rest are dropped\n", argv[i]);
            break;
        }
    }
    int result = exec_kernel(p, t->trapframe, program, &args);
    if (result < 0 && strcmp(program, "init") != 0) {
        /* A damaged /bin/init on the disk: boot with the kernel's own. */
        kprintf("boot: cannot run %s (error %d); using the init built into the kernel\n", program, -result);
        result = exec_kernel(p, t->trapframe, "init", &args);
    }
    if (result < 0)
        panic("proc_create_init: cannot exec %s: error %d", program, -result);
    init_proc = p;
    thread_set_state(t, THREAD_RUNNABLE);
    annotate_thread_context(t);
}

int proc_fork(void)
{
    struct thread *parent_thread = current_thread();
    struct proc *parent = parent_thread->proc;
    struct proc *child = proc_alloc();
    if (!child)
        return -EAGAIN;
    int error = addrspace_copy(&child->as, &parent->as);
    if (error < 0) {
        child->state = PROC_UNUSED;
        return error;
    }
    struct thread *t = thread_alloc(child, child->pid);
    if (!t) {
        addrspace_destroy(&child->as);
        child->state = PROC_UNUSED;
        return -EAGAIN;
    }
    child->state = PROC_ALIVE;
    child->uid = parent->uid;
    child->parent = parent;
    child->priority = parent->priority;
    child->pgid = parent->pgid;
    child->umask = parent->umask;
    memcpy(child->name, parent->name, sizeof child->name);
    memcpy(child->signal_actions, parent->signal_actions, sizeof child->signal_actions);
    t->signal_mask = parent_thread->signal_mask;
    for (int fd = 0; fd < NOFILE; fd++)
        if (parent->files[fd])
            child->files[fd] = file_dup(parent->files[fd]);
    if (parent->cwd)
        child->cwd = idup(parent->cwd);
    *t->trapframe = *parent_thread->trapframe;
    t->trapframe->regs[REG_A0] = 0; /* fork returns 0 in the child */
    thread_set_state(t, THREAD_RUNNABLE);
    annotate_thread_context(t);
    return child->pid;
}

void proc_wake_all_threads(struct proc *p, bool wake_stopped)
{
    for (int i = 0; i < (int)thread_slots_used; i++) {
        struct thread *t = &threads[i];
        if (t->proc != p)
            continue;
        if (t->state == THREAD_BLOCKED || (wake_stopped && t->state == THREAD_STOPPED)) {
            thread_set_state(t, THREAD_RUNNABLE);
            t->wait_channel = NULL;
        }
    }
}

/* The last thread of p has exited: release what the process holds, hand its children to
 * init and leave a zombie for the parent. Precondition: the caller is p's last thread and
 * calls sched() next, never returning to user mode. */
static void proc_finish(struct proc *p)
{
    /* Leave p's address space before freeing it: the kernel mappings are the same in the
     * kernel-only table, so execution goes on undisturbed. */
    csr_write(satp, vm_kernel_satp());
    addrspace_destroy(&p->as);
    for (int fd = 0; fd < NOFILE; fd++) {
        if (p->files[fd]) {
            file_close(p->files[fd]);
            p->files[fd] = NULL;
        }
    }
    if (p->cwd) {
        iput(p->cwd);
        p->cwd = NULL;
    }
    if (p == init_proc) {
        /* Say so first: vmsim's views would otherwise read the freed page tables through
         * the satp init was last reported with. */
        annotate_zombie(p);
        power_off((uint32_t)WAIT_STATUS_AS_CODE(p->exit_status));
    }
    bool zombie_for_init = false;
    for (int i = 0; i < NPROC; i++) {
        struct proc *child = &procs[i];
        if (child->state != PROC_UNUSED && child->parent == p) {
            child->parent = init_proc;
            zombie_for_init |= child->state == PROC_ZOMBIE;
        }
    }
    if (zombie_for_init)
        wakeup(init_proc);
    /* Free the thread slots (this thread's too: nothing else runs until it switches
     * away, so its stack stays untouched until then). */
    for (int i = 0; i < (int)thread_slots_used; i++) {
        struct thread *t = &threads[i];
        if (t->proc != p || t->state == THREAD_UNUSED)
            continue;
        if (t->tid == p->pid)
            t->state = THREAD_UNUSED; /* its row stays, as the zombie reported below */
        else
            thread_set_state(t, THREAD_UNUSED);
        annotate_thread_context_gone(t);
    }
    p->state = PROC_ZOMBIE;
    annotate_zombie(p);
    wakeup(p->parent);
    signal_post(p->parent, SIGCHLD);
}

void thread_exit(uint32_t exit_value)
{
    struct thread *t = current_thread();
    struct proc *p = t->proc;
    if (p->live_threads > 1)
        thread_set_state(t, THREAD_EXITED);
    else
        t->state = THREAD_EXITED; /* the last: proc_finish reports the zombie */
    t->exit_value = exit_value;
    p->live_threads--;
    wakeup(t);
    if (p->live_threads == 0) {
        if (!p->killed)
            p->exit_status = W_EXITCODE(exit_value, 0);
        proc_finish(p);
    }
    sched();
    panic("thread_exit: thread %d ran after exiting", t->tid);
}

void proc_exit(int status)
{
    struct proc *p = current_proc();
    if (!p->killed) {
        p->killed = true;
        p->exit_status = status;
    }
    proc_wake_all_threads(p, true);
    thread_exit((uint32_t)p->exit_status);
}

int proc_wait(int pid, int *status, int options)
{
    struct proc *p = current_proc();
    for (;;) {
        bool have_children = false;
        for (int i = 0; i < NPROC; i++) {
            struct proc *child = &procs[i];
            if (child->state == PROC_UNUSED || child->parent != p || (pid > 0 && child->pid != pid))
                continue;
            have_children = true;
            if (child->state == PROC_ZOMBIE) {
                *status = child->exit_status;
                int child_pid = child->pid;
                child->state = PROC_UNUSED;
                annotate_thread_gone(child, child_pid);
                return child_pid;
            }
        }
        if (!have_children)
            return -ECHILD;
        if (options & WNOHANG)
            return 0;
        if (sleep_on(p) < 0)
            return -EINTR;
    }
}

int thread_create(uint32_t entry, uint32_t a0, uint32_t a1, uint32_t stack_top)
{
    struct thread *creator = current_thread();
    struct thread *t = thread_alloc(creator->proc, next_id);
    if (!t)
        return -EAGAIN;
    next_id++;
    t->trapframe->epc = entry;
    t->trapframe->regs[REG_A0] = a0;
    t->trapframe->regs[REG_A1] = a1;
    t->trapframe->regs[REG_SP] = stack_top & ~15u;
    t->trapframe->regs[REG_GP] = creator->trapframe->regs[REG_GP];
    t->signal_mask = creator->signal_mask;
    thread_set_state(t, THREAD_RUNNABLE);
    annotate_thread_context(t);
    return t->tid;
}

int thread_join(int tid, uint32_t *exit_value)
{
    struct thread *self = current_thread();
    struct thread *target = NULL;
    for (int i = 0; i < (int)thread_slots_used; i++)
        if (threads[i].state != THREAD_UNUSED && threads[i].proc == self->proc && threads[i].tid == tid)
            target = &threads[i];
    if (!target)
        return -ESRCH;
    if (target == self)
        return -EINVAL;
    while (target->state != THREAD_EXITED)
        if (sleep_on(target) < 0)
            return -EINTR;
    *exit_value = target->exit_value;
    thread_set_state(target, THREAD_UNUSED);
    annotate_thread_context_gone(target);
    return 0;
}

int thread_futex_wake(struct proc *p, uint32_t address, int count)
{
    int woken = 0;
    for (int i = 0; i < (int)thread_slots_used && woken < count; i++) {
        struct thread *t = &threads[i];
        if (t->proc != p || t->state == THREAD_UNUSED || !t->futex_waiting || t->futex_woken ||
            t->futex_address != address)
            continue;
        t->futex_woken = true;
        if (t->state == THREAD_BLOCKED) {
            thread_set_state(t, THREAD_RUNNABLE);
            t->wait_channel = NULL;
        }
        woken++;
    }
    return woken;
}

void wakeup(const void *channel)
{
    for (int i = 0; i < (int)thread_slots_used; i++) {
        struct thread *t = &threads[i];
        if (t->state == THREAD_BLOCKED && t->wait_channel == channel) {
            thread_set_state(t, THREAD_RUNNABLE);
            t->wait_channel = NULL;
        }
    }
}

bool thread_interrupted(const struct thread *t)
{
    return t->proc->killed || (t->proc->pending_signals & ~t->signal_mask);
}

int sleep_on(const void *channel)
{
    struct thread *t = current_thread();
    if (thread_interrupted(t))
        return -EINTR;
    thread_set_state(t, THREAD_BLOCKED);
    t->wait_channel = channel;
    sched();
    return thread_interrupted(t) ? -EINTR : 0;
}

const char *proc_state_name(const struct proc *p)
{
    if (p->state == PROC_ZOMBIE)
        return "ZOMBIE";
    if (p->stopped)
        return "STOPPED";
    const char *name = "BLOCKED";
    for (int i = 0; i < (int)thread_slots_used; i++) {
        const struct thread *t = &threads[i];
        if (t->proc != p || t->state == THREAD_UNUSED)
            continue;
        if (t->state == THREAD_RUNNING)
            return "RUNNING";
        if (t->state == THREAD_RUNNABLE)
            name = "RUNNABLE";
    }
    return name;
}
