/* Powering the machine off through the test finisher, with a status vmsim exits with. */
#ifndef OS_POWER_H
#define OS_POWER_H

#include "types.h"

/* Never returns. Status 0 passes; anything else fails with that code (8 bits). */
void power_off(uint32_t status) __attribute__((noreturn));

#endif
