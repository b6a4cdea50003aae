/* <dirent.h> for guest OS programs: read() a directory's descriptor to get its entries, each
 * a struct fs_dirent (abi/dirent.h); the user library (../user.h) declares it all. */
#include "../user.h"
