/* The GDB remote serial protocol over TCP: the packets gdb-multiarch needs for an RV32
 * target with privileged registers, and the guest OS's threads as gdb threads (see the
 * GDB manual, "Remote Protocol", and docs/debugging.md). */
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

#include "cpu/csr.h"
#include "debug/gdb_registers.h"
#include "cpu/hart.h"
#include "mmu/bus.h"
#include "mmu/mmu.h"

#define KERNEL_THREAD_ID 1 /* the hart with no guest thread, or the kernel's scheduler */
#define SIGNAL_TRAP 5
#define SIGNAL_INT 2
#define PAGE_BITMAP_BYTES ((1u << 20) / 8)

static const char hex_digits[] = "0123456789abcdef";

static const char *skip_hex_prefix(const char *s)
{
    return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? s + 2 : s;
}

/* Parses hex digits (at most 8: a longer number is cut, never overflowed) up to a
 * character not a hex digit; *end points there. */
static uint32_t parse_hex(const char *s, const char **end)
{
    uint32_t v = 0;
    while (gdb_hex_digit(*s) >= 0)
        v = (v << 4) | (uint32_t)gdb_hex_digit(*s++);
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
    out[8] = '\0';
}

static bool get_word(const char *in, uint32_t *v)
{
    uint32_t r = 0;
    for (int i = 0; i < 4; i++) {
        int hi = gdb_hex_digit(in[2 * i]), lo = hi < 0 ? -1 : gdb_hex_digit(in[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        r |= (uint32_t)(hi << 4 | lo) << (8 * i);
    }
    *v = r;
    return true;
}

static void put_hex_text(char *out, size_t out_size, const char *text)
{
    size_t n = 0;
    for (; *text && n + 3 <= out_size; text++) {
        out[n++] = hex_digits[(uint8_t)*text >> 4];
        out[n++] = hex_digits[(uint8_t)*text & 15];
    }
    out[n] = '\0';
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

static void send_raw(struct gdbstub *g, const char *data, size_t length)
{
    if (g->fd >= 0 && !send_all(g->fd, data, length))
        g->detached = true;
}

static void send_packet(struct gdbstub *g, const char *payload)
{
    static char frame[GDB_PACKET_MAX + 8];
    size_t n = gdb_packet_frame(payload, frame, sizeof frame);
    if (n == 0)
        n = gdb_packet_frame("E01", frame, sizeof frame); /* never: replies are bounded */
    send_raw(g, frame, n);
}

/* Reads into the input buffer; false when gdb has gone. */
static bool receive_more(struct gdbstub *g)
{
    for (;;) {
        ssize_t n = recv(g->fd, g->input, sizeof g->input, 0);
        if (n > 0) {
            g->input_used = 0;
            g->input_length = (size_t)n;
            return true;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return false;
    }
}

/* The next packet (or Ctrl-C as "\x03") into g->reader.payload, acknowledged; false when
 * gdb has gone. Bad checksums are refused with '-' and overlong packets answered E01. */
static bool receive_packet(struct gdbstub *g)
{
    for (;;) {
        if (g->input_used == g->input_length && !receive_more(g))
            return false;
        enum gdb_input input;
        g->input_used += gdb_reader_feed(&g->reader, g->input + g->input_used,
                                         g->input_length - g->input_used, &input);
        switch (input) {
        case GDB_INPUT_NONE:
            break;
        case GDB_INPUT_INTERRUPT:
            strcpy(g->reader.payload, "\x03");
            return true;
        case GDB_INPUT_BAD_CHECKSUM:
            send_raw(g, "-", 1);
            break;
        case GDB_INPUT_OVERLONG:
            send_raw(g, "+", 1);
            send_packet(g, "E01");
            break;
        case GDB_INPUT_PACKET:
            send_raw(g, "+", 1);
            return true;
        }
        if (g->detached)
            return false;
    }
}

bool gdbstub_open(struct gdbstub *g, struct hart *hart, unsigned port, char *err, size_t err_size)
{
    memset(g, 0, sizeof *g);
    g->hart = hart;
    g->fd = -1;
    g->stopped = true;
    g->stop_signal = SIGNAL_TRAP;
    gdb_reader_init(&g->reader);
    guest_threads_init(&g->threads);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        snprintf(err, err_size, "cannot create the gdb socket: %s", strerror(errno));
        return false;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    /* Loopback only: whoever reaches the stub controls the machine. */
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

/* ---- guest threads as gdb threads ---- */

static uint32_t thread_id(const struct guest_thread *t)
{
    return t->tid == 0 ? KERNEL_THREAD_ID : t->tid + 1;
}

/* gdb's id for what the hart runs now. */
static uint32_t current_thread_id(const struct gdbstub *g)
{
    const struct guest_thread *t = guest_threads_current(&g->threads);
    if (t)
        return thread_id(t);
    if (g->threads.current_known && g->threads.current_pid)
        return g->threads.current_tid + 1; /* runs, though no context was reported */
    return KERNEL_THREAD_ID;
}

static const struct guest_thread *find_thread(const struct gdbstub *g, uint32_t id)
{
    return id == 0 ? NULL : guest_threads_find(&g->threads, id == KERNEL_THREAD_ID ? 0 : id - 1);
}

static bool thread_exists(const struct gdbstub *g, uint32_t id)
{
    return id == KERNEL_THREAD_ID || id == current_thread_id(g) || find_thread(g, id) != NULL;
}

/* What gdb looks at: the selected thread's saved registers and address space, or the
 * hart's own. */
static struct gdb_view selected_view(const struct gdbstub *g)
{
    bool live = g->selected == 0 || g->selected == current_thread_id(g);
    return (struct gdb_view){.hart = g->hart, .saved = live ? NULL : find_thread(g, g->selected)};
}

static const char *thread_state_name(const struct gdbstub *g, const struct guest_thread *t)
{
    static const char *const names[] = {
        [ANNOTATION_THREAD_UNUSED] = "gone",       [ANNOTATION_THREAD_RUNNABLE] = "runnable",
        [ANNOTATION_THREAD_RUNNING] = "running",   [ANNOTATION_THREAD_BLOCKED] = "blocked",
        [ANNOTATION_THREAD_STOPPED] = "stopped",   [ANNOTATION_THREAD_EXITED] = "exited",
    };
    uint32_t state;
    if (t->tid == 0)
        return current_thread_id(g) == KERNEL_THREAD_ID ? "running" : "waiting";
    if (!t->state_word || !gdb_read_physical_word(g->hart, t->state_word, &state) ||
        state >= sizeof names / sizeof names[0])
        return "unknown";
    return names[state];
}

static void describe_thread(const struct gdbstub *g, uint32_t id, char *out, size_t out_size)
{
    const struct guest_thread *t = find_thread(g, id);
    if (t && t->tid)
        snprintf(out, out_size, "%s pid %u tid %u %s", t->name, t->pid, t->tid, thread_state_name(g, t));
    else if (t)
        snprintf(out, out_size, "kernel scheduler %s", thread_state_name(g, t));
    else if (id == KERNEL_THREAD_ID)
        snprintf(out, out_size, g->threads.current_known ? "kernel" : "hart");
    else
        snprintf(out, out_size, "tid %u running", id - 1);
}

/* Copies guest virtual memory through the page tables (RAM only: reading a device
 * register could change it). A page not present (not yet loaded, or swapped out) is an
 * error gdb reports as "Cannot access memory". */
static bool read_memory(const struct gdbstub *g, uint32_t address, uint32_t length, char *out)
{
    struct gdb_view view = selected_view(g);
    for (uint32_t i = 0; i < length; i++) {
        uint32_t p;
        if (!gdb_translate(&view, address + i, &p) || !bus_in_ram(g->hart->bus, p, 1))
            return false;
        uint8_t b = *bus_ram_pointer(g->hart->bus, p);
        out[2 * i] = hex_digits[b >> 4];
        out[2 * i + 1] = hex_digits[b & 15];
    }
    out[2 * length] = '\0';
    return true;
}

static bool write_memory(struct gdbstub *g, uint32_t address, uint32_t length, const char *in)
{
    struct gdb_view view = selected_view(g);
    for (uint32_t i = 0; i < length; i++) {
        int hi = gdb_hex_digit(in[2 * i]), lo = hi < 0 ? -1 : gdb_hex_digit(in[2 * i + 1]);
        uint32_t p;
        if (hi < 0 || lo < 0 || !gdb_translate(&view, address + i, &p))
            return false;
        uint8_t b = (uint8_t)(hi << 4 | lo);
        if (!bus_write_ram(g->hart->bus, p, &b, 1)) /* keeps decoded code coherent */
            return false;
    }
    return true;
}

/* ---- breakpoints ---- */

static struct gdb_breakpoint *find_breakpoint(struct gdbstub *g, uint32_t address)
{
    for (unsigned i = 0; i < g->breakpoint_count; i++)
        if (g->breakpoints[i].address == address)
            return &g->breakpoints[i];
    return NULL;
}

/* A user address in the address space of the thread selected in gdb binds the breakpoint
 * to it: one mapped with the U bit, or not mapped yet (demand paging). The kernel maps
 * itself in every address space, so a kernel address stops in any. */
static void bind_breakpoint(const struct gdbstub *g, struct gdb_breakpoint *b, uint32_t id)
{
    const struct guest_thread *t = find_thread(g, id);
    uint32_t satp = t ? t->satp : g->hart->satp;
    b->bound = false;
    if (id == KERNEL_THREAD_ID || !(satp & SATP_MODE_SV32))
        return;
    uint32_t physical, pte;
    bool mapped = mmu_debug_walk(g->hart->bus, satp, b->address, &physical, &pte);
    if (!mapped || (pte & PTE_U)) {
        b->bound = true;
        b->satp = satp;
    }
}

/* A record for address, new (not inserted) if there was none; NULL when all are taken by
 * inserted breakpoints. */
static struct gdb_breakpoint *breakpoint_record(struct gdbstub *g, uint32_t address, bool *created)
{
    struct gdb_breakpoint *b = find_breakpoint(g, address);
    *created = b == NULL;
    if (b)
        return b;
    for (unsigned i = 0; g->breakpoint_count == GDB_MAX_BREAKPOINTS && i < g->breakpoint_count; i++)
        if (!g->breakpoints[i].inserted)
            g->breakpoints[i] = g->breakpoints[--g->breakpoint_count];
    if (g->breakpoint_count == GDB_MAX_BREAKPOINTS)
        return NULL;
    b = &g->breakpoints[g->breakpoint_count++];
    memset(b, 0, sizeof *b);
    b->address = address;
    return b;
}

/* monitor bind-breakpoint: gdb's helper says which thread a new breakpoint belongs to. */
static bool bind_breakpoint_to(struct gdbstub *g, uint32_t address, uint32_t thread)
{
    bool created;
    struct gdb_breakpoint *b = breakpoint_record(g, address, &created);
    if (!b)
        return false;
    bind_breakpoint(g, b, thread);
    return true;
}

/* Without gdb's helper a new breakpoint binds to the thread whose registers gdb read
 * last: usually the one selected. */
static bool insert_breakpoint(struct gdbstub *g, uint32_t address)
{
    bool created;
    struct gdb_breakpoint *b = breakpoint_record(g, address, &created);
    if (!b)
        return false;
    if (created)
        bind_breakpoint(g, b, g->viewed ? g->viewed : current_thread_id(g));
    b->inserted = true;
    b->resumes_without = 0;
    return true;
}

static void remove_breakpoint(struct gdbstub *g, uint32_t address)
{
    struct gdb_breakpoint *b = find_breakpoint(g, address);
    if (b)
        b->inserted = false;
}

static void mark_page(struct gdbstub *g, uint32_t address)
{
    g->breakpoint_pages[address >> 15] |= (uint8_t)(1u << ((address >> 12) & 7));
}

/* Before the target runs: forgets deleted breakpoints and tells the hart which pages to
 * stop in. */
static void arm_breakpoints(struct gdbstub *g)
{
    for (unsigned i = 0; i < g->breakpoint_count;) {
        struct gdb_breakpoint *b = &g->breakpoints[i];
        if (!b->inserted && ++b->resumes_without >= 2)
            *b = g->breakpoints[--g->breakpoint_count];
        else
            i++;
    }
    bool any = g->returning_to_user;
    for (unsigned i = 0; i < g->breakpoint_count; i++)
        any |= g->breakpoints[i].inserted;
    if (!any) {
        g->hart->breakpoint_pages = NULL;
        return;
    }
    if (!g->breakpoint_pages && !(g->breakpoint_pages = calloc(1, PAGE_BITMAP_BYTES))) {
        g->hart->breakpoint_pages = NULL; /* out of memory: breakpoints only in steps */
        return;
    }
    memset(g->breakpoint_pages, 0, PAGE_BITMAP_BYTES);
    for (unsigned i = 0; i < g->breakpoint_count; i++)
        if (g->breakpoints[i].inserted)
            mark_page(g, g->breakpoints[i].address);
    if (g->returning_to_user)
        mark_page(g, g->step_pc);
    g->hart->breakpoint_pages = g->breakpoint_pages;
}

static bool at_breakpoint(const struct gdbstub *g)
{
    const struct hart *h = g->hart;
    for (unsigned i = 0; i < g->breakpoint_count; i++) {
        const struct gdb_breakpoint *b = &g->breakpoints[i];
        if (b->inserted && b->address == h->pc && (!b->bound || b->satp == h->satp))
            return true;
    }
    return false;
}

/* ---- stepping through the kernel ---- */

static void begin_step(struct gdbstub *g)
{
    const struct hart *h = g->hart;
    g->stepping = true;
    g->returning_to_user = false;
    g->stop_on_return = false;
    g->step_from_user = h->priv == PRIV_U && g->threads.current_known && g->threads.current_pid != 0;
    g->step_tid = g->threads.current_tid;
    g->step_pc = h->pc;
}

/* After a step from user mode: true if it trapped into the kernel for something the
 * kernel does on the thread's behalf and then returns (not a system call or ebreak, which
 * gdb should see happen). */
static bool trapped_on_behalf(const struct gdbstub *g)
{
    const struct hart *h = g->hart;
    if (!g->step_from_user || h->priv == PRIV_U)
        return false;
    uint32_t cause = h->priv == PRIV_M ? h->mcause : h->scause;
    return cause != CAUSE_USER_ECALL && cause != CAUSE_BREAKPOINT;
}

static bool back_in_stepped_thread(const struct gdbstub *g)
{
    return g->hart->priv == PRIV_U && g->threads.current_known && g->threads.current_tid == g->step_tid;
}

/* ---- packets ---- */

static void report_stop(struct gdbstub *g)
{
    char reply[48];
    snprintf(reply, sizeof reply, "T%02xthread:%x;", g->stop_signal, current_thread_id(g));
    send_packet(g, reply);
}

static void on_thread_changed(void *opaque, const struct guest_thread *t)
{
    struct gdbstub *g = opaque;
    if (!g->exec_stop_name[0] || t->tid == 0 || !t->user_registers || strcmp(t->name, g->exec_stop_name) != 0)
        return;
    g->exec_stop_name[0] = '\0';
    g->exec_stop_hit = true;
    g->hart->stop_requested = true; /* end the batch after this device write */
}

bool gdbstub_watch_guest_os(struct gdbstub *g, struct observe *o)
{
    g->threads.changed = on_thread_changed;
    g->threads.changed_opaque = g;
    return guest_threads_attach(&g->threads, o);
}

static void monitor_output(struct gdbstub *g, const char *text)
{
    char reply[GDB_PACKET_MAX];
    reply[0] = 'O';
    put_hex_text(reply + 1, sizeof reply - 1, text);
    send_packet(g, reply);
}

/* qRcmd: gdb's `monitor` command. */
static void handle_monitor(struct gdbstub *g, const char *hex, char *reply)
{
    char command[256];
    size_t n = 0;
    while (hex[0] && hex[1] && n + 1 < sizeof command) {
        int hi = gdb_hex_digit(hex[0]), lo = gdb_hex_digit(hex[1]);
        if (hi < 0 || lo < 0) {
            strcpy(reply, "E01");
            return;
        }
        command[n++] = (char)(hi << 4 | lo);
        hex += 2;
    }
    command[n] = '\0';
    if (strncmp(command, "stop-at-exec ", 13) == 0 && command[13]) {
        snprintf(g->exec_stop_name, sizeof g->exec_stop_name, "%.16s", command + 13);
        char text[96];
        snprintf(text, sizeof text, "vmsim: the target stops when a process named %s starts\n", g->exec_stop_name);
        monitor_output(g, text);
        strcpy(reply, "OK");
    } else if (strncmp(command, "bind-breakpoint ", 16) == 0) {
        const char *end;
        uint32_t address = parse_hex(skip_hex_prefix(command + 16), &end);
        uint32_t thread = *end == ' ' ? parse_hex(skip_hex_prefix(end + 1), &end) : 0;
        strcpy(reply, *end == '\0' && thread_exists(g, thread) && bind_breakpoint_to(g, address, thread) ? "OK" : "E01");
    } else if (strcmp(command, "help") == 0) {    } else if (strcmp(command, "help") == 0) {
        monitor_output(g, "vmsim monitor commands:\n"
                          "  stop-at-exec NAME         stop when the guest OS starts a program NAME (exec)\n"
                          "  bind-breakpoint ADDRESS THREAD\n"
                          "                            a breakpoint at ADDRESS stops only in THREAD's address\n"
                          "                            space, if ADDRESS is a user address there\n"
                          "                            (tools/vmsim-gdb.py sends it for each new breakpoint)\n");
        strcpy(reply, "OK");
    } else {
        monitor_output(g, "vmsim: unknown monitor command (try: monitor help)\n");
        strcpy(reply, "E01");
    }
}

static void list_threads(const struct gdbstub *g, char *reply, size_t size)
{
    size_t n = (size_t)snprintf(reply, size, "m%x", KERNEL_THREAD_ID);
    uint32_t current = current_thread_id(g);
    bool current_listed = current == KERNEL_THREAD_ID;
    for (unsigned i = 0; i < g->threads.count && n + 12 < size; i++) {
        const struct guest_thread *t = &g->threads.threads[i];
        if (t->tid == 0)
            continue;
        n += (size_t)snprintf(reply + n, size - n, ",%x", thread_id(t));
        current_listed |= thread_id(t) == current;
    }
    if (!current_listed && n + 12 < size)
        snprintf(reply + n, size - n, ",%x", current);
}

static void handle_query(struct gdbstub *g, const char *packet, char *reply)
{
    const char *p;
    if (strncmp(packet, "qSupported", 10) == 0) {
        /* vContSupported: gdb steps with vCont;s instead of breakpoints it computes,
         * which could not follow an ecall into the kernel. */
        snprintf(reply, GDB_PACKET_MAX, "PacketSize=%x;qXfer:features:read+;vContSupported+", GDB_PACKET_MAX);
    } else if (strncmp(packet, "qXfer:features:read:target.xml:", 31) == 0) {
        uint32_t offset = parse_hex(packet + 31, &p);
        uint32_t length = *p == ',' ? parse_hex(p + 1, &p) : 0;
        const char *target_xml = gdb_target_description();
        size_t total = strlen(target_xml);
        if (offset >= total) {
            strcpy(reply, "l");
        } else {
            size_t n = total - offset;
            if (n > length)
                n = length;
            if (n > GDB_PACKET_MAX - 1)
                n = GDB_PACKET_MAX - 1;
            reply[0] = offset + n >= total ? 'l' : 'm';
            memcpy(reply + 1, target_xml + offset, n);
            reply[1 + n] = '\0';
        }
    } else if (strncmp(packet, "qXfer:", 6) == 0) {
        strcpy(reply, "E00");
    } else if (strcmp(packet, "qAttached") == 0) {
        strcpy(reply, "1");
    } else if (strcmp(packet, "qC") == 0) {
        snprintf(reply, GDB_PACKET_MAX, "QC%x", current_thread_id(g));
    } else if (strcmp(packet, "qfThreadInfo") == 0) {
        list_threads(g, reply, GDB_PACKET_MAX);
    } else if (strcmp(packet, "qsThreadInfo") == 0) {
        strcpy(reply, "l");
    } else if (strncmp(packet, "qThreadExtraInfo,", 17) == 0) {
        char text[96];
        describe_thread(g, parse_hex(packet + 17, &p), text, sizeof text);
        put_hex_text(reply, GDB_PACKET_MAX, text);
    } else if (strncmp(packet, "qRcmd,", 6) == 0) {
        handle_monitor(g, packet + 6, reply);
    }
}

/* gdb reads the registers of the thread a person selects (to show its frame) and of the
 * thread that stopped; at a resume it may switch threads without reading any. So the
 * thread last read is the one in gdb's selection when a breakpoint goes in. */
static void note_viewed_thread(struct gdbstub *g)
{
    g->viewed = g->selected ? g->selected : current_thread_id(g);
}

/* Resumes after 'c' or 's' (with an optional address to go to). */
static void resume(struct gdbstub *g, const char *packet)
{
    const char *p = packet + 1;
    if (*p)
        g->hart->pc = parse_hex(p, &p);
    g->stop_signal = SIGNAL_TRAP;
    g->exec_stop_hit = false;
    if (packet[0] == 's') {
        begin_step(g);
    } else {
        g->stepping = false;
        g->returning_to_user = false;
    }
    arm_breakpoints(g);
}

bool gdbstub_handle_packet(struct gdbstub *g, const char *packet)
{
    static char reply[GDB_PACKET_MAX + 1];
    struct gdb_view view = selected_view(g);
    const char *p = packet + 1;
    reply[0] = '\0';
    switch (packet[0]) {
    case '\x03':
        g->stop_signal = SIGNAL_INT;
        report_stop(g);
        return false;
    case '?':
        report_stop(g);
        return false;
    case 'g':
        note_viewed_thread(g);
        for (unsigned i = 0; i < GDB_GPR_AND_PC_COUNT; i++) {
            uint32_t v;
            if (!gdb_read_register(&view, i, &v)) {
                strcpy(reply, "E14");
                break;
            }
            put_word(reply + 8 * i, v);
        }
        break;
    case 'G':
        if (strlen(p) < 8 * GDB_GPR_AND_PC_COUNT) {
            strcpy(reply, "E01");
            break;
        }
        strcpy(reply, "OK");
        for (unsigned i = 1; i < GDB_GPR_AND_PC_COUNT; i++) {
            uint32_t v;
            if (!get_word(p + 8 * i, &v) || !gdb_write_register(&view, i, v))
                strcpy(reply, "E01");
        }
        break;
    case 'p': {
        uint32_t v;
        note_viewed_thread(g);
        unsigned n = parse_hex(p, &p);
        if (*p == '\0' && gdb_read_register(&view, n, &v))
            put_word(reply, v);
        else
            strcpy(reply, "E01");
        break;
    }
    case 'P': {
        unsigned n = parse_hex(p, &p);
        uint32_t v;
        bool ok = *p == '=' && get_word(p + 1, &v) && gdb_write_register(&view, n, v);
        strcpy(reply, ok ? "OK" : "E01");
        break;
    }
    case 'm': {
        uint32_t address = parse_hex(p, &p);
        uint32_t length = *p == ',' ? parse_hex(p + 1, &p) : 0;
        if (length > GDB_PACKET_MAX / 2)
            length = GDB_PACKET_MAX / 2;
        if (*p != '\0' || !read_memory(g, address, length, reply))
            strcpy(reply, "E14");
        break;
    }
    case 'M': {
        uint32_t address = parse_hex(p, &p);
        uint32_t length = *p == ',' ? parse_hex(p + 1, &p) : 0;
        bool ok = *p == ':' && strlen(p + 1) >= 2 * (size_t)length && write_memory(g, address, length, p + 1);
        strcpy(reply, ok ? "OK" : "E14");
        break;
    }
    case 'c':
    case 's':
        resume(g, packet);
        return true;
    case 'Z':
    case 'z':
        if ((p[0] == '0' || p[0] == '1') && p[1] == ',') {
            uint32_t address = parse_hex(p + 2, &p);
            if (packet[0] == 'z')
                remove_breakpoint(g, address);
            strcpy(reply, packet[0] == 'z' || insert_breakpoint(g, address) ? "OK" : "E22");
        }
        break; /* watchpoints: unsupported */
    case 'H':
        if (p[0] == 'g') {
            uint32_t id = p[1] == '-' ? 0 : parse_hex(p + 1, &p);
            if (id == 0 || thread_exists(g, id)) {
                g->selected = id;
                strcpy(reply, "OK");
            } else {
                strcpy(reply, "E01");
            }
        } else {
            strcpy(reply, "OK"); /* Hc: one hart runs whatever the kernel schedules */
        }
        break;
    case 'T':
        strcpy(reply, thread_exists(g, parse_hex(p, &p)) ? "OK" : "E01");
        break;
    case 'v':
        if (strcmp(packet, "vCont?") == 0) {
            strcpy(reply, "vCont;c;C;s;S");
        } else if (strncmp(packet, "vCont;", 6) == 0) {
            /* One hart: any step action steps it, else it continues. The signals gdb
             * passes (C, S) are dropped: the guest has no use for them. */
            bool step = false;
            for (const char *action = packet + 5; action; action = strchr(action + 1, ';'))
                step |= action[1] == 's' || action[1] == 'S';
            resume(g, step ? "s" : "c");
            return true;
        }
        break;
    case 'k':
        g->killed = true;
        return true;
    case 'D':
        send_packet(g, "OK");
        g->detached = true;
        return true;
    case 'q':
        handle_query(g, packet, reply);
        break;
    default:
        break; /* unsupported: the empty reply tells gdb so */
    }
    send_packet(g, reply);
    return false;
}

uint64_t gdbstub_before_run(struct gdbstub *g, uint64_t budget)
{
    while (g->stopped && !g->detached && !g->killed) {
        if (!receive_packet(g)) {
            g->detached = true; /* gdb went away: let the guest run on */
            break;
        }
        g->selected = g->selected && thread_exists(g, g->selected) ? g->selected : 0;
        if (gdbstub_handle_packet(g, g->reader.payload))
            g->stopped = false;
    }
    if (g->killed)
        return 0;
    if (g->detached) {
        g->hart->breakpoint_pages = NULL;
        return budget;
    }
    if (g->stepping || hart_in_breakpoint_page(g->hart, g->hart->pc))
        budget = 1;
    g->last_budget = budget;
    return budget;
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

/* Looks for Ctrl-C after every long batch, but only every few thousand one-instruction
 * batches (inside a breakpoint page, or while stepping through the kernel). */
static bool time_to_poll(struct gdbstub *g)
{
    if (g->last_budget > 1 || ++g->batches_since_poll >= 4096) {
        g->batches_since_poll = 0;
        return true;
    }
    return false;
}

static void stop(struct gdbstub *g, int signal)
{
    g->stepping = false;
    g->returning_to_user = false;
    g->stop_signal = signal;
    g->stopped = true;
    g->selected = 0; /* as gdb assumes: the thread that stopped is now the general one */
    g->hart->breakpoint_pages = NULL;
    report_stop(g);
}

/* True if a guest thread is about to run user code from a page not present yet. */
static bool pc_not_present(const struct gdbstub *g)
{
    const struct hart *h = g->hart;
    uint32_t physical;
    return h->priv == PRIV_U && g->threads.current_known && g->threads.current_pid != 0 &&
           !mmu_debug_translate(h->mmu, hart_mmu_mode(h), h->pc, &physical);
}

/* Stops with SIGTRAP; but at user code whose page is not present (a breakpoint on code
 * not yet loaded, a step onto such a page) gdb could not read the instruction, so the
 * stop waits until the kernel has served the page fault and the thread is back there. */
static void stop_when_present(struct gdbstub *g)
{
    if (!pc_not_present(g)) {
        stop(g, SIGNAL_TRAP);
        return;
    }
    begin_step(g);
    g->stop_on_return = true;
    arm_breakpoints(g);
}

void gdbstub_after_run(struct gdbstub *g)
{
    if (g->detached || g->killed)
        return;
    if (g->exec_stop_hit) {
        g->exec_stop_hit = false;
        stop(g, SIGNAL_TRAP);
        return;
    }
    if (g->stepping) {
        if (!trapped_on_behalf(g)) {
            stop_when_present(g);
            return;
        }
        g->stepping = false;
        g->returning_to_user = true; /* run the kernel until the thread is back */
        arm_breakpoints(g);
    }
    if (at_breakpoint(g)) {
        stop_when_present(g);
        return;
    }
    if (g->returning_to_user && back_in_stepped_thread(g)) {
        g->returning_to_user = false;
        if (g->stop_on_return || g->hart->pc != g->step_pc) {
            stop_when_present(g); /* there now, or elsewhere: a signal handler */
            return;
        }
        begin_step(g); /* the instruction runs again, now that its page is present */
        arm_breakpoints(g);
        return;
    }
    if (time_to_poll(g) && interrupt_requested(g))
        stop(g, SIGNAL_INT);
}

void gdbstub_release(struct gdbstub *g)
{
    if (g->hart)
        g->hart->breakpoint_pages = NULL;
    free(g->breakpoint_pages);
    g->breakpoint_pages = NULL;
}

void gdbstub_close(struct gdbstub *g, int status)
{
    guest_threads_detach(&g->threads);
    gdbstub_release(g);
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

static uint64_t before_batch(void *opaque, uint64_t budget, enum machine_stop *stop)
{
    budget = gdbstub_before_run(opaque, budget);
    if (budget == 0)
        *stop = MACHINE_KILLED;
    return budget;
}

static void on_batch_end(void *opaque, const struct observe_event *e)
{
    (void)e;
    gdbstub_after_run(opaque);
}

struct observer gdbstub_observer(struct gdbstub *g)
{
    return (struct observer){.name = "gdb", .kinds = OBSERVE_BIT(OBSERVE_BATCH_END), .on_event = on_batch_end,
                             .before_batch = before_batch, .opaque = g};
}
