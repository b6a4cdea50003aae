/* How many arguments exec takes, shared by the kernel (exec.c, the boot command line) and
 * vmsim, which refuses a program's arguments beyond them instead of letting the kernel
 * drop them. Change the limits here and both ends follow. */
#ifndef OS_ABI_EXEC_LIMITS_H
#define OS_ABI_EXEC_LIMITS_H

#define EXEC_MAX_ARGS 16         /* argv entries, argv[0] included */
#define EXEC_MAX_ARG_BYTES 1024  /* bytes of the argument strings, their NULs included */

/* The boot command line's words for init: its argv is "init", then the program and its
 * arguments, so a program run at boot gets EXEC_MAX_ARGS - 1 argv entries, itself included. */
#define BOOT_MAX_WORDS (EXEC_MAX_ARGS - 1)

#endif
