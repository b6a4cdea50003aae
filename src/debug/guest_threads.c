/* The debugger's list of guest threads, kept from the kernel's reports. */
#include "debug/guest_threads.h"

#include <string.h>

void guest_threads_init(struct guest_threads *threads)
{
    memset(threads, 0, sizeof *threads);
}

static struct guest_thread *find(struct guest_threads *threads, uint32_t tid)
{
    for (unsigned i = 0; i < threads->count; i++)
        if (threads->threads[i].tid == tid)
            return &threads->threads[i];
    return NULL;
}

const struct guest_thread *guest_threads_find(const struct guest_threads *threads, uint32_t tid)
{
    return find((struct guest_threads *)threads, tid);
}

const struct guest_thread *guest_threads_current(const struct guest_threads *threads)
{
    if (!threads->current_known)
        return NULL;
    return guest_threads_find(threads, threads->current_pid ? threads->current_tid : 0);
}

static void forget(struct guest_threads *threads, struct guest_thread *t)
{
    *t = threads->threads[--threads->count];
}

/* A new entry for tid, or NULL when the list is full. */
static struct guest_thread *add(struct guest_threads *threads, uint32_t pid, uint32_t tid)
{
    if (threads->count == GUEST_THREADS_MAX)
        return NULL;
    struct guest_thread *t = &threads->threads[threads->count++];
    memset(t, 0, sizeof *t);
    t->pid = pid;
    t->tid = tid;
    return t;
}

static void apply_thread_context(struct guest_threads *threads, const struct annotation_event *e)
{
    uint32_t pid = e->args[0], tid = e->args[1];
    struct guest_thread *t = find(threads, tid);
    if (e->args[2] == 0 && e->args[3] == 0) {
        if (t)
            forget(threads, t);
        return;
    }
    if (!t && !(t = add(threads, pid, tid)))
        return;
    t->pid = pid;
    t->user_registers = e->args[2];
    t->kernel_context = e->args[3];
    t->satp = e->args[4];
    t->state_word = e->args[5];
    memcpy(t->name, e->name, sizeof t->name);
    if (threads->changed)
        threads->changed(threads->changed_opaque, t);
}

/* A PROCESS report renames a thread (exec) or ends it; its other facts come from
 * THREAD_CONTEXT reports and the thread's state word. */
static void apply_process(struct guest_threads *threads, const struct observe_process *p)
{
    struct guest_thread *t = find(threads, p->tid);
    if (!t || t->pid != p->pid)
        return;
    if (p->state == ANNOTATION_PROC_GONE || p->state == ANNOTATION_PROC_ZOMBIE) {
        forget(threads, t);
        return;
    }
    memcpy(t->name, p->name, sizeof t->name);
    if (p->satp)
        t->satp = p->satp;
}

static void apply_switch(struct guest_threads *threads, const struct annotation_process *now)
{
    threads->current_known = true;
    threads->current_pid = now->pid;
    threads->current_tid = now->tid;
}

static void on_event(void *opaque, const struct observe_event *e)
{
    switch (e->kind) {
    case OBSERVE_THREAD_CONTEXT: apply_thread_context(opaque, e->thread_context); break;
    case OBSERVE_PROCESS: apply_process(opaque, e->process); break;
    case OBSERVE_CONTEXT_SWITCH: apply_switch(opaque, e->context_switch); break;
    default: break;
    }
}

bool guest_threads_attach(struct guest_threads *threads, struct observe *o)
{
    struct observer observer = {.name = "guest threads",
                                .kinds = OBSERVE_BIT(OBSERVE_THREAD_CONTEXT) | OBSERVE_BIT(OBSERVE_PROCESS) |
                                         OBSERVE_BIT(OBSERVE_CONTEXT_SWITCH),
                                .on_event = on_event,
                                .opaque = threads};
    if (!observe_attach(o, &observer))
        return false;
    threads->observe = o;
    const struct annotation_process *now = observe_current_process(o);
    if (now->known)
        apply_switch(threads, now);
    return true;
}

void guest_threads_detach(struct guest_threads *threads)
{
    if (!threads->observe)
        return;
    observe_detach(threads->observe, threads);
    threads->observe = NULL;
}
