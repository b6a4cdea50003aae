/* Pipes: a bounded buffer in the kernel between a writing and a reading file. */
#ifndef OS_PIPE_H
#define OS_PIPE_H

#include "types.h"

struct pipe;

/* A new pipe, open at both ends; NULL when out of memory. */
struct pipe *pipe_create(void);
/* Blocks while the pipe is empty and a writer remains; 0 at end of file. */
int pipe_read(struct pipe *p, uint32_t user_dst, uint32_t n);
/* Blocks while the pipe is full, and a write of at most PIPE_BUF bytes until all of it
 * fits (it is atomic); -EPIPE (and SIGPIPE) when no reader remains. */
int pipe_write(struct pipe *p, uint32_t user_src, uint32_t n);
/* Closes one end; the pipe is freed when both are closed. */
void pipe_close(struct pipe *p, bool writing_end);
/* Bytes waiting to be read. */
uint32_t pipe_waiting(const struct pipe *p);

#endif
