# Sourced by the benchmarks that run a guest OS program (fork_cow.sh, swap_throughput.sh):
# their common arguments and files.
#
#   guest_os_bench_setup NAME PROGRAM [BUILD_DIR [MIB]]
#
# sets build (default ./build), mib (default 8), vmsim, program (BUILD_DIR/os/user/
# PROGRAM.elf) and scratch (a temporary file, removed when the script exits); exits 2 with
# one line naming NAME when vmsim or the program is not built.
guest_os_bench_setup() {
    _name=$1 _program=$2
    shift 2
    build=${1:-build}
    mib=${2:-8}
    vmsim=$build/vmsim
    program=$build/os/user/$_program.elf
    if [ ! -x "$vmsim" ] || [ ! -f "$program" ]; then
        echo "$_name: build vmsim and the guest OS first ($build)" >&2
        exit 2
    fi
    scratch=$(mktemp "${TMPDIR:-/tmp}/vmsim-$_name.XXXXXX")
    trap 'rm -f "$scratch"' EXIT
}
