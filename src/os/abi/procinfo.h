/* What procinfo() reports about one process, for ps. Shared by the kernel and user programs. */
#ifndef OS_ABI_PROCINFO_H
#define OS_ABI_PROCINFO_H

#include <stdint.h>

#define PROC_STATE_RUNNING 1  /* a thread is on the CPU */
#define PROC_STATE_RUNNABLE 2 /* waiting for the CPU */
#define PROC_STATE_SLEEPING 3 /* every thread blocked */
#define PROC_STATE_STOPPED 4  /* SIGSTOP */
#define PROC_STATE_ZOMBIE 5   /* exited, not yet waited for */

struct procinfo {
    int32_t pid;
    int32_t ppid;
    int32_t uid;
    uint32_t state;       /* PROC_STATE_* */
    uint32_t cpu_ms;      /* CPU time used, all threads, in milliseconds of guest time */
    uint32_t threads;     /* live threads */
    uint32_t priority;
    char name[16];
};

#endif
