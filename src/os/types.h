/* Types for the kernel. It is freestanding: these are the compiler's own headers, not a C
 * library. */
#ifndef OS_TYPES_H
#define OS_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#endif
