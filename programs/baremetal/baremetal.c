/* Console, exit, failed checks and default trap handling for bare-metal guest programs. */
#include "baremetal.h"

#define UART_THR ((volatile uint8_t *)(VMSIM_UART0_BASE + 0))
#define UART_LSR ((volatile uint8_t *)(VMSIM_UART0_BASE + 5))
#define UART_LSR_THR_EMPTY 0x20
#define FINISHER ((volatile uint32_t *)VMSIM_FINISHER_BASE)

void putchar_uart(char c)
{
    while (!(*UART_LSR & UART_LSR_THR_EMPTY))
        ;
    *UART_THR = (uint8_t)c;
}

void print(const char *s)
{
    while (*s)
        putchar_uart(*s++);
}

void print_hex(uint32_t v)
{
    print("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        putchar_uart("0123456789abcdef"[(v >> shift) & 0xf]);
}

void print_udec64(uint64_t v)
{
    char digits[21];
    int n = 0;
    do {
        /* Divides by repeated subtraction of powers of ten: no 64-bit division helpers. */
        uint64_t q = 0, r = v;
        for (int bit = 63; bit >= 0; bit--) {
            if ((r >> bit) >= 10) {
                r -= (uint64_t)10 << bit;
                q |= (uint64_t)1 << bit;
            }
        }
        digits[n++] = (char)('0' + r);
        v = q;
    } while (v);
    while (n)
        putchar_uart(digits[--n]);
}

void print_dec(int32_t v)
{
    if (v < 0) {
        putchar_uart('-');
        print_udec64((uint64_t)-(int64_t)v);
    } else {
        print_udec64((uint64_t)v);
    }
}

void exit(int code)
{
    if (code == 0)
        *FINISHER = VMSIM_FINISHER_PASS;
    else
        *FINISHER = ((uint32_t)code << 16) | VMSIM_FINISHER_FAIL;
    for (;;)
        __asm__ volatile("wfi");
}

__attribute__((weak)) uint32_t baremetal_before_main(void)
{
    return 0;
}

/* " mcause 0x..." or, for mode 'S', " scause 0x...". */
static void print_trap_register(char mode, const char *name, uint32_t value)
{
    putchar_uart(' ');
    putchar_uart(mode == 'S' ? 's' : 'm');
    print(name);
    putchar_uart(' ');
    print_hex(value);
}

void fail_unexpected_trap(char mode, const struct trap_frame *frame, int code)
{
    print("unexpected ");
    putchar_uart(mode);
    print("-mode trap:");
    print_trap_register(mode, "cause", frame->mcause);
    print_trap_register(mode, "epc", frame->mepc);
    print_trap_register(mode, "tval", frame->mtval);
    print_trap_register(mode, "status", frame->mstatus);
    print("\n");
    exit(code);
}

__attribute__((weak)) void baremetal_trap(struct trap_frame *frame)
{
    fail_unexpected_trap('M', frame, 99);
}

/* "FAIL line N: what" */
static void print_failed_check(int line, const char *what)
{
    print("FAIL line ");
    print_dec(line);
    print(": ");
    print(what);
}

void check_failed(int line, const char *message)
{
    print_failed_check(line, message);
    print("\n");
    exit(line);
}

void check_equal_failed(int line, const char *what, uint32_t actual, uint32_t expected)
{
    print_failed_check(line, what);
    print(" is ");
    print_hex(actual);
    print(", expected ");
    print_hex(expected);
    print("\n");
    exit(line);
}
