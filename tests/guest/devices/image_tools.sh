# Shell functions the disk test scripts share (POSIX sh, coreutils): making images and
# reporting failures. Source it after setting $work.

failures=0
fail() {
    echo "FAILED: $*"
    failures=$((failures + 1))
}

finish() {
    if [ "$failures" -ne 0 ]; then
        echo "$failures check(s) failed"
        exit 1
    fi
    echo "all checks passed"
    exit 0
}

# make_text_image FILE SECTORS: sector s holds "sector SSSS of the vmsim image.\n" 16 times.
make_text_image() {
    s=0
    while [ "$s" -lt "$2" ]; do
        line=$(printf 'sector %04d of the vmsim image.' "$s")
        i=0
        while [ "$i" -lt 16 ]; do
            printf '%s\n' "$line"
            i=$((i + 1))
        done
        s=$((s + 1))
    done > "$1"
}

# run_vmsim VMSIM ARGS...: runs vmsim with stdout and stderr to $work, shows them, and
# leaves the exit status in $status.
run_vmsim() {
    "$@" > "$work/stdout" 2> "$work/stderr" < /dev/null
    status=$?
    show_run "$*"
}

show_run() {
    echo "command: $1"
    echo "exit status: $status"
    echo "--- stdout ---"
    cat "$work/stdout"
    echo "--- stderr ---"
    cat "$work/stderr"
    echo "--------------"
}

expect_status() {
    [ "$status" -eq "$1" ] || fail "exit status $status, expected $1"
}

expect_stdout_has() {
    grep -qF -- "$1" "$work/stdout" || fail "stdout does not contain: $1"
}

expect_stderr_has() {
    grep -qF -- "$1" "$work/stderr" || fail "stderr does not contain: $1"
}

expect_stderr_lines() {
    lines=$(wc -l < "$work/stderr")
    [ "$lines" -eq "$1" ] || fail "stderr has $lines lines, expected $1"
}
