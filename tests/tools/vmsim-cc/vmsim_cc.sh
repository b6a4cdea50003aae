#!/bin/sh
# vmsim_cc.sh VMSIM_CC VMSIM SOURCE: the documented first-program command works: a plain
# C file with standard headers builds with vmsim-cc and runs with `vmsim hello.elf`.
set -eu
cc=$1 vmsim=$2 source=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cc" "$source" -o "$dir/hello.elf"
set +e
"$vmsim" --headless "$dir/hello.elf" you >"$dir/out" 2>&1
status=$?
set -e
cat "$dir/out"
[ $status -eq 2 ] || { echo "vmsim_cc: status $status, expected 2" >&2; exit 1; }
grep -qx "hello, you (2 args)" "$dir/out"
grep -qx "bye from atexit" "$dir/out"
# A compile error is reported, with a failing status, not a broken binary.
printf 'int main(void) { return undeclared; }\n' >"$dir/bad.c"
if "$cc" "$dir/bad.c" -o "$dir/bad.elf" 2>"$dir/err"; then
    echo "vmsim_cc: a bad program compiled" >&2
    exit 1
fi
grep -q "undeclared" "$dir/err"
echo "vmsim_cc: ok"
