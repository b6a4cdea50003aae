/* The GDB remote serial protocol over TCP: packet framing, and the handful of packets
 * gdb-multiarch needs for a bare RV32 target (see the GDB manual, "Remote Protocol"). */
#include "debug/gdbstub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cpu/hart.h"
#include "mmu/bus.h"
#include "mmu/mmu.h"

#define PACKET_MAX GDB_PACKET_MAX
#define REGISTER_COUNT 33 /* x0..x31, pc */

/* What gdb needs to know the register set of an RV32 hart without an ELF file. */
static const char target_xml[] =
    "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target version=\"1.0\"><architecture>riscv:rv32</architecture>"
    "<feature name=\"org.gnu.gdb.riscv.cpu\">"
    "<reg name=\"zero\" bitsize=\"32\" type=\"int\" regnum=\"0\"/>"
    "<reg name=\"ra\" bitsize=\"32\" type=\"code_ptr\"/>"
    "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"gp\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"tp\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"t0\" bitsize=\"32\" type=\"int\"/><reg name=\"t1\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"t2\" bitsize=\"32\" type=\"int\"/><reg name=\"fp\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"s1\" bitsize=\"32\" type=\"int\"/><reg name=\"a0\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"a1\" bitsize=\"32\" type=\"int\"/><reg name=\"a2\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"a3\" bitsize=\"32\" type=\"int\"/><reg name=\"a4\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"a5\" bitsize=\"32\" type=\"int\"/><reg name=\"a6\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"a7\" bitsize=\"32\" type=\"int\"/><reg name=\"s2\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"s3\" bitsize=\"32\" type=\"int\"/><reg name=\"s4\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"s5\" bitsize=\"32\" type=\"int\"/><reg name=\"s6\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"s7\" bitsize=\"32\" type=\"int\"/><reg name=\"s8\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"s9\" bitsize=\"32\" type=\"int\"/><reg name=\"s10\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"s11\" bitsize=\"32\" type=\"int\"/><reg name=\"t3\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"t4\" bitsize=\"32\" type=\"int\"/><reg name=\"t5\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"t6\" bitsize=\"32\" type=\"int\"/>"
    "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
    "</feature></target>";

static const char hex_digits[] = "0123456789abcdef";

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Parses hex digits up to a character not a hex digit; *end points there. */
static uint32_t parse_hex(const char *s, const char **end)
{
    uint32_t v = 0;
    while (hex_value(*s) >= 0)
        v = (v << 4) | (uint32_t)hex_value(*s++);
    *end = s;
    return v;
}

/* Appends a 32-bit value as 8 hex digits in target (little-endian) byte order. */
static void put_word(char *out, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        uint8_t b = (uint8_t)(v >> (8 * i));
        out[2 * i] = hex_digits[b >> 4];
        out[2 * i + 1] = hex_digits[b & 15];
    }
}

