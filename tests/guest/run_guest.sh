#!/bin/sh
# Runs vmsim (or any command) for a guest-level test and judges the run by its exit status,
# standard output, standard error and trace. POSIX sh, grep and sed only, so that the tests
# need no Python. The one runner of the guest, os and userland layers: cmake/VmsimTests.cmake's
# vmsim_add_guest_test calls it with the test's CHECKs.
#
#   run_guest.sh [check]... -- COMMAND [ARGUMENT]...
#
# standard input (at most one of these; without, COMMAND reads /dev/null):
#   --input TEXT        TEXT (printf %b escapes: \n, \003 for Ctrl-C) through a pipe
#   --input-file FILE   FILE itself
#   --input-letters N   N bytes of "abcdefghi\n" repeated, then ".", through a pipe
#   --wait-for ERE --then TEXT
#                       --input's TEXT first (if given), then, once a line of the output
#                       matches ERE, TEXT: so a byte such as Ctrl-C comes after the guest
#                       is ready for it. ERE must not match the console's echo of typed
#                       input. The test's time limit bounds a guest that never prints it.
#   --wait-for ERE --then-late TEXT
#                       the same, but TEXT goes at least a second after the line (for a
#                       test of vmsim waiting for input in real time)
# checks:
#   --status N          the exit status must be N (default 0)
#   --line ERE          a line of standard output or error must match ERE (grep -E)
#   --no-line ERE       no line of standard output or error may match ERE
#   --stdout-has TEXT   standard output must contain TEXT (may be given several times)
#   --stdout-is TEXT    standard output must equal TEXT (trailing newlines ignored)
#   --stderr-has TEXT   standard error must contain TEXT (may be given several times)
#   --stderr-is TEXT    standard error must equal TEXT (trailing newlines ignored)
#   --stderr-lines N    standard error must have exactly N lines
#   --stdout-number-at-most TEXT MAX
#                       standard output must contain TEXT followed by a number <= MAX
#   --same-twice        run the command twice: standard output and the counts that
#                       --stats prints (instructions, traps, cycles, mtime) must not change
#   --trace-matches ERE some line of the trace must match the extended regular expression
#                       (may be given several times); COMMAND must be vmsim, and the runner
#                       adds --trace FILE --trace-interval 1000 right after it

set -u

work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-guest-test.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

expected_status=0
input_mode=none
input=
wait_for=
later_input=
later_delay=0
stderr_lines=
same_twice=0
tracing=0
checks=0

# Each text check goes to its own file, as sh has no arrays to keep them in.
add_check() {
    checks=$((checks + 1))
    printf '%s' "$2" > "$work/check.$checks.$1"
}

while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case $1 in
    --status) expected_status=$2; shift 2 ;;
    --input) [ "$input_mode" = wait ] || input_mode=text; input=$2; shift 2 ;;
    --input-file) input_mode=file; input=$2; shift 2 ;;
    --input-letters) input_mode=letters; input=$2; shift 2 ;;
    --wait-for) input_mode=wait; wait_for=$2; shift 2 ;;
    --then) later_input=$2; shift 2 ;;
    --then-late) later_input=$2; later_delay=1; shift 2 ;;
    --line) add_check line "$2"; shift 2 ;;
    --no-line) add_check no-line "$2"; shift 2 ;;
    --stdout-has) add_check stdout-has "$2"; shift 2 ;;
    --stdout-is) add_check stdout-is "$2"; shift 2 ;;
    --stderr-has) add_check stderr-has "$2"; shift 2 ;;
    --stderr-is) add_check stderr-is "$2"; shift 2 ;;
    --stderr-lines) stderr_lines=$2; shift 2 ;;
    --stdout-number-at-most)
        add_check stdout-number "$2"
        printf '%s' "$3" > "$work/limit.$checks"
        shift 3 ;;
    --same-twice) same_twice=1; shift ;;
    --trace-matches) add_check trace-matches "$2"; tracing=1; shift 2 ;;
    *) echo "run_guest.sh: unknown check '$1'" >&2; exit 2 ;;
    esac
