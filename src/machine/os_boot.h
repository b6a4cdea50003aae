/* Booting the bundled guest OS around a user program: `vmsim prog.elf args...` and `vmsim`
 * alone (docs/fs-image.md). vmsim finds the kernel and the root image next to its own
 * executable, puts the program into a private copy of the image (or into the --disk
 * image), attaches that as the virtio disk, and passes "/bin/prog args..." to the kernel
 * in a struct bootargs (src/os/abi/bootargs.h) at the top of RAM, after "console=pipe"
 * when its standard input is not a terminal. */
#ifndef VMSIM_MACHINE_OS_BOOT_H
#define VMSIM_MACHINE_OS_BOOT_H

#include <stdbool.h>
#include <stddef.h>

#include "devices/disk_image.h"

struct machine;

enum os_program_kind {
    OS_PROGRAM_BARE_METAL, /* loadable segments in RAM: runs bare, as before */
    OS_PROGRAM_USER,       /* every segment in the guest OS's user range */
};

/* Tells the two kinds apart. Returns -1, or an exit status after one line on stderr
 * (not a RISC-V executable, cannot open, or segments in neither range). */
int os_boot_classify(const char *program, enum os_program_kind *kind);

struct os_boot_request {
    const char *program;   /* NULL: no program, init runs the shell */
    char *const *args;     /* the program's arguments */
    int nargs;
    const char *disk;      /* --disk: a persistent image to use; NULL: a private copy */
    const char *kernel;    /* --kernel; NULL: the bundled one */
    const char *append;    /* --append: more words for the kernel's command line, or NULL */
    bool input_is_pipe;    /* vmsim's standard input is not a terminal: console=pipe */
};

struct os_boot {
    char kernel[4096];
    char command_line[4096];
    struct disk_image disk; /* open; the machine owns it once machine_init has it */
};

/* Finds the kernel, prepares the disk (a private temporary copy of rootfs.img, removed
 * before this returns, or the checked --disk image), puts the program in it and builds
 * the command line. Returns -1, or an exit status after one line on stderr. */
int os_boot_prepare(const struct os_boot_request *request, struct os_boot *boot);

/* After machine_init: loads the kernel, writes the boot-argument block at the top of
 * RAM and sets a0 = 0 and a1 = its address. Returns -1, or an exit status. */
int os_boot_start(struct machine *m, const struct os_boot *boot);

#endif
