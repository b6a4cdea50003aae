#!/bin/sh
# End-to-end runs of `vmsim prog.elf` and `vmsim` alone (the guest OS boot path):
#   os_boot.sh CASE VMSIM VMSIM_FS USER_DIR
# USER_DIR holds the guest programs (build/os/user); vmsim finds its kernel and root image
# itself. Every run gets its own TMPDIR, which must be empty afterwards (the private copy
# of the root image never outlives vmsim).
set -u
. "$(dirname "$0")/../../support/wait_for_line.sh"
case_name=$1 vmsim=$2 fs=$3 user=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/vmsim-os-boot.XXXXXX") || exit 2
trap 'kill "$holder" 2>/dev/null; rm -rf "$work"' EXIT
holder=""
mkdir "$work/tmp"
export TMPDIR="$work/tmp"
cd "$work" || exit 2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
LIMIT="--headless --max-instructions 4000M"

# run STATUS ARGS...: vmsim ARGS with no input; output in out, errors in err.
run() {
    want=$1
    shift
    "$vmsim" $LIMIT "$@" > out 2> err < /dev/null
    got=$?
    echo "--- vmsim $*: status $got"
    cat out err
    [ "$got" -eq "$want" ] || fail "vmsim $* exited $got, expected $want"
}
has() { grep -Eq -- "$2" "$1" || fail "no line of $1 matches: $2"; }
one_error_line() { [ "$(wc -l < err)" -eq 1 ] || fail "expected exactly one line on standard error"; }
no_temporary_left() {
    [ -z "$(ls -A "$TMPDIR")" ] || fail "left behind in TMPDIR: $(ls -A "$TMPDIR")"
}

case $case_name in
hello)
    run 0 "$user/hello.elf" world
    has out "^hello from pid [0-9]+: .*hello world$"
    ;;
args)
    # Arguments reach the program (hello prints them) and the kernel options too; vmsim
    # refuses a kernel option the kernel does not have, or a value it does not take
    # (src/os/abi/kernel_options.h), before it boots.
    run 0 --append "sched=priority slice=20" "$user/hello.elf" one two=2 three
    has out "^hello from pid [0-9]+: .*hello one two=2 three$"
    # Words after the program's name are its own, even those that look like kernel options.
    run 0 "$user/hello.elf" quiet sched=rr console=terminal
    has out "^hello from pid [0-9]+: .*hello quiet sched=rr console=terminal$"
    run 64 --append sched=nosuch "$user/hello.elf"
    has err "kernel option sched wants rr\|priority, not 'nosuch'"
    one_error_line
    run 64 --append "slice=5 schde=rr" "$user/hello.elf"
    has err "the kernel has no option 'schde'"
    one_error_line
    run 64 --append slice=0 "$user/hello.elf"
    has err "kernel option slice wants 1..1000, not '0'"
    one_error_line
    run 64 --append console=raw "$user/hello.elf"
    has err "kernel option console wants terminal\|pipe, not 'raw'"
    one_error_line
    run 64 "$user/hello.elf" "two words"
    has err "printable words without spaces"
    one_error_line
    ;;
exit-status)
    # A program that is not built into the kernel runs from the disk; its exit status
    # (10 + argc) becomes vmsim's.
    run 14 "$user/boot_args.elf" one two=2 three
    has out "^boot_args: argc=4$"
    has out "^boot_args: argv\[0\]=.*boot_args$"
    has out "^boot_args: argv\[1\]=one$"
    has out "^boot_args: argv\[2\]=two=2$"
    has out "^boot_args: argv\[3\]=three$"
    ;;
no-program)
    # The guest OS boots with no program named (init then runs the shell; shell-script
    # below checks that part).
    "$vmsim" $LIMIT > out 2> err < /dev/null
    echo "--- vmsim (no program): status $?"
    cat out err
    has out "^vmsim os: [0-9]+ KiB RAM"
    ;;
