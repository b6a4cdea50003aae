/* What the guest OS's own programs include: the standard headers they use (picolibc's,
 * with lib/include's in front) and <vmsim.h>'s calls beyond POSIX. Programs written for
 * any POSIX system include the standard headers themselves (docs/userland.md). */
#ifndef USER_USER_H
#define USER_USER_H

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/abi/fb.h"
#include "os/abi/meminfo.h"
#include "os/abi/mman.h"
#include "os/abi/procinfo.h"
#include "vmsim.h"

#endif