done
if [ $# -lt 2 ]; then
    echo "run_guest.sh: usage: run_guest.sh [check]... -- COMMAND [ARGUMENT]..." >&2
    exit 2
fi
shift
if [ "$tracing" -eq 1 ]; then
    vmsim=$1
    shift
    set -- "$vmsim" --trace "$work/trace.jsonl" --trace-interval 1000 "$@"
fi

failures=0
fail() {
    echo "FAILED: $*"
    failures=$((failures + 1))
}

# run_once OUT ERR COMMAND...: runs COMMAND with the input asked for; leaves its exit
# status in $status.
run_once() {
    out=$1 err=$2
    shift 2
    case $input_mode in
    none) "$@" > "$out" 2> "$err" < /dev/null ;;
    text) printf '%b' "$input" | "$@" > "$out" 2> "$err" ;;
    file) "$@" > "$out" 2> "$err" < "$input" ;;
    letters) { yes abcdefghi | head -c "$input"; printf .; } | "$@" > "$out" 2> "$err" ;;
    wait)
        rm -f "$work/input"
        mkfifo "$work/input" || exit 2
        "$@" > "$out" 2> "$err" < "$work/input" &
        pid=$!
        # A guest that ended early must not kill this script when it writes.
        trap '' PIPE
        exec 3> "$work/input"
        printf '%b' "$input" >&3
        until grep -Eq -- "$wait_for" "$out" "$err"; do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if grep -Eq -- "$wait_for" "$out" "$err"; then
            [ "$later_delay" -eq 0 ] || sleep "$later_delay"
            printf '%b' "$later_input" >&3
        else
            echo "FAILED: the run ended before a line matched: $wait_for"
            failures=$((failures + 1))
        fi
        exec 3>&-
        trap - PIPE
        wait "$pid"
        ;;
    esac
    status=$?
}

run_once "$work/stdout" "$work/stderr" "$@"
echo "command: $*"
echo "exit status: $status"
echo "--- stdout ---"
cat "$work/stdout"
echo "--- stderr ---"
cat "$work/stderr"
echo "--------------"

[ "$status" -eq "$expected_status" ] ||
    fail "exit status $status, expected $expected_status"

stdout=$(cat "$work/stdout")
stderr=$(cat "$work/stderr")
for file in "$work"/check.*; do
    [ -e "$file" ] || continue
    text=$(cat "$file")
    case $file in
    *.stdout-has)
        case $stdout in *"$text"*) ;; *) fail "stdout does not contain: $text" ;; esac ;;
    *.stdout-is)
        [ "$stdout" = "$text" ] || fail "stdout is not exactly: $text" ;;
    *.stderr-has)
        case $stderr in *"$text"*) ;; *) fail "stderr does not contain: $text" ;; esac ;;
    *.stderr-is)
        [ "$stderr" = "$text" ] || fail "stderr is not exactly: $text" ;;
    *.line)
        cat "$work/stdout" "$work/stderr" | grep -Eq -- "$text" || fail "no line matches: $text" ;;
    *.no-line)
        ! cat "$work/stdout" "$work/stderr" | grep -Eq -- "$text" ||
            fail "a line matches what must not appear: $text" ;;
    *.stdout-number)
        number_of_check=${file#"$work"/check.}
        limit=$(cat "$work/limit.${number_of_check%.stdout-number}")
        case $stdout in
        *"$text"[0-9]*)
            rest=${stdout#*"$text"}
            number=${rest%%[!0-9]*}
            [ -n "$number" ] && [ "$number" -le "$limit" ] ||
                fail "stdout has $text$number, more than $limit" ;;
        *) fail "stdout does not contain: $text followed by a number" ;;
        esac ;;
    *.trace-matches)
        if [ ! -s "$work/trace.jsonl" ]; then
            fail "no trace written"
        elif line=$(grep -E -m 1 -e "$text" "$work/trace.jsonl"); then
            echo "trace line matching $text:"
            echo "  $line"
        else
            fail "no trace line matches: $text"
        fi ;;
    esac
done

if [ "$tracing" -eq 1 ] && [ -s "$work/trace.jsonl" ]; then
    echo "trace: $(wc -l < "$work/trace.jsonl") lines; events:"
    sed -n 's/^{"ev":"\([a-z_]*\)".*/\1/p' "$work/trace.jsonl" | sort | uniq -c
fi

if [ -n "$stderr_lines" ]; then
    lines=$(wc -l < "$work/stderr")
    [ "$lines" -eq "$stderr_lines" ] || fail "stderr has $lines lines, expected $stderr_lines"
fi

# The counts on vmsim's --stats output, one "name N" per line; the host time and speed
# that come with them vary from run to run.
stats_counts() {
    for name in instructions traps cycles mtime; do
        sed -n "s/^\(.*[^a-z]\)\{0,1\}$name \([0-9][0-9]*\).*$/$name \2/p" "$1" | head -n 1
    done
}

if [ "$same_twice" -eq 1 ]; then
    first_status=$status
    run_once "$work/stdout2" "$work/stderr2" "$@"
    status2=$status
    status=$first_status
    first=$(stats_counts "$work/stderr")
    second=$(stats_counts "$work/stderr2")
    echo "first run: " $first
    echo "second run:" $second "(exit status $status2)"
    case $first in *instructions*) ;; *) fail "no instruction count on stderr" ;; esac
    [ "$status2" -eq "$status" ] ||
        fail "the second run exited with $status2, the first with $status"
    [ "$first" = "$second" ] || fail "the two runs counted differently"
    cmp -s "$work/stdout" "$work/stdout2" || fail "the two runs printed different output"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all checks passed"
exit 0
