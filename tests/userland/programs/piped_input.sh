#!/bin/sh
# Standard input that is not a terminal reaches the guest as a pipe (console=pipe), as
# `prog < file` or `cmd | prog` behave on Unix: nothing is echoed, every byte arrives as
# sent, the end of the input is the end of file, the shell prints no prompts and isatty(0)
# says no. Judged by exact standard output.
#   piped_input.sh CASE VMSIM USER_DIR
#     count     20000 lines into wc: only the count comes out
#     bytes     control bytes (Ctrl-C, Ctrl-D, backspace, Ctrl-U, CR, DEL) through cat
#               come out as they went in, and so does a last line without its newline;
#               then every byte value, 40 times over, in lines longer than the kernel's
#               256-byte line buffer
#     shell     a piped script: its commands' output, and no prompt or echoed line
#     tty       isatty(0) is 0 under a pipe; console=terminal makes it 1 again
set -u
case_name=$1 vmsim=$2 user=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-piped.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
VMSIM="$vmsim --headless --max-instructions 4000M"

# expect STATUS FILE: vmsim's status was STATUS ($status) and its output equals FILE.
expect() {
    [ "$status" -eq "$1" ] || fail "exit status $status, expected $1"
    if ! cmp -s out "$2"; then
        fail "standard output is not as expected"
        echo "--- expected:"; od -c "$2" | head -20
        echo "--- got:"; od -c out | head -20
    fi
}

case $case_name in
count)
    seq 1 20000 | $VMSIM "$user/wc.elf" > out
    status=$?
    printf '  20000   20000  108894\n' > expected
    expect 0 expected
    ;;
bytes)
    printf 'a\003b\004c\010d\025e\rf\177\n\004\nlast' > sent
    $VMSIM "$user/cat.elf" < sent > out
    status=$?
    expect 0 sent
    byte=0
    while [ $byte -lt 256 ]; do
        printf "\\$(printf %o $byte)"
        byte=$((byte + 1))
    done > every_byte
    for _ in $(seq 40); do cat every_byte; done > sent
    [ "$(wc -c < sent)" -eq 10240 ] || fail "the input is not 40 times 256 bytes"
    $VMSIM "$user/cat.elf" < sent > out
    status=$?
    expect 0 sent
    ;;
shell)
    printf 'echo one\nls /nosuch\ntty\necho "status $?"\nexit 3\n' | $VMSIM "$user/sh.elf" > out
    status=$?
    printf 'one\nls: /nosuch: No such file or directory\nnot a tty\nstatus 1\n' > expected
    expect 3 expected
    ;;
tty)
    echo | $VMSIM "$user/tty.elf" > out
    status=$?
    printf 'not a tty\n' > expected
    expect 1 expected
    # (No input at all: a terminal would echo it.)
    $VMSIM --append console=terminal "$user/tty.elf" < /dev/null > out
    status=$?
    printf '/dev/console\n' > expected
    expect 0 expected
    ;;
*)
    echo "piped_input.sh: unknown case '$case_name'" >&2
    exit 2
    ;;
esac
if [ "$failures" -ne 0 ]; then
    echo "piped_input.sh $case_name: $failures check(s) failed"
    exit 1
fi
echo "piped_input.sh $case_name: passed"