static bool get_word(const char *in, uint32_t *v)
{
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) {
        int hi = hex_value(in[2 * i]), lo = hex_value(in[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        r |= (uint32_t)(hi << 4 | lo) << (8 * i);
    }
    *v = r;
    return true;
}

static bool send_all(int fd, const char *data, size_t length)
{
    while (length) {
        ssize_t n = send(fd, data, length, MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            return false;
        }
        data += n;
        length -= (size_t)n;
    }
    return true;
}

static void send_packet(struct gdbstub *g, const char *payload)
{
    static char frame[PACKET_MAX + 8];
    uint8_t checksum = 0;
    size_t n = strlen(payload);
    if (n > PACKET_MAX)
        n = PACKET_MAX;
    frame[0] = '$';
    for (size_t i = 0; i < n; i++) {
        frame[1 + i] = payload[i];
        checksum = (uint8_t)(checksum + (uint8_t)payload[i]);
    }
    snprintf(frame + 1 + n, 4, "#%02x", checksum);
    if (!send_all(g->fd, frame, n + 4))
        g->detached = true;
}

/* Reads one byte; -1 when the connection is gone. */
static int read_byte(struct gdbstub *g)
{
    unsigned char c;
    for (;;) {
        ssize_t n = recv(g->fd, &c, 1, 0);
        if (n == 1)
            return c;
        if (n < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* Reads the next packet into buf (acknowledging it); returns false if gdb went away. A
 * Ctrl-C byte between packets comes back as the one-character packet "\x03". */
static bool receive_packet(struct gdbstub *g, char *buf, size_t size)
{
    for (;;) {
        int c = read_byte(g);
        if (c < 0)
            return false;
        if (c == 0x03) {
            strcpy(buf, "\x03");
            return true;
        }
        if (c != '$')
            continue; /* acks and noise */
        size_t n = 0;
        uint8_t sum = 0;
        while ((c = read_byte(g)) >= 0 && c != '#') {
            if (n + 1 < size)
                buf[n++] = (char)c;
            sum = (uint8_t)(sum + c);
        }
        int hi = read_byte(g), lo = read_byte(g);
        if (c < 0 || hi < 0 || lo < 0)
            return false;
        buf[n] = '\0';
        bool ok = hex_value((char)hi) >= 0 && hex_value((char)lo) >= 0 &&
                  ((hex_value((char)hi) << 4) | hex_value((char)lo)) == sum;
        if (!send_all(g->fd, ok ? "+" : "-", 1))
            return false;
        if (ok)
            return true;
    }
}

bool gdbstub_open(struct gdbstub *g, struct hart *hart, unsigned port, char *err, size_t err_size)
{
    memset(g, 0, sizeof *g);
    g->hart = hart;
    g->fd = g->listen_fd = -1;
    g->stopped = true;
    g->stop_signal = 5;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        snprintf(err, err_size, "cannot create the gdb socket: %s", strerror(errno));
        return false;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0 || listen(fd, 1) < 0) {
        snprintf(err, err_size, "cannot listen for gdb on localhost:%u: %s", port, strerror(errno));
        close(fd);
        return false;
    }
    fprintf(stderr, "vmsim: waiting for gdb on localhost:%u (in gdb: target remote :%u)\n", port, port);
    g->fd = accept(fd, NULL, NULL);
    close(fd);
    if (g->fd < 0) {
        snprintf(err, err_size, "gdb did not connect: %s", strerror(errno));
        return false;
    }
    setsockopt(g->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
}

static uint32_t read_register(const struct hart *h, unsigned n)
{
    return n < 32 ? h->x[n] : h->pc;
}

/* Copies guest virtual memory byte by byte through the page tables (RAM only: reading a
 * device register could change it). */
static bool read_memory(const struct hart *h, uint32_t address, uint32_t length, char *out)
{
    for (uint32_t i = 0; i < length; i++) {
        uint32_t p;
        if (!mmu_debug_translate(h, address + i, &p) || !bus_in_ram(h->bus, p, 1))
            return false;
        uint8_t b = *bus_ram_pointer(h->bus, p);
        out[2 * i] = hex_digits[b >> 4];
        out[2 * i + 1] = hex_digits[b & 15];
    }
    out[2 * length] = '\0';
    return true;
}

static bool write_memory(struct hart *h, uint32_t address, uint32_t length, const char *in)
{
    for (uint32_t i = 0; i < length; i++) {
        int hi = hex_value(in[2 * i]), lo = hex_value(in[2 * i + 1]);
        uint32_t p;
        if (hi < 0 || lo < 0 || !mmu_debug_translate(h, address + i, &p))
            return false;
        uint8_t b = (uint8_t)(hi << 4 | lo);
        if (!bus_write_ram(h->bus, p, &b, 1)) /* keeps decoded code coherent */
            return false;
    }
    return true;
}

static void set_breakpoint(struct gdbstub *g, uint32_t address, bool insert)
{
    for (unsigned i = 0; i < g->breakpoint_count; i++) {
        if (g->breakpoints[i] == address) {
            if (!insert)
                g->breakpoints[i] = g->breakpoints[--g->breakpoint_count];
            return;
        }
    }
    if (insert && g->breakpoint_count < GDB_MAX_BREAKPOINTS)
        g->breakpoints[g->breakpoint_count++] = address;
}

static void report_stop(struct gdbstub *g)
{
    char reply[16];
    snprintf(reply, sizeof reply, "S%02x", g->stop_signal);
    send_packet(g, reply);
}

bool gdbstub_handle_packet(struct gdbstub *g, const char *packet)
{
    static char reply[PACKET_MAX + 1];
    struct hart *h = g->hart;
    const char *p = packet + 1;
    reply[0] = '\0';
    switch (packet[0]) {
    case '\x03':
        g->stop_signal = 2;
        report_stop(g);
        return false;
    case '?':
        report_stop(g);
        return false;
    case 'g':
        for (unsigned i = 0; i < REGISTER_COUNT; i++)
            put_word(reply + 8 * i, read_register(h, i));
        reply[8 * REGISTER_COUNT] = '\0';
        break;
    case 'G':
        for (unsigned i = 0; i < REGISTER_COUNT && strlen(p) >= 8 * (i + 1); i++) {
            uint32_t v;
            if (get_word(p + 8 * i, &v)) {
                if (i == 32)
                    h->pc = v;
                else if (i > 0)
                    h->x[i] = v;
            }
        }
        strcpy(reply, "OK");
        break;
    case 'p': {
        unsigned n = parse_hex(p, &p);
        if (n < REGISTER_COUNT) {
            put_word(reply, read_register(h, n));
            reply[8] = '\0';
        } else {
            strcpy(reply, "E01");
        }
        break;
    }
    case 'P': {
        unsigned n = parse_hex(p, &p);
        uint32_t v;
        if (*p == '=' && n < REGISTER_COUNT && get_word(p + 1, &v)) {
            if (n == 32)
                h->pc = v;
            else if (n > 0)
                h->x[n] = v;
            strcpy(reply, "OK");
        } else {
            strcpy(reply, "E01");
        }
        break;
    }
    case 'm': {
        uint32_t address = parse_hex(p, &p);
        uint32_t length = *p == ',' ? parse_hex(p + 1, &p) : 0;
        if (length > PACKET_MAX / 2)
            length = PACKET_MAX / 2;
        if (!read_memory(h, address, length, reply))
            strcpy(reply, "E14");
        break;
    }
    case 'M': {
        uint32_t address = parse_hex(p, &p);
        uint32_t length = *p == ',' ? parse_hex(p + 1, &p) : 0;
        bool ok = *p == ':' && strlen(p + 1) >= 2 * (size_t)length && write_memory(h, address, length, p + 1);
        strcpy(reply, ok ? "OK" : "E14");
        break;
    }
    case 'c':
    case 's':
        if (*p)
            h->pc = parse_hex(p, &p);
        g->stepping = packet[0] == 's';
        g->stop_signal = 5;
        return true;
    case 'Z':
    case 'z':
        if ((p[0] == '0' || p[0] == '1') && p[1] == ',') {
            set_breakpoint(g, parse_hex(p + 2, &p), packet[0] == 'Z');
            strcpy(reply, "OK");
        }
        break;
    case 'H':
        strcpy(reply, "OK");
        break;
    case 'k':
        g->killed = true;
        return true;
    case 'D':
        send_packet(g, "OK");
        g->detached = true;
        return true;
    case 'q':
        if (strncmp(packet, "qSupported", 10) == 0) {
            snprintf(reply, sizeof reply, "PacketSize=%x;qXfer:features:read+", PACKET_MAX);
        } else if (strncmp(packet, "qXfer:features:read:target.xml:", 31) == 0) {
            uint32_t offset = parse_hex(packet + 31, &p);
            uint32_t length = *p == ',' ? parse_hex(p + 1, &p) : 0;
            size_t total = sizeof target_xml - 1;
            if (offset >= total) {
                strcpy(reply, "l");
            } else {
                size_t n = total - offset;
                if (n > length)
                    n = length;
                if (n > PACKET_MAX - 1)
                    n = PACKET_MAX - 1;
                reply[0] = offset + n >= total ? 'l' : 'm';
                memcpy(reply + 1, target_xml + offset, n);
                reply[1 + n] = '\0';
            }
        } else if (strcmp(packet, "qAttached") == 0) {
            strcpy(reply, "1");
        } else if (strcmp(packet, "qC") == 0) {
            strcpy(reply, "QC1");
        } else if (strcmp(packet, "qfThreadInfo") == 0) {
            strcpy(reply, "m1");
        } else if (strcmp(packet, "qsThreadInfo") == 0) {
            strcpy(reply, "l");
        }
        break;
    default:
        break; /* unsupported: the empty reply tells gdb so */
    }
    send_packet(g, reply);
    return false;
}

uint64_t gdbstub_before_run(struct gdbstub *g, uint64_t budget)
{
    static char packet[PACKET_MAX + 1];
    while (g->stopped && !g->detached && !g->killed) {
        if (!receive_packet(g, packet, sizeof packet)) {
            g->detached = true; /* gdb went away: let the guest run on */
            break;
        }
        if (gdbstub_handle_packet(g, packet))
            g->stopped = false;
    }
    if (g->killed)
        return 0;
    if (g->detached)
        return budget;
    if (g->stepping || g->breakpoint_count)
        return 1;
    return budget;
}

static bool at_breakpoint(const struct gdbstub *g)
{
    for (unsigned i = 0; i < g->breakpoint_count; i++)
        if (g->breakpoints[i] == g->hart->pc)
            return true;
    return false;
}

/* True if gdb sent Ctrl-C while the guest ran. */
static bool interrupt_requested(struct gdbstub *g)
{
    struct pollfd pfd = {.fd = g->fd, .events = POLLIN};
    if (poll(&pfd, 1, 0) <= 0)
        return false;
    unsigned char c;
    ssize_t n = recv(g->fd, &c, 1, MSG_PEEK);
    if (n <= 0) {
        g->detached = true;
        return false;
    }
    if (c == 0x03) {
        (void)recv(g->fd, &c, 1, 0);
        return true;
    }
    return false;
}

/* Looks for Ctrl-C after every batch, but only every few thousand instructions while
 * breakpoints make every batch one instruction long. */
static bool time_to_poll(struct gdbstub *g)
{
    if (g->breakpoint_count == 0)
        return true;
    if (g->steps_until_poll > 0 && --g->steps_until_poll > 0)
        return false;
    g->steps_until_poll = 4096;
    return true;
}

void gdbstub_after_run(struct gdbstub *g)
{
    if (g->detached || g->killed)
        return;
    if (g->stepping || at_breakpoint(g)) {
        g->stepping = false;
        g->stop_signal = 5;
    } else if (time_to_poll(g) && interrupt_requested(g)) {
        g->stop_signal = 2;
    } else {
        return;
    }
    g->stopped = true;
    report_stop(g);
}

void gdbstub_close(struct gdbstub *g, int status)
{
    if (g->fd >= 0) {
        if (!g->detached && !g->killed) {
            char reply[8];
            snprintf(reply, sizeof reply, "W%02x", status & 0xff);
            send_packet(g, reply);
        }
        close(g->fd);
        g->fd = -1;
    }
}
