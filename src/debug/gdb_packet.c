/* The remote protocol's packet framing (see gdb_packet.h). */
#include "debug/gdb_packet.h"

#include <string.h>

int gdb_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void gdb_reader_init(struct gdb_reader *reader)
{
    memset(reader, 0, sizeof *reader);
}

size_t gdb_reader_feed(struct gdb_reader *r, const char *bytes, size_t length, enum gdb_input *input)
{
    for (size_t i = 0; i < length; i++) {
        char c = bytes[i];
        switch (r->state) {
        case READER_IDLE:
            if (c == 0x03) {
                *input = GDB_INPUT_INTERRUPT;
                return i + 1;
            }
            if (c == '$') {
                r->state = READER_BODY;
                r->length = 0;
                r->overflowed = 0;
                r->sum = 0;
            }
            break; /* acknowledgements and noise */
        case READER_BODY:
            if (c == '#') {
                r->state = READER_CHECK_HIGH;
                break;
            }
            if (c == '$') { /* a new packet where this one should have ended: start over */
                r->length = 0;
                r->overflowed = 0;
                r->sum = 0;
                break;
            }
            r->sum = (uint8_t)(r->sum + (uint8_t)c);
            if (r->length < GDB_PACKET_MAX)
                r->payload[r->length++] = c;
            else
                r->overflowed = 1;
            break;
        case READER_CHECK_HIGH:
            if (gdb_hex_digit(c) < 0) {
                r->state = READER_IDLE;
                *input = GDB_INPUT_BAD_CHECKSUM;
                return i + 1;
            }
            r->check = (uint8_t)gdb_hex_digit(c);
            r->state = READER_CHECK_LOW;
            break;
        case READER_CHECK_LOW:
            r->state = READER_IDLE;
            r->payload[r->length] = '\0';
            if (gdb_hex_digit(c) < 0 || (uint8_t)(r->check << 4 | gdb_hex_digit(c)) != r->sum)
                *input = GDB_INPUT_BAD_CHECKSUM;
            else
                *input = r->overflowed ? GDB_INPUT_OVERLONG : GDB_INPUT_PACKET;
            return i + 1;
        }
    }
    *input = GDB_INPUT_NONE;
    return length;
}

size_t gdb_packet_frame(const char *payload, char *out, size_t out_size)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = strlen(payload);
    if (n + 5 > out_size)
        return 0;
    uint8_t sum = 0;
    out[0] = '$';
    for (size_t i = 0; i < n; i++) {
        out[1 + i] = payload[i];
        sum = (uint8_t)(sum + (uint8_t)payload[i]);
    }
    out[1 + n] = '#';
    out[2 + n] = hex[sum >> 4];
    out[3 + n] = hex[sum & 15];
    out[4 + n] = '\0';
    return n + 4;
}
