#!/bin/sh
# Runs disk_writer.elf, which writes groups of 8 sectors over and over, and ends the run in
# one of several ways; then checks from the host that every group in the image is whole
# (all its 4096 bytes from the same pass) and that the guest's writes are there.
#   disk_writer.sh VMSIM DISK_WRITER_ELF TERM|INT|HUP|trap-loop|create
#     TERM, INT, HUP  send the signal once the first pass is done: vmsim must die of it
#     trap-loop       the guest jumps to 0 after three passes: exit 121
#     create          --disk-create makes the image (zeros: the guest hangs after three
#                     passes, exit 122)
set -u
vmsim=$1 elf=$2 how=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-disk-writer.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/image_tools.sh"
. "$(dirname "$0")/../../support/wait_for_line.sh"

# Sector 0 (the orders) and 16 groups of 8 sectors.
groups=16
image=$work/disk.img
make_orders() {
    { printf '%s' "$1"; head -c $((511 + groups * 8 * 512)) /dev/zero; } > "$image"
}

case $how in
TERM|INT|HUP)
    make_orders F
    "$vmsim" --disk "$image" "$elf" > "$work/stdout" 2> "$work/stderr" < /dev/null &
    pid=$!
    # Wait for the first whole pass, so that the signal lands mid-run, however slow the
    # machine is (ctest's timeout bounds a run that never gets there).
    if ! wait_for_line "$work/stdout" "first pass done" "$pid"; then
        kill -s KILL "$pid" 2>/dev/null
        wait "$pid"
        status=$?
        show_run "vmsim --disk disk.img disk_writer.elf"
        fail "vmsim never finished its first pass"
        finish
    fi
    kill -s "$how" "$pid"
    wait "$pid"
    status=$?
    show_run "vmsim --disk disk.img disk_writer.elf, then SIG$how"
    case $how in TERM) signal=15 ;; INT) signal=2 ;; HUP) signal=1 ;; esac
    expect_status $((128 + signal))
    expect_stdout_has "writer: first pass done"
    expect_stderr_has "vmsim: stopped by SIG$how"
    expect_stderr_lines 1
    ;;
trap-loop)
    make_orders T
    run_vmsim "$vmsim" --max-instructions 200M --disk "$image" "$elf"
    expect_status 121
    expect_stdout_has "writer: jumping to address 0"
    ;;
create)
    image=$work/new.img
    run_vmsim "$vmsim" --max-instructions 200M --disk "$image" --disk-create 66048 "$elf"
    expect_status 122
    expect_stdout_has "writer: waiting for nothing"
    size=$(wc -c < "$image")
    [ "$size" -eq 66048 ] || fail "the created image has $size bytes, not 66048"
    ;;
*)
    echo "disk_writer.sh: unknown case '$how'" >&2
    exit 2
    ;;
esac

# One line per group: its 4096 byte values. A group is whole if they are all the same.
dd if="$image" bs=512 skip=1 2>/dev/null | od -An -v -tu1 -w4096 > "$work/groups"
lines=$(wc -l < "$work/groups")
[ "$lines" -eq "$groups" ] || fail "the image holds $lines groups, expected $groups"
torn=$(awk '{ for (i = 2; i <= NF; i++) if ($i != $1) { print NR; break } }' "$work/groups")
[ -z "$torn" ] || fail "groups written in part: $torn"
passes=$(awk '{ print $1 }' "$work/groups" | sort -u | tr '\n' ' ')
echo "passes found in the groups: $passes"
case $how in
TERM|INT|HUP)
    # Every group was written at least once (the first pass was done), so none is 0.
    awk '$1 == 0 { exit 1 }' "$work/groups" || fail "a group the first pass wrote is zero"
    ;;
*)
    [ "$passes" = "3 " ] || fail "after three passes every group should hold 3"
    ;;
esac
finish
