/* vmsim's check of the kernel options in --append, against the kernel's own list
 * (src/os/abi/kernel_options.h), so that a misspelt option or a bad value is refused
 * before the machine boots. */
#ifndef VMSIM_MACHINE_KERNEL_OPTIONS_H
#define VMSIM_MACHINE_KERNEL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Checks every NAME=VALUE word of words (other words are for init and pass); false with
 * a sentence in why naming the first word the kernel would not take. */
bool kernel_options_check(const char *words, char *why, size_t why_size);

/* One line per option for vmsim --help, each indented by indent spaces. */
void kernel_options_print(FILE *out, int indent);

#endif
