/* Waits in wfi for keys and reports each one: key events from the keyboard device and
 * typed characters from the UART, both taken as PLIC interrupts in M mode. Ends when the
 * Enter key is released. With a window, the test types into it; headless, nothing can
 * ever arrive and vmsim must say so (exit status 122) instead of waiting forever. */
#include "baremetal.h"
#include "devices/keyboard.h"

#define PLIC_PRIORITY(source) (*(volatile uint32_t *)(VMSIM_PLIC_BASE + 4 * (source)))
#define PLIC_ENABLE_M (*(volatile uint32_t *)(VMSIM_PLIC_BASE + 0x2000))
#define PLIC_THRESHOLD_M (*(volatile uint32_t *)(VMSIM_PLIC_BASE + 0x200000))
#define PLIC_CLAIM_M (*(volatile uint32_t *)(VMSIM_PLIC_BASE + 0x200004))
#define KEYBOARD_REG(offset) (*(volatile uint32_t *)(VMSIM_KEYBOARD_BASE + (offset)))
#define UART_REG(offset) (*(volatile uint8_t *)(VMSIM_UART0_BASE + (offset)))
#define UART_IER 1
#define UART_LSR 5
#define HID_ENTER 0x28

static volatile int enter_released;

static void report_keys(void)
{
    uint32_t event;
    while ((event = KEYBOARD_REG(KEYBOARD_REG_DATA)) & KEYBOARD_EVENT_VALID) {
        uint32_t key = event & KEYBOARD_EVENT_KEY_MASK;
        print("keyboard: ");
        print_hex(key);
        print(event & KEYBOARD_EVENT_DOWN ? " down\n" : " up\n");
        if (key == HID_ENTER && !(event & KEYBOARD_EVENT_DOWN))
            enter_released = 1;
    }
}

static void report_typed(void)
{
    while (UART_REG(UART_LSR) & 1) {
        uint8_t c = UART_REG(0);
        print("uart: ");
        print_hex(c);
        print("\n");
    }
}

void baremetal_trap(struct trap_frame *f)
{
    if (f->mcause != CAUSE_MACHINE_EXTERNAL) {
        print("keyboard_echo: unexpected trap ");
        print_hex(f->mcause);
        print("\n");
        exit(3);
    }
    uint32_t source = PLIC_CLAIM_M;
    if (source == VMSIM_IRQ_KEYBOARD)
        report_keys();
    else if (source == VMSIM_IRQ_UART0)
        report_typed();
    PLIC_CLAIM_M = source;
}

int main(void)
{
    PLIC_PRIORITY(VMSIM_IRQ_KEYBOARD) = 1;
    PLIC_PRIORITY(VMSIM_IRQ_UART0) = 1;
    PLIC_ENABLE_M = (1u << VMSIM_IRQ_KEYBOARD) | (1u << VMSIM_IRQ_UART0);
    PLIC_THRESHOLD_M = 0;
    KEYBOARD_REG(KEYBOARD_REG_CONTROL) = KEYBOARD_CONTROL_INTERRUPT_ENABLE;
    UART_REG(UART_IER) = 1;
    csr_set(mie, MIE_MEIE);
    csr_set(mstatus, MSTATUS_MIE);
    print("keyboard_echo: waiting for keys\n");
    while (!enter_released)
        __asm__ volatile("wfi");
    print("keyboard_echo: Enter released, done\n");
    return 0;
}
