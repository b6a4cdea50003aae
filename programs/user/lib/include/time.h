/* <time.h> for guest OS programs: picolibc's, with POSIX's clocks and timers declared
 * (clock_gettime, nanosleep, CLOCK_MONOTONIC), which picolibc shows only on systems that
 * say they have them. This one does: on guest time (programs/user/lib/posix.c). */
#ifndef VMSIM_TIME_H
#define VMSIM_TIME_H

#ifndef _POSIX_TIMERS
#define _POSIX_TIMERS 200809L
#endif
#ifndef _POSIX_MONOTONIC_CLOCK
#define _POSIX_MONOTONIC_CLOCK 200809L
#endif

#include_next <time.h>

#endif
