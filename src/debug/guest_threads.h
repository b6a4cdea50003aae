/* The guest OS's threads as the debugger sees them: which exist, where each one's
 * registers are saved while it does not run, which page table it uses, and which one the
 * CPU runs now. Built from what the guest kernel reports through the annotation device
 * (THREAD_CONTEXT and PROCESS events, and the COMMIT of each context switch), taken as an
 * attachment on the observation boundary (machine/observe.h). */
#ifndef VMSIM_DEBUG_GUEST_THREADS_H
#define VMSIM_DEBUG_GUEST_THREADS_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/annotation.h"
#include "machine/observe.h"

#define GUEST_THREADS_MAX 256 /* the kernel has 128 thread slots, plus its own context */

struct guest_thread {
    uint32_t pid, tid;     /* pid 0, tid 0: the kernel's scheduler context */
    uint32_t user_registers; /* physical address of the saved user registers; 0: none */
    uint32_t kernel_context; /* physical address of the saved swtch context */
    uint32_t state_word;     /* physical address of its ANNOTATION_THREAD_* word; 0: none */
    uint32_t satp;
    char name[ANNOTATION_NAME_SIZE + 1];
};

struct guest_threads {
    struct guest_thread threads[GUEST_THREADS_MAX];
    unsigned count;
    bool current_known;            /* some COMMIT said who runs */
    uint32_t current_pid, current_tid; /* pid 0: the CPU idles in the scheduler */
    /* Called after a THREAD_CONTEXT report added or changed a thread (the stub's
     * stop-at-exec); NULL for none. */
    void (*changed)(void *opaque, const struct guest_thread *thread);
    void *changed_opaque;
    struct observe *observe; /* attached to; NULL: none */
};

void guest_threads_init(struct guest_threads *threads);

/* Follows the guest kernel's reports from now on, as an attachment on `o`, starting from
 * the context switch the boundary saw last. False if `o` has no room for it. */
bool guest_threads_attach(struct guest_threads *threads, struct observe *o);
void guest_threads_detach(struct guest_threads *threads);

/* The thread with this tid (tid 0: the kernel's context), or NULL. */
const struct guest_thread *guest_threads_find(const struct guest_threads *threads, uint32_t tid);

/* The thread the CPU runs now, as far as the reports say, or NULL. */
const struct guest_thread *guest_threads_current(const struct guest_threads *threads);

#endif
