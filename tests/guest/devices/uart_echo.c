/* Takes UART receive interrupts through the PLIC (source 10, M-mode context) and echoes
 * each byte in upper case, until a '.' arrives; then prints how many bytes came and in how
 * many interrupts, and a checksum. Between interrupts the hart waits in wfi. */
#include "guest_devices.h"

static volatile bool done;
static volatile uint32_t bytes, interrupts, checksum;

void external_interrupt(uint32_t source)
{
    CHECK(source == VMSIM_IRQ_UART0, "the interrupt comes from the UART");
    interrupts++;
    while (UART_LSR & UART_LSR_DATA_READY) {
        uint8_t c = UART_RBR;
        if (c == '.') {
            done = true;
            UART_IER = 0;
            break;
        }
        bytes++;
        checksum = checksum * 31 + c;
        putchar_uart((char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
    }
}

int main(void)
{
    print("echo: ready\n");
    plic_route_to_machine(VMSIM_IRQ_UART0);
    UART_IER = 0x01; /* received data available */
    csr_set(mstatus, MSTATUS_MIE);
    while (!done)
        __asm__ volatile("wfi");
    print("\necho: ");
    print_dec((int32_t)bytes);
    print(" bytes in ");
    print_dec((int32_t)interrupts);
    print(" interrupts, checksum ");
    print_hex(checksum);
    print("\n");
    return 0;
}
