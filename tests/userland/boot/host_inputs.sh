#!/bin/sh
# host_inputs.sh VMSIM VMSIM_FS USER_DIR BARE_METAL_ELF README
# What the user names on the host is checked before anything can block or be changed:
# FIFOs and devices are refused in one line with status 66 (a FIFO with no writer would
# hang an open or a read); options are named in their errors (64); a guest OS program's
# arguments beyond the kernel's command line are refused (64), not dropped; host out of
# memory is 71. ctest's time limit catches a hang.
set -u
vmsim=$1 fs=$2 user=$3 bare=$4 readme=$5
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect STATUS PATTERN COMMAND...: the status, exactly one line on stderr, matching PATTERN.
expect() {
    want=$1 pattern=$2
    shift 2
    "$@" >"$dir/out" 2>"$dir/err" </dev/null
    got=$?
    echo "--- $*: status $got"
    cat "$dir/err"
    [ "$got" -eq "$want" ] || fail "$* exited $got, expected $want"
    [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "$*: expected one line on standard error"
    grep -Eq -- "$pattern" "$dir/err" || fail "$*: stderr does not match $pattern"
}
mkfifo "$dir/fifo"
hello=$user/hello.elf
expect 66 "fifo: not a regular file \\(a FIFO\\)" "$vmsim" "$dir/fifo"
expect 66 "fifo: not a regular file" "$vmsim" --disk "$dir/fifo" "$hello"
expect 66 "fifo: not a regular file" "$vmsim" --disk "$dir/fifo" "$bare"
expect 66 "fifo: not a regular file" "$vmsim" --disk-read-only --disk "$dir/fifo" "$bare"
expect 66 "--kernel .*fifo: not a regular file" "$vmsim" --kernel "$dir/fifo" "$hello"
expect 66 "/dev/null: not a regular file \\(a character device\\)" "$vmsim" /dev/null
expect 66 "not a regular file \\(a directory\\)" "$vmsim" "$dir"
expect 66 "fifo: not a regular file \\(a FIFO\\)" "$fs" ls "$dir/fifo"
expect 66 "fifo: not a regular file \\(a FIFO\\)" "$fs" check "$dir/fifo"
"$fs" create "$dir/disk.img" --size 2 >/dev/null || fail "vmsim-fs create"
cp "$dir/disk.img" "$dir/disk-before.img"
expect 66 "fifo: not a regular file \\(a FIFO\\)" "$fs" put "$dir/disk.img" "$dir/fifo" /x
cmp -s "$dir/disk.img" "$dir/disk-before.img" || fail "a refused put changed the image"
# Option errors name the option as typed.
expect 64 "option '--disk' wants a value" "$vmsim" --disk
expect 64 "option '--stats' takes no value" "$vmsim" --stats=3 "$bare"
expect 64 "option '--frobnicate' is unknown" "$vmsim" --frobnicate "$bare"
expect 64 "option '-m' wants a value" "$vmsim" -m
# Arguments: as many as the kernel's command line holds (4096 bytes) reach the program,
# and past that vmsim refuses them instead of letting the guest drop them.
set -- $(seq 1 500)
"$vmsim" --headless "$user/echo.elf" "$@" >"$dir/out" 2>&1 || fail "500 arguments did not run"
grep -qx "$*" "$dir/out" || fail "500 arguments did not all arrive"
long=$(head -c 5000 /dev/zero | tr '\0' a)
expect 64 "the arguments make the kernel's command line longer than [0-9]+ bytes" "$vmsim" "$user/echo.elf" "$long"
# Host out of memory: guest RAM that cannot be had (not under AddressSanitizer, whose
# shadow memory alone is more than the limit).
[ -n "${VMSIM_SANITIZED:-}" ] && echo "host_inputs: out-of-memory case skipped under the sanitizers" ||
expect 71 "cannot allocate 2048 MiB of guest RAM" sh -c 'ulimit -v 400000 && exec "$@"' limit "$vmsim" --memory 2048 "$bare"
# One table of exit statuses: the README's lists the same statuses as --help's.
"$vmsim" --help | sed -n '/^Exit status:/,/^$/p' | sed -n 's/^  \([0-9][-0-9+N]*\) .*/\1/p' >"$dir/help-statuses"
sed -n 's/^| \([0-9][-0-9+N]*\) | .*/\1/p' "$readme" >"$dir/readme-statuses"
echo "--- exit statuses in --help: $(tr '\n' ' ' <"$dir/help-statuses")"
[ -s "$dir/help-statuses" ] && cmp -s "$dir/help-statuses" "$dir/readme-statuses" ||
    fail "the README's exit statuses ($(tr '\n' ' ' <"$dir/readme-statuses")) differ from --help's"
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "host_inputs: ok"
