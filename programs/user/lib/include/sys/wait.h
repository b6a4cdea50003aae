/* <sys/wait.h> for guest OS programs: the user library (../../user.h) declares it all
 * (wait, waitpid, WNOHANG; a status is the exit status, or 128 + signal). */
#include "../../user.h"