shell-script)
    # `vmsim` alone runs the shell on the console: a script on standard input, its output,
    # and the shell's exit status as vmsim's.
    printf 'echo one two\nls /home\ncat /home/numbers.txt | wc\nexit 3\n' > script
    "$vmsim" $LIMIT < script > out 2> err
    status=$?
    echo "--- vmsim < script: status $status"
    cat out err
    [ "$status" -eq 3 ] || fail "vmsim < script exited $status, expected 3"
    # Standard input is a file, not a terminal: no prompts, no echo of the script's lines.
    has out "^one two$"
    has out "^poem.txt"
    has out "^ *100 +100 +292"
    ! grep -q -e '\$ ' -e '^echo' -e '^exit' out || fail "a prompt or an echoed line in the output"
    ;;
errors)
    printf 'not an elf' > junk.elf
    run 65 junk.elf
    has err "junk.elf: not an ELF file"
    one_error_line
    run 66 --kernel no-such-kernel.elf "$user/hello.elf"
    has err "no-such-kernel.elf: cannot open"
    one_error_line
    head -c 65536 /dev/zero > zeros.img
    run 67 --disk zeros.img "$user/hello.elf"
    has err "zeros.img: not a vmsim file system"
    one_error_line
    # A consistent image with no room for the program.
    "$fs" create full.img --size 1 || fail "vmsim-fs create"
    head -c 900000 /dev/zero > filler
    "$fs" put full.img filler /filler || fail "vmsim-fs put"
    run 67 --disk full.img "$user/usertests.elf"
    has err "disk image too small: full.img has no room for"
    one_error_line
    # An image the checker refuses: a block marked free that a file uses.
    "$fs" create broken.img --size 1 || fail "vmsim-fs create"
    bitmap=$(od -An -tu4 -j $((1024 + 28)) -N4 broken.img | tr -d ' ')
    data=$(od -An -tu4 -j $((1024 + 32)) -N4 broken.img | tr -d ' ')
    # Clear the bitmap byte of the first data block (the root directory's).
    printf '\000' | dd of=broken.img bs=1 seek=$((bitmap * 1024 + data / 8)) conv=notrunc 2>/dev/null
    run 67 --disk broken.img "$user/hello.elf"
    has err "broken.img fails the file-system check: .*free"
    one_error_line
    # A vmsim with no kernel or image beside it.
    mkdir -p alone/os
    cp "$vmsim" alone/vmsim
    alone/vmsim --headless "$user/hello.elf" > out 2> err < /dev/null
    [ $? -eq 72 ] || fail "vmsim without a kernel: status not 72"
    has err "cannot find the guest OS kernel kernel.elf"
    one_error_line
    cp "$(dirname "$vmsim")/os/kernel.elf" alone/os/
    alone/vmsim --headless "$user/hello.elf" > out 2> err < /dev/null
    [ $? -eq 73 ] || fail "vmsim without a root image: status not 73"
    has err "cannot find the guest OS's root image rootfs.img"
    one_error_line
    # Arguments after a bare-metal program are refused.
    run 64 "$(dirname "$vmsim")/programs/demo.elf" extra
    ;;
sigterm-cleanup)
    # vmsim waits for console input; SIGTERM ends it (143) and nothing is left in TMPDIR.
    # The signal comes once the program has answered one line and waits for the next (its
    # answer "1: first" is what it prints, not the tty's echo of the input).
    mkfifo input
    { echo first; exec sleep 600; } > input &
    holder=$!
    "$vmsim" $LIMIT "$user/echolines.elf" < input > out 2> err &
    pid=$!
    wait_for_line out "^1: first$" "$pid"
    has out "^1: first$"
    kill -TERM "$pid"
    wait "$pid"
    status=$?
    cat out err
    [ "$status" -eq 143 ] || fail "vmsim after SIGTERM: status $status, expected 143"
    has err "stopped by SIGTERM"
    ;;
