/* Out of memory: when a page fault finds no free frame (and no page to evict), the kernel
 * kills the process that holds the most memory, never itself. */
#ifndef OS_OOM_H
#define OS_OOM_H

/* Called by a thread whose page fault found no memory. Kills the largest process (it
 * may be the caller's) with SIGKILL, saying so in one console line, and lets it go; or,
 * when a killed process is still on its way out, only waits for it. The caller then
 * returns to user mode, where the faulting access is retried (or the caller's own
 * process ends). */
void oom_kill_largest(void);

#endif
