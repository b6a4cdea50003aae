/* Why machine_run() returned: shared by the machine loop and the attachments (the debugger,
 * the window) that may end a run before a batch. */
#ifndef VMSIM_MACHINE_MACHINE_STOP_H
#define VMSIM_MACHINE_MACHINE_STOP_H

enum machine_stop {
    MACHINE_EXITED,      /* the guest asked to stop: see machine.exit */
    MACHINE_LIMIT,       /* max_instructions reached */
    MACHINE_HUNG,        /* wfi with no interrupt enabled that could ever arrive */
    MACHINE_TRAP_LOOP,   /* the M-mode trap handler faults on its own first instruction */
    MACHINE_HOST_ERROR,  /* out of host memory */
    MACHINE_KILLED,      /* the debugger killed the guest */
    MACHINE_SIGNALLED,   /* vmsim caught SIGINT, SIGTERM, SIGHUP or SIGPIPE */
    MACHINE_QUIT,        /* the user quit: Ctrl-A x on the console, or the window */
};

#endif
