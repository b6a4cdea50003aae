/* <signal.h> for guest OS programs: the user library (../user.h) declares it all. System
 * calls return -errno on failure instead of setting errno (docs/userland.md). */
#include "../user.h"
