/* The framing of the GDB remote serial protocol: "$payload#xx" with a two-digit checksum,
 * acknowledgements '+' and '-', and Ctrl-C (0x03) between packets. A reader takes the
 * received bytes as they come and says what they hold; it never looks at the payload.
 * (GDB manual, "Remote Protocol", "Overview".) */
#ifndef VMSIM_DEBUG_GDB_PACKET_H
#define VMSIM_DEBUG_GDB_PACKET_H

#include <stddef.h>
#include <stdint.h>

#define GDB_PACKET_MAX 4096 /* the largest payload we take, and say so in qSupported */

enum gdb_input {
    GDB_INPUT_NONE,         /* every byte given was used, nothing is complete yet */
    GDB_INPUT_PACKET,       /* a packet with a good checksum: reader.payload */
    GDB_INPUT_INTERRUPT,    /* Ctrl-C outside a packet */
    GDB_INPUT_BAD_CHECKSUM, /* answer '-': gdb sends the packet again */
    GDB_INPUT_OVERLONG,     /* longer than GDB_PACKET_MAX: acknowledge, answer an error */
};

struct gdb_reader {
    enum { READER_IDLE, READER_BODY, READER_CHECK_HIGH, READER_CHECK_LOW } state;
    size_t length;         /* payload bytes kept */
    int overflowed;        /* the payload did not fit */
    uint8_t sum, check;
    char payload[GDB_PACKET_MAX + 1]; /* NUL-terminated */
};

void gdb_reader_init(struct gdb_reader *reader);

/* The value of a hex digit (either case), or -1. */
int gdb_hex_digit(char c);

/* Reads from `bytes` until something is complete; returns how many bytes it used and
 * sets *input to what it found (GDB_INPUT_NONE once all `length` bytes are used). Call
 * again with the rest. Any bytes at all are safe. */
size_t gdb_reader_feed(struct gdb_reader *reader, const char *bytes, size_t length, enum gdb_input *input);

/* Frames `payload` as "$payload#xx" in out (out_size >= strlen(payload) + 5); returns
 * the frame's length, or 0 if it does not fit. */
size_t gdb_packet_frame(const char *payload, char *out, size_t out_size);

#endif
