#!/bin/sh
# Runs uart_echo.elf on a pseudo-terminal (made by script(1)) and checks that vmsim puts it
# into raw mode while the guest reads it and gives it back its own mode afterwards, read
# with `stty -g` before and after.
#   terminal.sh VMSIM UART_ECHO_ELF echo|quit|sigterm|two
#     echo     types "ab", Ctrl-C, "cd", Ctrl-A Ctrl-A, "." : Ctrl-C and one Ctrl-A reach
#              the guest as bytes 3 and 1; the guest ends the run (status 0)
#     quit     types "ab", Ctrl-A x: vmsim quits with status 123
#     sigterm  SIGTERM while the guest waits for input: vmsim dies of it (143)
#     two      a second vmsim starts on the terminal while the first has it in raw mode
#              (as under ctest -j); both get SIGTERM, the first one first
set -u
vmsim=$1 elf=$2 how=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-terminal.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/image_tools.sh"
support=$(cd "$(dirname "$0")/../../support" && pwd)
. "$support/wait_for_line.sh"

# The command run on the terminal; it reports the terminal mode before and after vmsim.
# $4 is the file the terminal's output goes to: it waits there for the guest's
# "echo: ready", shown once vmsim has put the terminal into raw mode.
cat > "$work/on_terminal.sh" <<'END'
. "$5"
output=$4
before=$(stty -g)
case $3 in
sigterm)
    # Explicitly from the terminal: a background job would get /dev/null otherwise.
    "$1" --max-instructions 10G "$2" < /dev/tty &
    pid=$!
    wait_for_line "$output" "echo: ready" "$pid"
    kill -s TERM "$pid"
    wait "$pid"
    status=$? ;;
two)
    "$1" --max-instructions 10G "$2" < /dev/tty &
    first=$!
    wait_for_line "$output" "echo: ready" "$first"
    "$1" --max-instructions 10G "$2" < /dev/tty &
    second=$!
    wait_for_line "$output" "echo: ready" "$second" 2
    kill -s TERM "$first"
    wait "$first"
    kill -s TERM "$second"
    wait "$second"
    status=$? ;;
*)
    "$1" --max-instructions 10G "$2"
    status=$? ;;
esac
after=$(stty -g)
echo "vmsim status: $status"
if [ "$before" = "$after" ]; then echo "terminal mode restored"; else echo "terminal mode changed"; fi
END

case $how in
echo) input='ab\003cd\001\001.' ;;
quit) input='ab\001x' ;;
sigterm|two) input='' ;;
*) echo "terminal.sh: unknown case '$how'" >&2; exit 2 ;;
esac
# The input goes in once the guest's "echo: ready" is on the terminal: vmsim shows it when
# the guest waits for input, after it enabled its receive interrupt and so put the
# terminal into raw mode. In the terminal's own mode Ctrl-C would be a signal and the bytes
# would be echoed. script's input stays open until the run has reported its status, so an
# end of input never reaches the terminal while vmsim still reads it.
: > "$work/stdout"
mkfifo "$work/input"
script -qec "sh $work/on_terminal.sh $vmsim $elf $how $work/stdout $support/wait_for_line.sh" /dev/null \
    < "$work/input" > "$work/stdout" 2> "$work/stderr" &
script_pid=$!
exec 3> "$work/input"
wait_for_line "$work/stdout" "echo: ready" "$script_pid" && printf "$input" >&3
wait_for_line "$work/stdout" "terminal mode" "$script_pid"
exec 3>&-
wait "$script_pid"
status=$?
show_run "script -qec 'vmsim uart_echo.elf' with input '$input'"
expect_status 0
expect_stdout_has "echo: ready"
expect_stdout_has "terminal mode restored"
case $how in
echo)
    expect_stdout_has "vmsim status: 0"
    expect_stdout_has "$(printf 'AB\003CD\001')"
    expect_stdout_has "echo: 6 bytes in "
    ;;
quit)
    expect_stdout_has "vmsim status: 123"
    expect_stdout_has "vmsim: quit (Ctrl-A x"
    ;;
sigterm|two)
    expect_stdout_has "vmsim status: 143"
    expect_stdout_has "vmsim: stopped by SIGTERM"
    ;;
esac
finish
