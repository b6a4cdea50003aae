/* ps: every process: pid, parent, user, state, CPU time and name. */
#include "lib/user.h"

static const char *state_name(uint32_t state)
{
    switch (state) {
    case PROC_STATE_RUNNING: return "run";
    case PROC_STATE_RUNNABLE: return "ready";
    case PROC_STATE_SLEEPING: return "sleep";
    case PROC_STATE_STOPPED: return "stop";
    case PROC_STATE_ZOMBIE: return "zombie";
    default: return "?";
    }
}

int main(void)
{
    printf("  PID  PPID  UID STATE   THR   CPU(ms) NAME\n");
    struct procinfo info;
    for (int slot = 0; (slot = procinfo(slot, &info)) > 0;)
        printf("%5d %5d %4d %-7s %3u %9u %s\n", (int)info.pid, (int)info.ppid, (int)info.uid, state_name(info.state),
               (unsigned)info.threads, (unsigned)info.cpu_ms, info.name);
    return 0;
}
