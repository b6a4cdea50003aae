# Sourced by test scripts. wait_for_line FILE PATTERN PID: waits until a line of FILE
# matches PATTERN (grep's basic syntax) and returns 0; returns 1 if process PID ended
# without writing it, or after five minutes (a hung process). Tests wait for a line
# the program prints, never for a time, and never for the terminal's echo of their input.
wait_for_line() {
    _tries=0
    until grep -q -- "$2" "$1" 2>/dev/null; do
        if ! kill -0 "$3" 2>/dev/null || [ "$_tries" -ge 3000 ]; then
            grep -q -- "$2" "$1" 2>/dev/null
            return
        fi
        sleep 0.1
        _tries=$((_tries + 1))
    done
}