disk-write)
    # A program writes a file to a persistent image; the host reads it back afterwards.
    cp "$(dirname "$vmsim")/os/rootfs.img" disk.img
    run 0 --disk disk.img "$user/file_writer.elf" /tmp/note.txt alpha beta
    has out "^file_writer: wrote /tmp/note.txt$"
    "$fs" get disk.img /tmp/note.txt note.txt || fail "vmsim-fs get"
    printf 'alpha\nbeta\n' | cmp -s - note.txt || fail "note.txt holds '$(cat note.txt)'"
    "$fs" check disk.img || fail "vmsim-fs check after the run"
    "$fs" ls disk.img /bin | grep -qx file_writer || fail "file_writer is not in /bin"
    ;;
swap)
    # A swap area made with vmsim-fs swap after the file system of a --disk image: a
    # working set three times RAM runs on it. A damaged swap header (a wrong checksum, no
    # signature) is reported on the console, the kernel boots without swap and the file
    # system is untouched. A replacement policy or swap size the kernel does not have is
    # refused before booting.
    cp "$(dirname "$vmsim")/os/rootfs.img" disk.img
    fs_end=$(stat -c %s disk.img)
    "$fs" swap disk.img 24 || fail "vmsim-fs swap"
    [ "$(stat -c %s disk.img)" -eq $((fs_end + 4096 + 24 * 1024 * 1024)) ] || fail "disk.img has the wrong size"
    run 0 --memory 8 --disk disk.img "$user/usertests.elf" swap_keeps_a_working_set_three_times_ram
    has out "^usertests: ALL 1 TESTS PASSED$"
    # A slot count changed behind the checksum's back (byte 8 of the header).
    printf '\377' | dd of=disk.img bs=1 seek=$((fs_end + 8)) conv=notrunc 2>/dev/null || fail "dd"
    run 0 --disk disk.img "$user/hello.elf" after
    has out "^swap: the swap area after the file system is damaged \(header checksum wrong\); running without swap$"
    has out "^hello from pid [0-9]+: .*hello after$"
    printf 'XXXX' | dd of=disk.img bs=1 seek="$fs_end" conv=notrunc 2>/dev/null || fail "dd"
    run 0 --disk disk.img "$user/hello.elf" after
    has out "^swap: the swap area after the file system is damaged \(no swap signature\); running without swap$"
    has out "^hello from pid [0-9]+: .*hello after$"
    "$fs" check disk.img || fail "vmsim-fs check after booting with a damaged swap area"
    run 64 --append evict=lfu "$user/hello.elf"
    has err "kernel option evict wants clock\|fifo\|lru\|random, not 'lfu'"
    one_error_line
    run 64 --append swap=300 "$user/hello.elf"
    has err "kernel option swap wants 0..256, not '300'"
    one_error_line
    "$fs" swap disk.img 300 > out 2> err
    [ $? -eq 64 ] || fail "vmsim-fs swap disk.img 300 did not exit 64"
    one_error_line
    ;;
sigterm-write)
    # SIGTERM in the middle of a long write: the image must still pass the check.
    cp "$(dirname "$vmsim")/os/rootfs.img" disk.img
    "$vmsim" $LIMIT --disk disk.img "$user/big_writer.elf" /tmp/big < /dev/null > out 2> err &
    pid=$!
    wait_for_line out "KiB$" "$pid" || fail "big_writer never reported progress"
    kill -TERM "$pid"
    wait "$pid"
    status=$?
    tail -3 out
    cat err
    [ "$status" -eq 143 ] || fail "vmsim after SIGTERM: status $status, expected 143"
    "$fs" check disk.img || fail "the image fails the check after SIGTERM"
    "$fs" ls disk.img /tmp -l
    ;;
*)
    echo "os_boot.sh: unknown case '$case_name'" >&2
    exit 2
    ;;
esac
no_temporary_left
[ "$failures" -eq 0 ] || { echo "$failures failures" >&2; exit 1; }
echo "os_boot.sh $case_name: passed"
