/* <sys/wait.h> for guest OS programs: the user library (../../user.h) declares it all
 * (wait, waitpid, WNOHANG and the W* macros of Linux's wait-status encoding). */
#include "../../user.h"
