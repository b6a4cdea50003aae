/* halt [STATUS]: powers the machine off; vmsim exits with STATUS (default 0). Root only. */
#include "lib/user.h"

int main(int argc, char **argv)
{
    poweroff(argc > 1 ? atoi(argv[1]) : 0);
    dprintf(2, "halt: %s\n", strerror(errno));
    return 1;
}
