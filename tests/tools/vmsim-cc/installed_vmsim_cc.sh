#!/bin/sh
# installed_vmsim_cc.sh CMAKE BUILD_DIR SOURCE: `cmake --install` puts vmsim-cc with its
# headers and libraries into a prefix, and the installed vmsim-cc builds a program (here
# one with <math.h>, <pthread.h> and <vmsim.h>) that the installed vmsim runs; the
# installed vmsim-cc names nothing in the build tree.
set -eu
cmake=$1 build=$2 source=$3
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
"$cmake" --install "$build" --prefix "$prefix/usr" >"$prefix/install.log"
for file in bin/vmsim-cc lib/vmsim/crt0.o lib/vmsim/libvmsim.a lib/vmsim/user.ld \
            include/vmsim/vmsim.h include/vmsim/pthread.h include/vmsim/sys/signal.h \
            include/vmsim/os/abi/syscalls.h; do
    [ -e "$prefix/usr/$file" ] || { echo "installed: $file is missing" >&2; exit 1; }
done
if grep -q "$build" "$prefix/usr/bin/vmsim-cc"; then
    echo "installed: vmsim-cc still names the build tree" >&2
    exit 1
fi
cd "$prefix"
"$prefix/usr/bin/vmsim-cc" -Wall -Werror "$source" -o program.elf
"$prefix/usr/bin/vmsim-cc" -c "$source" -o program.o
[ -s program.o ] || { echo "installed: vmsim-cc -c made no object" >&2; exit 1; }
"$prefix/usr/bin/vmsim" --headless program.elf 3 >out 2>&1 || { cat out; exit 1; }
cat out
grep -qx "sqrt(3) = 1.732051 from thread 1, pid 2" out
echo "installed_vmsim_cc: ok"
