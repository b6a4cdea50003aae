#!/bin/sh
# The shell on a terminal (a pseudo-terminal made by script(1)) stays interactive: it
# prompts, the console echoes what is typed and edits the line (backspace), and isatty(0)
# says yes. The counterpart of userland/piped_input_*, where standard input is a pipe.
#   terminal_session.sh VMSIM USER_DIR
set -u
vmsim=$1 user=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-session.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../support/wait_for_line.sh"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Each line is typed once the shell has prompted for it (the Nth prompt: its last line,
# with no newline yet, counts for grep), so vmsim has the terminal in raw mode by then
# (the terminal itself would echo otherwise) and the echo follows the prompt. script's
# input stays open until the shell has exited.
: > "$work/out"
mkfifo "$work/input"
script -qec "$vmsim --headless --max-instructions 4000M $user/sh.elf" /dev/null \
    < "$work/input" > "$work/out" 2>&1 &
script_pid=$!
exec 3> "$work/input"
wait_for_line "$work/out" '^/\$ ' "$script_pid" 1 && printf 'tty\n' >&3
wait_for_line "$work/out" '^/\$ ' "$script_pid" 2 && printf 'echo helo\bp\n' >&3
wait_for_line "$work/out" '^/\$ ' "$script_pid" 3 && printf 'exit 4\n' >&3
wait "$script_pid"
status=$?
exec 3>&-
tr -d '\r' < "$work/out" > "$work/lines"
echo "--- the session (status $status):"
od -c "$work/lines" | head -30
[ "$status" -eq 4 ] || fail "exit status $status, expected 4 (exit 4)"
# The prompt with the command typed after it: the shell prompted and the console echoed.
grep -qx '/\$ tty' "$work/lines" || fail "no prompt followed by the echoed 'tty'"
grep -qx '/dev/console' "$work/lines" || fail "tty did not say /dev/console (isatty(0) is 1)"
# Backspace erased the o on the screen (backspace, space, backspace) and in the line.
grep -q "^/\\$ echo helo$(printf '\b \b')p\$" "$work/lines" || fail "the erase was not echoed"
grep -qx 'help' "$work/lines" || fail "the edited line did not reach the shell as 'echo help'"
grep -qx '/\$ exit 4' "$work/lines" || fail "no echoed 'exit 4' after a prompt"
if [ "$failures" -ne 0 ]; then
    echo "terminal_session.sh: $failures check(s) failed"
    exit 1
fi
echo "terminal_session.sh: passed"
