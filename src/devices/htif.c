/* HTIF commands: exit, console output, and the write/exit system calls of the riscv-tests
 * benchmarks' syscall block (magic_mem: eight 64-bit words: number, arguments...). */
#include "devices/htif.h"

#include <string.h>

#include "cpu/hart.h"
#include "mmu/bus.h"

#define SYSCALL_WRITE 64
#define SYSCALL_EXIT 93
#define ERROR_NO_SYSCALL 38

static bool read_u64(struct bus *bus, uint32_t address, uint64_t *value)
{
    if (!bus_in_ram(bus, address, 8))
        return false;
    memcpy(value, bus_ram_pointer(bus, address), 8);
    return true;
}

static void write_u64(struct bus *bus, uint32_t address, uint64_t value)
{
    if (bus_in_ram(bus, address, 8))
        memcpy(bus_ram_pointer(bus, address), &value, 8);
}

static void request_exit(struct htif *htif, uint64_t code)
{
    *htif->exit = (struct exit_request){
        .requested = true, .guest_failed = code != 0, .code = (unsigned)code};
    htif->hart->stop_requested = true;
}

static void system_call(struct htif *htif, uint32_t block)
{
    uint64_t args[4];
    for (unsigned i = 0; i < 4; i++)
        if (!read_u64(htif->bus, block + 8 * i, &args[i]))
            return;
    int64_t result = -ERROR_NO_SYSCALL;
    if (args[0] == SYSCALL_WRITE && (args[1] == 1 || args[1] == 2)) {
        uint32_t buffer = (uint32_t)args[2], length = (uint32_t)args[3];
        if (bus_in_ram(htif->bus, buffer, length)) {
            const uint8_t *p = bus_ram_pointer(htif->bus, buffer);
            for (uint32_t i = 0; i < length; i++)
                htif->output(htif->output_opaque, p[i]);
            result = length;
        } else {
            result = -14; /* EFAULT */
        }
    } else if (args[0] == SYSCALL_EXIT) {
        request_exit(htif, args[1]);
        return;
    }
    write_u64(htif->bus, block, (uint64_t)result);
}

void htif_poll(struct htif *htif)
{
    uint64_t command;
    if (!read_u64(htif->bus, htif->tohost, &command) || command == 0)
        return;
    write_u64(htif->bus, htif->tohost, 0);
    unsigned device = (unsigned)(command >> 56), op = (unsigned)(command >> 48) & 0xff;
    uint64_t payload = command & 0xffffffffffffull;
    uint64_t response = 0;
    if (device == 0 && op == 0) {
        if (payload & 1) {
            request_exit(htif, payload >> 1);
            return;
        }
        system_call(htif, (uint32_t)payload);
        response = 1;
    } else if (device == 1 && op == 1) {
        htif->output(htif->output_opaque, (uint8_t)payload);
        response = (command & 0xffff000000000000ull) | 0x100 | (uint8_t)payload;
    } else {
        return; /* console input and unknown devices: no answer */
    }
    if (htif->fromhost)
        write_u64(htif->bus, htif->fromhost, response);
}

static void tohost_written(void *opaque, uint32_t address, unsigned size)
{
    struct htif *htif = opaque;
    uint32_t high = htif->tohost + 4;
    if (address <= high && high < address + size) {
        htif_poll(htif);
        htif->hart->stop_requested = true;
    }
}

void htif_init(struct htif *htif, struct bus *bus, struct hart *hart, struct exit_request *exit,
               uint32_t tohost, uint32_t fromhost, void (*output)(void *, uint8_t),
               void *output_opaque)
{
    *htif = (struct htif){.bus = bus, .hart = hart, .exit = exit, .tohost = tohost,
                          .fromhost = fromhost, .output = output, .output_opaque = output_opaque};
    bus->ram.watched_written = tohost_written;
    bus->ram.watched_written_opaque = htif;
    bus_watch_ram_page(bus, tohost);
}
