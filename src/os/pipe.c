/* Pipes. The buffer is a ring of PIPE_SIZE bytes in one page. A reader sleeps while it is
 * empty and a writer remains; a writer sleeps while it is full and a reader remains. Both
 * wake for signals (-EINTR), so Ctrl-C ends a pipeline stuck on either side. A write of
 * up to PIPE_BUF bytes waits until all of it fits, so it goes in as one piece. */
#include "pipe.h"

#include "abi/errno.h"
#include "abi/limits.h"
#include "abi/signal.h"
#include "kalloc.h"
#include "proc.h"
#include "signal.h"
#include "uaccess.h"

#define PIPE_SIZE 2048

struct pipe {
    uint32_t nread, nwrite; /* bytes ever read and written: nwrite - nread are waiting */
    bool read_open, write_open;
    char data[PIPE_SIZE];
};

_Static_assert(sizeof(struct pipe) <= PAGE_SIZE, "a pipe fits in a page");
_Static_assert(PIPE_BUF <= PIPE_SIZE, "an atomic write fits in an empty pipe");

struct pipe *pipe_create(void)
{
    struct pipe *p = page_alloc();
    if (!p)
        return NULL;
    p->nread = p->nwrite = 0;
    p->read_open = p->write_open = true;
    return p;
}

uint32_t pipe_waiting(const struct pipe *p)
{
    return p->nwrite - p->nread;
}

int pipe_read(struct pipe *p, uint32_t user_dst, uint32_t n)
{
    while (p->nread == p->nwrite && p->write_open)
        if (sleep_on(&p->nread) < 0)
            return -EINTR;
    struct address_space *as = &current_proc()->as;
    uint32_t done = 0;
    while (done < n && p->nread != p->nwrite) {
        /* Copy the contiguous run up to the end of the ring or of what is waiting. */
        uint32_t at = p->nread % PIPE_SIZE;
        uint32_t run = PIPE_SIZE - at;
        if (run > p->nwrite - p->nread)
            run = p->nwrite - p->nread;
        if (run > n - done)
            run = n - done;
        if (copy_to_user(as, user_dst + done, p->data + at, run) < 0) {
            if (!done)
                return -EFAULT;
            break;
        }
        p->nread += run;
        done += run;
    }
    wakeup(&p->nwrite);
    return (int)done;
}

int pipe_write(struct pipe *p, uint32_t user_src, uint32_t n)
{
    struct proc *self = current_proc();
    /* Room needed before copying: all of an atomic write, else any. */
    uint32_t wanted = n <= PIPE_BUF ? n : 1;
    uint32_t done = 0;
    while (done < n) {
        if (!p->read_open) {
            signal_post(self, SIGPIPE);
            return done ? (int)done : -EPIPE;
        }
        if (PIPE_SIZE - (p->nwrite - p->nread) < (done ? 1 : wanted)) {
            wakeup(&p->nread);
            if (sleep_on(&p->nwrite) < 0)
                return done ? (int)done : -EINTR;
            continue;
        }
        uint32_t at = p->nwrite % PIPE_SIZE;
        uint32_t run = PIPE_SIZE - at;
        if (run > PIPE_SIZE - (p->nwrite - p->nread))
            run = PIPE_SIZE - (p->nwrite - p->nread);
        if (run > n - done)
            run = n - done;
        if (copy_from_user(&self->as, p->data + at, user_src + done, run) < 0)
            return done ? (int)done : -EFAULT;
        p->nwrite += run;
        done += run;
    }
    wakeup(&p->nread);
    return (int)done;
}

void pipe_close(struct pipe *p, bool writing_end)
{
    if (writing_end) {
        p->write_open = false;
        wakeup(&p->nread);
    } else {
        p->read_open = false;
        wakeup(&p->nwrite);
    }
    if (!p->read_open && !p->write_open)
        page_free(p);
}
