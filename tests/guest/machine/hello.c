/* The console path: one line through the UART, then a pass through the finisher. */
#include "baremetal.h"

int main(void)
{
    print("hello from vmsim\n");
    return 0;
}
