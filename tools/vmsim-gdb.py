# gdb helper for vmsim's gdb stub (tools/vmsim-gdb loads it; by hand: source this file).
#
# A breakpoint on a user address stops only in one process's address space. Which one
# is clear in gdb, not in the remote protocol (gdb takes breakpoints out at every stop
# and puts them back at every resume, in whichever thread it likes): the process
# selected when you create the breakpoint, or thread N of `break LOCATION thread N`.
# This tells vmsim so each time a breakpoint is created (docs/debugging.md).
import gdb


def _thread_for(breakpoint):
    if breakpoint.thread:
        for thread in gdb.selected_inferior().threads():
            if thread.global_num == breakpoint.thread:
                return thread
        return None
    return gdb.selected_thread()


def _bind(breakpoint):
    if breakpoint.type not in (gdb.BP_BREAKPOINT, gdb.BP_HARDWARE_BREAKPOINT):
        return
    try:
        thread = _thread_for(breakpoint)
        locations = breakpoint.locations
    except (AttributeError, RuntimeError, gdb.error):
        return
    if thread is None:
        return
    remote_id = thread.ptid[1]  # the stub's thread id
    for location in locations:
        if location.address is None:
            continue
        try:
            gdb.execute("monitor bind-breakpoint %#x %#x" % (location.address, remote_id), to_string=True)
        except gdb.error:
            pass  # not connected to vmsim, or the target runs


gdb.events.breakpoint_created.connect(_bind)
