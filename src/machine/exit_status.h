/* vmsim's exit statuses. A guest that reports failure (finisher or HTIF) passes its own
 * code through (truncated to 8 bits, and never 0); vmsim's own conditions use the values
 * below, chosen away from small guest codes and from the shell's 126-128. */
#ifndef VMSIM_MACHINE_EXIT_STATUS_H
#define VMSIM_MACHINE_EXIT_STATUS_H

enum exit_status {
    EXIT_GUEST_PASSED = 0,
    EXIT_USAGE = 64,           /* bad command line */
    EXIT_BAD_PROGRAM = 65,     /* the ELF file is not a program vmsim can run */
    EXIT_CANNOT_OPEN = 66,     /* a file named on the command line cannot be read */
    EXIT_BAD_DISK = 67,        /* the --disk image is not whole 512-byte sectors, or empty;
                                * for the guest OS: not a consistent file system, or too
                                * small for the program */
    EXIT_NO_DISPLAY = 69,      /* --window, and no window can open (no display) */
    EXIT_HOST_ERROR = 71,      /* the host refused memory or another resource */
    EXIT_NO_KERNEL = 72,       /* the bundled guest OS kernel cannot be found */
    EXIT_NO_ROOT_IMAGE = 73,   /* the bundled root file-system image cannot be found */
    EXIT_GUEST_TRAP_LOOP = 121, /* the guest's M-mode trap handler faults on itself */
    EXIT_GUEST_HUNG = 122,     /* the guest waits for an interrupt that can never come */
    EXIT_USER_QUIT = 123,      /* the user quit: console Ctrl-A x, or the window */
    EXIT_INSTRUCTION_LIMIT = 124, /* --max-instructions reached (as timeout(1) uses 124) */
    EXIT_DEBUGGER_KILLED = 125,   /* gdb's kill command ended the run */
};

#endif
