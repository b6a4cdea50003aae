/* The debugger's list of guest threads, kept from the kernel's reports. */
#include "debug/guest_threads.h"

#include <string.h>

void guest_threads_init(struct guest_threads *threads)
{
    memset(threads, 0, sizeof *threads);
}

static void on_event(void *opaque, const struct annotation_event *event)
{
    guest_threads_apply_event(opaque, event);
}

static void on_switch(void *opaque, const struct annotation_process *now)
{
    guest_threads_apply_switch(opaque, now);
}

bool guest_threads_attach(struct guest_threads *threads, struct annotation *source)
{
    if (!annotation_watch_events(source, on_event, threads))
        return false;
    if (!annotation_watch(source, on_switch, threads)) {
        annotation_unwatch_events(source, on_event, threads);
        return false;
    }
    threads->source = source;
    if (source->current.known)
        guest_threads_apply_switch(threads, &source->current);
    return true;
}

void guest_threads_detach(struct guest_threads *threads)
{
    if (!threads->source)
        return;
    annotation_unwatch_events(threads->source, on_event, threads);
    annotation_unwatch(threads->source, on_switch, threads);
    threads->source = NULL;
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
static void apply_process(struct guest_threads *threads, const struct annotation_event *e)
{
    struct guest_thread *t = find(threads, e->args[1]);
    if (!t || t->pid != e->args[0])
        return;
    if (e->args[4] == ANNOTATION_PROC_GONE || e->args[4] == ANNOTATION_PROC_ZOMBIE) {
        forget(threads, t);
        return;
    }
    memcpy(t->name, e->name, sizeof t->name);
    if (e->args[5])
        t->satp = e->args[5];
}

void guest_threads_apply_event(struct guest_threads *threads, const struct annotation_event *event)
{
    if (event->kind == ANNOTATION_EVENT_THREAD_CONTEXT)
        apply_thread_context(threads, event);
    else if (event->kind == ANNOTATION_EVENT_PROCESS)
        apply_process(threads, event);
}

void guest_threads_apply_switch(struct guest_threads *threads, const struct annotation_process *now)
{
    threads->current_known = true;
    threads->current_pid = now->pid;
    threads->current_tid = now->tid;
}
