/* A guest that fails on purpose: its code must come out as vmsim's exit status. */
#include "baremetal.h"

int main(void)
{
    print("failing on purpose with code 42\n");
    exit(42);
}
