/* <sys/stat.h> for guest OS programs: the user library (../../user.h) declares it all. */
#include "../../user.h"
