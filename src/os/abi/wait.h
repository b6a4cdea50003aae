/* Wait statuses as Linux encodes them, so the POSIX W* macros read them: what waitpid
 * stores for a child. Shared by the kernel and user programs.
 *
 *   bits 15..8   exit code (the low 8 bits of exit's argument)   when the process exited
 *   bits  6..0   the signal that killed it                      (0 when it exited)
 */
#ifndef OS_ABI_WAIT_H
#define OS_ABI_WAIT_H

#define W_EXITCODE(code, sig) ((((code) & 0xff) << 8) | ((sig) & 0x7f))

#define WIFEXITED(status) (((status) & 0x7f) == 0)
#define WEXITSTATUS(status) (((status) >> 8) & 0xff)
#define WIFSIGNALED(status) (((status) & 0x7f) != 0)
#define WTERMSIG(status) ((status) & 0x7f)

/* waitpid options. */
#define WNOHANG 1

/* A process killed by signal s reports 128 + s where one number must say how it ended:
 * a shell's $?, vmsim's exit status for the guest OS's init, the trace's exit_status. */
#define STATUS_KILLED_BY(s) (128 + (s))
#define WAIT_STATUS_AS_CODE(status) \
    (WIFEXITED(status) ? WEXITSTATUS(status) : STATUS_KILLED_BY(WTERMSIG(status)))

#endif
