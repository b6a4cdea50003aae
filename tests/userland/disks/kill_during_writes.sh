#!/bin/sh
# kill_during_writes.sh VMSIM VMSIM_FS ROOTFS ACKWRITER_ELF
# SIGKILL at random moments while vmsim and vmsim-fs write a disk image: in vmsim's
# start-up (the program going into the image, the kernel booting and replaying its log),
# in the middle of the guest's writes, and in vmsim-fs put. After every kill the image must
# pass vmsim-fs check, hold every operation the guest acknowledged (ackwriter.c) and not
# one it acknowledged removing, and hold a host file put in whole or not at all.
#
# Rounds: $VMSIM_KILL_ROUNDS (default 4, for CI; the long run in docs/reliability.md used
# 60). Kill moments come from $VMSIM_KILL_SEED (default: a new one each run, printed so
# that a failing run can be repeated).
set -u
vmsim=$1 fs=$2 rootfs=$3 ackwriter=$4
rounds=${VMSIM_KILL_ROUNDS:-4}
seed=${VMSIM_KILL_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
ops=24
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "kill_during_writes: round $round: $*" >&2; echo "(VMSIM_KILL_SEED=$seed)" >&2; exit 1; }
echo "kill_during_writes: $rounds rounds, VMSIM_KILL_SEED=$seed"

# Random numbers from the seed, one a line, each below 1000.
awk -v seed="$seed" -v n=$((rounds * 4)) 'BEGIN { srand(seed); for (i = 0; i < n; i++) print int(rand() * 1000) }' >"$dir/random"
random_line=0
next_random() {
    random_line=$((random_line + 1))
    random=$(sed -n "${random_line}p" "$dir/random")
}
# sleep_ms N: sleeps N milliseconds.
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

cp "$rootfs" "$dir/disk.img"
: >"$dir/present"   # acknowledged files, one name a line
: >"$dir/removed"   # acknowledged removals
head -c 3000 /dev/urandom >"$dir/small"
startup_kills=0 workload_kills=0 finished=0 fs_kills=0

check_image() {
    "$fs" check "$dir/disk.img" >"$dir/check" 2>&1 || { cat "$dir/check"; fail "vmsim-fs check refused the image"; }
    "$fs" ls "$dir/disk.img" /k >"$dir/listing" 2>/dev/null || : >"$dir/listing"
    while read -r name; do
        grep -qx "$name" "$dir/listing" || fail "acknowledged file /k/$name is missing"
    done <"$dir/present"
    while read -r name; do
        ! grep -qx "$name" "$dir/listing" || fail "/k/$name was acknowledged removed but is there"
    done <"$dir/removed"
}

# expected NAME: what ackwriter wrote into NAME.
expected() {
    awk -v name="$1" 'BEGIN { used = 0; while (used + length(name) + 1 <= 1500) { print name; used += length(name) + 1 } }'
}

round=1
while [ "$round" -le "$rounds" ]; do
    # A program that differs from the last round's (trailing bytes an ELF loader ignores),
    # so that vmsim writes it into the image during start-up every time.
    cp "$ackwriter" "$dir/ackwriter.elf"
    printf 'round %d' "$round" >>"$dir/ackwriter.elf"
    "$vmsim" --headless --max-instructions 4000M --disk "$dir/disk.img" "$dir/ackwriter.elf" /k "$round" "$ops" \
        >"$dir/out" 2>"$dir/err" </dev/null &
    pid=$!
    next_random
    if [ $((round % 2)) -eq 1 ]; then
        # In start-up: anywhere in the first 1.5 s.
        sleep_ms $((random * 3 / 2))
    else
        # In the writes: once a random number of operations is acknowledged.
        wanted=$((1 + random % (ops - 1)))
        until [ "$(grep -c '^ack create' "$dir/out")" -ge "$wanted" ] || ! kill -0 "$pid" 2>/dev/null; do
            sleep 0.01
        done
    fi
    kill -KILL "$pid" 2>/dev/null
    wait "$pid"
    status=$?
    acks=$(grep -c '^ack ' "$dir/out")
    if [ "$status" -eq 137 ]; then
        if [ "$acks" -eq 0 ]; then startup_kills=$((startup_kills + 1)); else workload_kills=$((workload_kills + 1)); fi
    elif [ "$status" -eq 0 ] && grep -q "round $round done" "$dir/out"; then
        finished=$((finished + 1))
    else
        cat "$dir/out" "$dir/err"
        fail "vmsim exited with $status (not killed, not done)"
    fi
    echo "round $round: status $status, $acks acknowledgements"
    sed -n 's/^ack create //p' "$dir/out" >>"$dir/present"
    sed -n 's/^ack remove //p' "$dir/out" >"$dir/now-removed"
    # A removal this round did not acknowledge may still have happened: its
    # acknowledgement, or the ones before it, had not reached the host yet. Such a file
    # (rR-j, removed after operation j + 2) may be there or not; what the image holds now
    # is what must hold from here on.
    "$fs" ls "$dir/disk.img" /k >"$dir/listing" 2>/dev/null || : >"$dir/listing"
    for name in $(sed -n 's/^ack create //p' "$dir/out"); do
        j=${name#r*-}
        if [ $(((j + 2) % 4)) -eq 0 ] && [ $((j + 2)) -le "$ops" ] && ! grep -qx "$name" "$dir/now-removed" &&
            ! grep -qx "$name" "$dir/listing"; then
            echo "$name" >>"$dir/now-removed"
        fi
    done
    grep -vxF -f "$dir/now-removed" "$dir/present" >"$dir/still" || :
    mv "$dir/still" "$dir/present"
    cat "$dir/now-removed" >>"$dir/removed"
    check_image
    # The contents of this round's acknowledged files.
    for name in $(sed -n 's/^ack create //p' "$dir/out"); do
        grep -qx "$name" "$dir/present" || continue
        expected "$name" >"$dir/want"
        "$fs" get "$dir/disk.img" "/k/$name" >"$dir/got" 2>&1 || fail "vmsim-fs get /k/$name: $(cat "$dir/got")"
        cmp -s "$dir/want" "$dir/got" || fail "/k/$name does not hold what was acknowledged"
    done

    # vmsim-fs put, killed at a random moment: the file is there whole, or not at all.
    next_random
    "$fs" put "$dir/disk.img" "$dir/small" "/host/f$round" >/dev/null 2>&1 &
    fs_pid=$!
    sleep_ms $((random / 10))
    kill -KILL "$fs_pid" 2>/dev/null && fs_kills=$((fs_kills + 1))
    wait "$fs_pid"
    check_image
    if "$fs" get "$dir/disk.img" "/host/f$round" >"$dir/got" 2>/dev/null; then
        cmp -s "$dir/small" "$dir/got" || fail "vmsim-fs put, killed, left /host/f$round partly written"
    fi
    round=$((round + 1))
done
echo "kill_during_writes: $rounds rounds: vmsim killed $startup_kills times in start-up (no acknowledgement yet), $workload_kills times in the writes, $finished runs finished first; vmsim-fs put killed $fs_kills times"
echo "kill_during_writes: $(wc -l <"$dir/present") acknowledged files present, $(wc -l <"$dir/removed") acknowledged removals absent: ok"
