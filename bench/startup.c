/* The start-up workload: starts and exits at once. compare.sh times it to measure each
 * emulator's start-up and shut-down cost, which it subtracts from the real workloads. */
#include "baremetal.h"

int main(void)
{
    return 0;
}
