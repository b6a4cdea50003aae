/* tour: runs the guided tour, /etc/tour.sh, through the shell. `vmsim --stats tour.elf`
 * is the README's first command: time-sharing on the screen, a pipeline, demand paging
 * and the TLB, then vmsim's statistics per process. */
#include "lib/user.h"

int main(void)
{
    char *argv[] = {"sh", "/etc/tour.sh", NULL};
    execp("sh", argv);
    dprintf(2, "tour: cannot run the shell: %s\n", strerror(errno));
    return 1;
}
