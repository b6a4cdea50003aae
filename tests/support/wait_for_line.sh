# Sourced by test scripts. wait_for_line FILE PATTERN PID [COUNT]: waits until COUNT lines
# (default 1) of FILE match PATTERN (grep's basic syntax) and returns 0; returns 1 if
# process PID ended without writing them, or after five minutes (a hung process). Tests
# wait for a line the program prints, never for a time, and never for the terminal's echo
# of their input.
wait_for_line() {
    _tries=0
    until _wait_for_line_seen "$1" "$2" "${4:-1}"; do
        if ! kill -0 "$3" 2>/dev/null || [ "$_tries" -ge 3000 ]; then
            _wait_for_line_seen "$1" "$2" "${4:-1}"
            return
        fi
        sleep 0.1
        _tries=$((_tries + 1))
    done
}

# True if at least $3 lines of file $1 match $2 (a file not yet written has none).
_wait_for_line_seen() {
    _seen=$(grep -c -- "$2" "$1" 2>/dev/null)
    [ "${_seen:-0}" -ge "$3" ]
}
