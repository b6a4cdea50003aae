#!/bin/sh
# exit_statuses.sh VMSIM GUEST_TEST_DIR OS_USER_DIR UART_ECHO_ELF TESTS_SOURCE_DIR
# Every exit status in --help's table is produced here, by the way a user meets it, and
# each run says why in exactly one line on stderr (none for a pass). A status added to the
# table without a case here fails this test, and so does a case whose status left the table.
set -u
. "$(dirname "$0")/../../support/wait_for_line.sh"
vmsim=$1 guest=$2 user=$3 uart_echo=$4 tests=$5
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
produced=""
# produce STATUS STDERR_LINES COMMAND...: runs COMMAND with no input and checks its status.
produce() {
    want=$1 lines=$2
    shift 2
    "$@" >"$dir/out" 2>"$dir/err" </dev/null
    check "$want" "$lines" $? "$*"
}
check() {
    want=$1 lines=$2 got=$3 what=$4
    echo "--- status $got (want $want): $what"
    cat "$dir/err"
    [ "$got" -eq "$want" ] || fail "$what exited $got, expected $want"
    [ "$(wc -l <"$dir/err")" -eq "$lines" ] || fail "$what: expected $lines line(s) on standard error"
    produced="$produced $want"
}

produce 0 0 "$vmsim" "$guest/test_hello.elf"
produce 42 1 "$vmsim" "$guest/test_exit_code.elf"
produce 64 1 "$vmsim" --frobnicate "$guest/test_hello.elf"
printf 'not a program\n' >"$dir/text"
produce 65 1 "$vmsim" "$dir/text"
produce 66 1 "$vmsim" "$dir/no-such-file.elf"
head -c 1000 /dev/urandom >"$dir/ragged.img"
cp "$dir/ragged.img" "$dir/ragged-before.img"
produce 67 1 "$vmsim" --disk "$dir/ragged.img" "$guest/test_hello.elf"
cmp -s "$dir/ragged.img" "$dir/ragged-before.img" || fail "the refused image was changed"
# No display: every way SDL could find one is taken away.
produce 69 1 env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=x11 "$vmsim" --window "$guest/test_hello.elf"
if [ -n "${VMSIM_SANITIZED:-}" ]; then
    # AddressSanitizer's shadow memory alone is more than any limit that would fail here.
    echo "--- status 71 not produced under the sanitizers"
    produced="$produced 71"
else
    produce 71 1 sh -c 'ulimit -v 400000 && exec "$@"' limit "$vmsim" --memory 2048 "$guest/test_hello.elf"
fi
mkdir -p "$dir/alone/os"
cp "$vmsim" "$dir/alone/vmsim"
produce 72 1 "$dir/alone/vmsim" --headless "$user/hello.elf"
cp "$(dirname "$vmsim")/os/kernel.elf" "$dir/alone/os/"
produce 73 1 "$dir/alone/vmsim" --headless "$user/hello.elf"
produce 121 1 "$vmsim" --max-instructions 10M "$guest/test_trap_loop.elf"
produce 122 1 "$vmsim" --max-instructions 10M "$guest/test_wfi_forever.elf"
# Ctrl-A x typed on a terminal quits (piped input is data, not keys): the terminal test
# types it on a pseudo-terminal once the guest waits for input, and checks the status.
sh "$tests/guest/devices/terminal.sh" "$vmsim" "$uart_echo" quit >"$dir/out" 2>"$dir/err"
[ $? -eq 0 ] && grep -q "vmsim status: 123" "$dir/out" && produced="$produced 123" ||
    { cat "$dir/out" "$dir/err"; fail "Ctrl-A x on a terminal did not end vmsim with 123"; }
# gdb's kill: the protocol test ends its session with 'k' and checks the status.
python3 "$tests/guest/debug/protocol_errors.py" "$vmsim" "$guest/test_hello.elf" >"$dir/out" 2>&1 &&
    produced="$produced 125" || { cat "$dir/out"; fail "kill from the debugger did not end vmsim with 125"; }
# A signal while a guest OS program waits for console input (it has answered one line):
# 128 + SIGHUP's number.
mkfifo "$dir/input"
{ echo first; exec sleep 600; } >"$dir/input" &
holder=$!
"$vmsim" --max-instructions 10000M "$user/echolines.elf" <"$dir/input" >"$dir/out" 2>"$dir/err" &
pid=$!
wait_for_line "$dir/out" "^1: first$" "$pid" || fail "echolines never answered its first line"
kill -HUP "$pid"
wait "$pid"
check 129 1 $? "vmsim, then SIGHUP"
kill "$holder" 2>/dev/null
produce 124 1 "$vmsim" --max-instructions 1000 "$guest/test_endless_loop.elf"

# The table in --help, as statuses ("1-255" stands for any guest code: 42 above; "128+N"
# for a signal: SIGHUP above).
"$vmsim" --help | sed -n '/^Exit status:/,/^$/p' | sed -n 's/^  \([0-9][-0-9+N]*\) .*/\1/p' |
    sed 's/^1-255$/42/; s/^128+N$/129/' | sort -n >"$dir/table"
echo "$produced" | tr ' ' '\n' | sed '/^$/d' | sort -n >"$dir/produced"
echo "--- table: $(tr '\n' ' ' <"$dir/table")"
[ -s "$dir/table" ] || fail "no exit-status table in --help"
cmp -s "$dir/table" "$dir/produced" ||
    fail "statuses in --help's table ($(tr '\n' ' ' <"$dir/table")) differ from those produced ($(tr '\n' ' ' <"$dir/produced"))"
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "exit_statuses: every status in the table was produced"
