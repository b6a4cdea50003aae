/* The device test programs' trap hook: machine external interrupts are claimed from the
 * PLIC, served and completed; timer interrupts go to timer_interrupt(); any other trap
 * fails the run. */
#include "guest_devices.h"

void plic_route_to_machine(unsigned source)
{
    PLIC_PRIORITY(source) = 1;
    PLIC_ENABLE_M |= 1u << source;
    PLIC_THRESHOLD_M = 0;
    csr_set(mie, MIE_MEIE);
}

static void unexpected(const char *what, uint32_t number)
{
    print("unexpected ");
    print(what);
    print(" ");
    print_dec((int32_t)number);
    print("\n");
    exit(98);
}

__attribute__((weak)) void virtio_blk_interrupt(void)
{
    unexpected("disk interrupt, source", VMSIM_IRQ_VIRTIO0);
}

__attribute__((weak)) void external_interrupt(uint32_t source)
{
    unexpected("external interrupt from source", source);
}

__attribute__((weak)) void timer_interrupt(void)
{
    unexpected("timer interrupt", 0);
}

void baremetal_trap(struct trap_frame *frame)
{
    if (frame->mcause == CAUSE_MACHINE_TIMER) {
        timer_interrupt();
        return;
    }
    if (frame->mcause != CAUSE_MACHINE_EXTERNAL) {
        print("unexpected trap: mcause ");
        print_hex(frame->mcause);
        print(" mepc ");
        print_hex(frame->mepc);
        print("\n");
        exit(99);
    }
    uint32_t source;
    while ((source = PLIC_CLAIM_M) != 0) {
        if (source == VMSIM_IRQ_VIRTIO0)
            virtio_blk_interrupt();
        else
            external_interrupt(source);
        PLIC_CLAIM_M = source;
    }
}
