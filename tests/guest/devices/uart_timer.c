/* Waits in wfi for UART input while a 1 ms periodic timer runs, as an idle guest OS does,
 * and reports how many ticks passed before the input ('.') came. vmsim waits for the input
 * in real time between ticks, so the count follows the wall clock instead of racing ahead. */
#include "guest_devices.h"

#define PERIOD 10000 /* mtime ticks of 100 ns: 1 ms */

static volatile bool done;
static volatile uint32_t ticks, bytes;
static uint64_t next_deadline;

static uint64_t mtime(void)
{
    uint32_t high, low;
    do {
        high = CLINT_MTIME_HI;
        low = CLINT_MTIME_LO;
    } while (high != CLINT_MTIME_HI);
    return (uint64_t)high << 32 | low;
}

static void set_mtimecmp(uint64_t deadline)
{
    CLINT_MTIMECMP_HI = 0xffffffff;
    CLINT_MTIMECMP_LO = (uint32_t)deadline;
    CLINT_MTIMECMP_HI = (uint32_t)(deadline >> 32);
}

void timer_interrupt(void)
{
    ticks++;
    next_deadline += PERIOD;
    set_mtimecmp(next_deadline);
}

void external_interrupt(uint32_t source)
{
    CHECK(source == VMSIM_IRQ_UART0, "the interrupt comes from the UART");
    while (UART_LSR & UART_LSR_DATA_READY) {
        if (UART_RBR == '.')
            done = true;
        else
            bytes++;
    }
}

int main(void)
{
    print("timer echo: ready\n");
    plic_route_to_machine(VMSIM_IRQ_UART0);
    UART_IER = 0x01;
    next_deadline = mtime() + PERIOD;
    set_mtimecmp(next_deadline);
    csr_set(mie, MIE_MTIE);
    csr_set(mstatus, MSTATUS_MIE);
    while (!done)
        __asm__ volatile("wfi");
    print("timer echo: ");
    print_dec((int32_t)bytes);
    print(" bytes after ");
    print_dec((int32_t)ticks);
    print(" ticks\n");
    /* The input came at least a second (1000 ticks) after "ready"; a tenth of that shows
     * that guest time went by while vmsim waited. */
    CHECK(ticks >= 100, "guest time passed while the input was awaited");
    return 0;
}
