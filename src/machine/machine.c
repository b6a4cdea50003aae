/* Machine assembly and the run loop. Time moves only with the hart (and by skipping ahead
 * in wfi), so a run is deterministic: same program, same output, same instruction count. */
#include "machine/machine.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "machine/console.h"
#include "machine/host_signals.h"
#include "machine_map.h"
#include "devices/virtio_mmio_empty.h"

/* The longest batch between looks at HTIF's tohost for guests that write only its low
 * word; short enough to be prompt, long enough to cost nothing. */
#define MAX_BATCH 65536

bool machine_init(struct machine *m, const struct machine_config *config, char *err, size_t err_size)
{
    memset(m, 0, sizeof *m);
    m->config = *config;
    if (!bus_init(&m->bus, VMSIM_RAM_BASE, config->ram_size, err, err_size))
        return false;
    if (!hart_init(&m->hart, &m->bus, VMSIM_RAM_BASE)) {
        snprintf(err, err_size, "cannot allocate the decode cache: %s", strerror(errno));
        bus_destroy(&m->bus);
        return false;
    }
    if (!hart_configure_tlb(&m->hart, &config->tlb, err, err_size)) {
        hart_destroy(&m->hart);
        bus_destroy(&m->bus);
        return false;
    }
    m->hart.trap_misaligned = config->trap_misaligned;
    hart_set_timing(&m->hart, &config->timing);
    if (config->no_jit)
        hart_set_jit(&m->hart, false);
    clint_init(&m->clint, &m->hart);
    plic_init(&m->plic, &m->hart);
    uart16550_init(&m->uart, config->console_output, config->console_opaque);
    m->uart_irq = (struct plic_line){.plic = &m->plic, .source = VMSIM_IRQ_UART0};
    m->uart.set_irq = plic_line_set;
    m->uart.irq_opaque = &m->uart_irq;
    virtio_blk_init(&m->disk, &m->bus, config->disk);
    m->disk_irq = (struct plic_line){.plic = &m->plic, .source = VMSIM_IRQ_VIRTIO0};
    m->disk.set_irq = plic_line_set;
    m->disk.irq_opaque = &m->disk_irq;
    framebuffer_init(&m->framebuffer, &m->bus);
    keyboard_init(&m->keyboard);
    m->keyboard_irq = (struct plic_line){.plic = &m->plic, .source = VMSIM_IRQ_KEYBOARD};
    m->keyboard.set_irq = plic_line_set;
    m->keyboard.irq_opaque = &m->keyboard_irq;
    m->finisher = (struct finisher){.hart = &m->hart, .exit = &m->exit};
    annotation_init(&m->annotation);
    bool ok = bus_add_device(&m->bus, "finisher", VMSIM_FINISHER_BASE, VMSIM_FINISHER_SIZE,
                             &finisher_ops, &m->finisher, err, err_size) &&
              bus_add_device(&m->bus, "clint", VMSIM_CLINT_BASE, VMSIM_CLINT_SIZE, &clint_ops,
                             &m->clint, err, err_size) &&
              bus_add_device(&m->bus, "plic", VMSIM_PLIC_BASE, VMSIM_PLIC_SIZE, &plic_ops,
                             &m->plic, err, err_size) &&
              bus_add_device(&m->bus, "uart0", VMSIM_UART0_BASE, VMSIM_UART0_SIZE,
                             &uart16550_ops, &m->uart, err, err_size) &&
              bus_add_device(&m->bus, "virtio0", VMSIM_VIRTIO0_BASE, VMSIM_VIRTIO0_SIZE,
                             &virtio_blk_ops, &m->disk, err, err_size) &&
              bus_add_device(&m->bus, "framebuffer", VMSIM_FB_BASE, VMSIM_FB_SIZE,
                             &framebuffer_ops, &m->framebuffer, err, err_size) &&
              bus_add_device(&m->bus, "keyboard", VMSIM_KEYBOARD_BASE, VMSIM_KEYBOARD_SIZE,
                             &keyboard_ops, &m->keyboard, err, err_size) &&
              bus_add_device(&m->bus, "annotation", VMSIM_ANNOTATION_BASE, VMSIM_ANNOTATION_SIZE,
                             &annotation_ops, &m->annotation, err, err_size);
    static const char *const empty_slot_names[VMSIM_VIRTIO_SLOTS] = {
        NULL, "virtio1", "virtio2", "virtio3", "virtio4", "virtio5", "virtio6", "virtio7"};
    for (unsigned slot = 1; ok && slot < VMSIM_VIRTIO_SLOTS; slot++)
        ok = bus_add_device(&m->bus, empty_slot_names[slot], VMSIM_VIRTIO_SLOT_BASE(slot), VMSIM_VIRTIO_STRIDE,
                            &virtio_mmio_empty_ops, NULL, err, err_size);
    if (!ok) {
        machine_destroy(m);
        return false;
    }
    observe_init(&m->observe, m);
    return true;
}

void machine_destroy(struct machine *m)
{
    observe_destroy(&m->observe);
    if (m->config.disk)
        disk_image_close(m->config.disk);
    hart_destroy(&m->hart);
    bus_destroy(&m->bus);
}

enum elf_load_result machine_load_program(struct machine *m, const char *path, char *err,
                                          size_t err_size)
{
    struct elf_program program;
    enum elf_load_result result = elf_load(path, &m->bus, &program, err, err_size);
    if (result != ELF_LOADED)
        return result;
    m->hart.pc = program.entry;
    if (program.has_tohost) {
        htif_init(&m->htif, &m->bus, &m->hart, &m->exit, program.tohost, program.fromhost,
                  m->config.console_output, m->config.console_opaque);
        m->has_htif = true;
    }
    return ELF_LOADED;
}

