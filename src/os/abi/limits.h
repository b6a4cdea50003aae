/* POSIX limits the guest OS keeps, shared by the kernel, the user library and vmsim (which
 * checks a guest program's arguments against ARG_MAX before it boots). */
#ifndef OS_ABI_LIMITS_H
#define OS_ABI_LIMITS_H

/* exec: bytes of argument and environment strings, each with its NUL and its pointer in
 * argv[] or envp[], as Linux counts them (POSIX asks for at least 4096). A program started
 * from vmsim's command line is bounded sooner, by the kernel's command line (BOOTARGS_MAX
 * in abi/bootargs.h); exec from inside the guest takes the whole ARG_MAX. */
#define ARG_MAX 65536

/* What n strings of `bytes` bytes (their NULs included) use of ARG_MAX: each string also
 * costs its pointer. The kernel's exec and vmsim's check of a program's arguments both
 * count with this. */
#define ARG_MAX_COST(bytes, n) ((bytes) + 4u * (n))

/* A write of at most PIPE_BUF bytes to a pipe is atomic: its bytes are never interleaved
 * with another writer's (POSIX asks for at least 512). */
#define PIPE_BUF 512

#endif
