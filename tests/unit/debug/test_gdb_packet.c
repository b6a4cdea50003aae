/* The remote protocol's framing: packets with good and bad checksums, Ctrl-C, noise and
 * acknowledgements between packets, packets split across reads, and overlong packets that
 * must neither overflow nor be taken as commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "debug/gdb_packet.h"

static struct gdb_reader reader;

static enum gdb_input feed_all(const char *bytes, size_t *used)
{
    enum gdb_input input;
    *used = gdb_reader_feed(&reader, bytes, strlen(bytes), &input);
    return input;
}

static void a_good_packet_is_taken_with_its_payload(void **state)
{
    (void)state;
    gdb_reader_init(&reader);
    size_t used;
    assert_int_equal(feed_all("+$qSupported#37rest", &used), GDB_INPUT_PACKET);
    assert_string_equal(reader.payload, "qSupported");
    assert_int_equal(used, strlen("+$qSupported#37"));
}

static void a_wrong_or_garbled_checksum_is_refused(void **state)
{
    (void)state;
    gdb_reader_init(&reader);
    size_t used;
    assert_int_equal(feed_all("$g#00", &used), GDB_INPUT_BAD_CHECKSUM);
    assert_int_equal(feed_all("$g#6z", &used), GDB_INPUT_BAD_CHECKSUM);
    assert_int_equal(feed_all("$g#x7", &used), GDB_INPUT_BAD_CHECKSUM);
    assert_int_equal(feed_all("$g#67", &used), GDB_INPUT_PACKET); /* and the next is fine */
}

static void ctrl_c_between_packets_is_an_interrupt(void **state)
{
    (void)state;
    gdb_reader_init(&reader);
    size_t used;
    assert_int_equal(feed_all("++\x03", &used), GDB_INPUT_INTERRUPT);
    assert_int_equal(used, 3);
}

static void a_packet_split_across_reads_is_assembled(void **state)
{
    (void)state;
    gdb_reader_init(&reader);
    size_t used;
    assert_int_equal(feed_all("$m8000", &used), GDB_INPUT_NONE);
    assert_int_equal(feed_all("0000,4#", &used), GDB_INPUT_NONE);
    assert_int_equal(feed_all("5", &used), GDB_INPUT_NONE);
    assert_int_equal(feed_all("5", &used), GDB_INPUT_PACKET);
    assert_string_equal(reader.payload, "m80000000,4");
}

static void an_overlong_packet_is_reported_not_overflowed(void **state)
{
    (void)state;
    static char bytes[GDB_PACKET_MAX + 64];
    gdb_reader_init(&reader);
    size_t n = 0;
    unsigned sum = 0;
    bytes[n++] = '$';
    for (int i = 0; i < GDB_PACKET_MAX + 10; i++, sum += 'a')
        bytes[n++] = 'a';
    n += (size_t)snprintf(bytes + n, sizeof bytes - n, "#%02x", sum & 0xff);
    enum gdb_input input;
    assert_int_equal(gdb_reader_feed(&reader, bytes, n, &input), n);
    assert_int_equal(input, GDB_INPUT_OVERLONG);
    assert_int_equal(strlen(reader.payload), GDB_PACKET_MAX);
}

static void frames_carry_their_checksum(void **state)
{
    (void)state;
    char out[24];
    assert_int_equal(gdb_packet_frame("OK", out, sizeof out), 6);
    assert_string_equal(out, "$OK#9a");
    assert_int_equal(gdb_packet_frame("0123456789abcdef0123", out, sizeof out), 0); /* no room */
    gdb_reader_init(&reader);
    size_t used;
    gdb_packet_frame("T05thread:3;", out, sizeof out);
    assert_int_equal(feed_all(out, &used), GDB_INPUT_PACKET);
    assert_string_equal(reader.payload, "T05thread:3;");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_good_packet_is_taken_with_its_payload),
        cmocka_unit_test(a_wrong_or_garbled_checksum_is_refused),
        cmocka_unit_test(ctrl_c_between_packets_is_an_interrupt),
        cmocka_unit_test(a_packet_split_across_reads_is_assembled),
        cmocka_unit_test(an_overlong_packet_is_reported_not_overflowed),
        cmocka_unit_test(frames_carry_their_checksum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
