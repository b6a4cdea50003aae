/* Running a guest OS program: `vmsim prog.elf args` boots the bundled kernel with a disk
 * that holds the standard programs and prog.elf, and tells the kernel (through the boot
 * arguments, src/os/abi/bootargs.h) to run it; `vmsim` alone boots to the shell. */
#ifndef VMSIM_MACHINE_OS_BOOT_H
#define VMSIM_MACHINE_OS_BOOT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/abi/bootargs.h"

struct machine;

struct os_boot_request {
    const char *program;     /* a guest OS program, or NULL for the shell */
    char *const *args;       /* its arguments (after the program) */
    int arg_count;
    const char *disk;        /* --disk: a persistent image instead of a temporary copy */
    const char *kernel;      /* --kernel: another kernel */
    const char *append;      /* --append: kernel options */
};

struct os_boot {
    char kernel[PATH_MAX];
    char disk[PATH_MAX];     /* the image to attach */
    bool disk_is_temporary;  /* a copy of the standard image, removed once attached */
    char command_line[BOOTARGS_MAX - 8];
};

/* True if path is an RV32 executable linked in the guest OS's user range. */
bool os_boot_is_guest_program(const char *path);

/* Finds the kernel and the standard image, makes the disk (putting the program in
 * /bin) and the command line. Returns -1 when ready, else an exit status after one line
 * in err. */
int os_boot_prepare(struct os_boot *b, const struct os_boot_request *request, char *err, size_t err_size);

/* Once the machine is made and the kernel loaded: writes the boot arguments at the end
 * of RAM and points a0/a1 at them, as a boot loader would. */
void os_boot_start(const struct os_boot *b, struct machine *m);

/* Removes the temporary disk image if it is still there. */
void os_boot_cleanup(struct os_boot *b);

#endif