/* Cycles until the next timer deadline that has not passed yet, or UINT64_MAX. */
static uint64_t cycles_to_next_timer(const struct machine *m)
{
    uint64_t deadlines[] = {clint_deadline(&m->clint), hart_stimecmp_deadline(&m->hart)};
    uint64_t soonest = UINT64_MAX;
    for (unsigned i = 0; i < sizeof deadlines / sizeof deadlines[0]; i++) {
        uint64_t cycles = hart_cycles_until(&m->hart, deadlines[i]);
        if (cycles != 0 && cycles < soonest)
            soonest = cycles;
    }
    return soonest;
}

static void update_timers(struct machine *m)
{
    clint_update(&m->clint);
    hart_update_stimecmp(&m->hart);
}

/* True if a byte arriving on the console would wake the hart from wfi: the UART's
 * receive interrupt is enabled and the PLIC routes it to a mip bit that mie enables (or
 * the same holds for the keyboard's interrupt while a window is open). */
static bool console_input_can_wake(const struct machine *m)
{
    if (!m->console)
        return false;
    if (uart16550_rx_interrupt_enabled(&m->uart) &&
        (plic_source_targets(&m->plic, VMSIM_IRQ_UART0) & m->hart.mie) != 0)
        return true;
    /* Keys come only from the window, which wakes the console's wait through wake_fd. */
    return m->console->wake_fd >= 0 && (m->keyboard.control & KEYBOARD_CONTROL_INTERRUPT_ENABLE) &&
           (plic_source_targets(&m->plic, VMSIM_IRQ_KEYBOARD) & m->hart.mie) != 0;
}

#define CYCLES_PER_SECOND ((uint64_t)VMSIM_TIMEBASE_HZ * VMSIM_CYCLES_PER_TICK)

/* wfi while the guest waits for console input. Input already there wakes it at once.
 * Otherwise, with no timer armed, vmsim blocks until input comes and no guest time passes;
 * with a timer armed, it waits up to the deadline in real time (1 cycle = 10 ns), so an
 * idle guest OS neither spins the host nor races ahead of the person typing, and the idle
 * time it skips is the time that really passed. Returns false if the guest can never
 * wake (no timer, and the input has ended). */
static bool wait_for_console(struct machine *m, uint64_t wait)
{
    console_poll(m->console);
    m->console_polled_at = m->hart.steps;
    if (hart_wfi_should_wake(&m->hart))
        return true;
    int64_t timeout_ns = -1;
    if (wait != UINT64_MAX)
        timeout_ns = wait > (uint64_t)INT64_MAX / 10 ? INT64_MAX : (int64_t)(wait * 10);
    uint64_t waited_ns;
    enum console_wait_result result = console_wait(m->console, timeout_ns, &waited_ns);
    if (wait == UINT64_MAX)
        return result != CONSOLE_ENDED;
    uint64_t waited = result == CONSOLE_TIMEOUT ? wait : waited_ns / (1000000000 / CYCLES_PER_SECOND);
    hart_idle(&m->hart, waited < wait ? waited : wait);
    return true;
}

enum machine_stop machine_run(struct machine *m)
{
    struct hart *h = &m->hart;
    for (;;) {
        if (m->exit.requested)
            return MACHINE_EXITED;
        if (host_signals_caught())
            return MACHINE_SIGNALLED;
        if (m->console && h->steps - m->console_polled_at >= MAX_BATCH) {
            console_poll(m->console);
            m->console_polled_at = h->steps;
        }
        if (m->console && console_quit_requested(m->console))
            return MACHINE_QUIT;
        update_timers(m);
        /* A step costs at least a cycle, so a budget of steps never runs short of a timer
         * deadline; the steps that cost more (TLB misses, traps) end the batch once the
         * deadline has passed (hart_set_cycle_deadline), so interrupts come on time in
         * guest cycles. */
        uint64_t to_timer = cycles_to_next_timer(m);
        hart_set_cycle_deadline(h, to_timer);
        uint64_t budget = to_timer;
        if (budget > MAX_BATCH)
            budget = MAX_BATCH;
        if (m->config.max_instructions) {
            if (h->steps >= m->config.max_instructions)
                return MACHINE_LIMIT;
            if (budget > m->config.max_instructions - h->steps)
                budget = m->config.max_instructions - h->steps;
        }
        if (m->observe.batch_hooks) {
            enum machine_stop ended = MACHINE_QUIT;
            if ((budget = observe_before_batch(&m->observe, budget, &ended)) == 0)
                return ended;
        }
        enum cpu_stop stop = cpu_run(h, budget);
        if (m->has_htif)
            htif_poll(&m->htif);
        if (m->observe.wanted & OBSERVE_BIT(OBSERVE_BATCH_END))
            observe_batch_end(&m->observe);
        switch (stop) {
        case CPU_STOP_BUDGET:
        case CPU_STOP_REQUESTED:
            break;
        case CPU_STOP_WFI: {
            if (m->exit.requested)
                break;
            update_timers(m);
            if (hart_wfi_should_wake(h))
                break;
            uint64_t wait = cycles_to_next_timer(m);
            bool input_can_wake = console_input_can_wake(m);
            if (input_can_wake && console_may_deliver(m->console)) {
                if (!wait_for_console(m, wait)) {
                    m->hung_waiting_for_input = true;
                    return MACHINE_HUNG;
                }
                break;
            }
            if (wait == UINT64_MAX) {
                m->hung_waiting_for_input = input_can_wake;
                return MACHINE_HUNG;
            }
            hart_idle(h, wait);
            break;
        }
        case CPU_STOP_TRAP_LOOP:
            return MACHINE_TRAP_LOOP;
        case CPU_STOP_HOST_ERROR:
            return MACHINE_HOST_ERROR;
        }
    }
}
